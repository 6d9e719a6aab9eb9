/** Literal expressions, read from their token text so datetimes, timespans and longs keep full precision. */
import { type KqlType, normaliseType } from '../../kql/types.js';
import { normLong, toDynamic } from '../values/convert.js';
import { type Dyn, type DynBag, parseJsonText, setKey } from '../values/dynamic.js';
import { parseDateTime, parseTimespan } from '../values/ticks.js';
import type { CompileContext } from './context.js';
import { elements, kindOf, type Node, tokenText, typeOf } from './node.js';

/** `datetime(2020-01-01)` → `2020-01-01`; `1d` stays `1d`. */
function inner(text: string): string {
  const m = /^\s*[A-Za-z]+\s*\(([\s\S]*)\)\s*$/.exec(text);
  const t = (m ? m[1] : text).trim();
  return /^@?["']/.test(t) ? decodeStringToken(t) : t;
}

const LITERAL_KINDS = new Set([
  'BooleanLiteralExpression',
  'IntLiteralExpression',
  'LongLiteralExpression',
  'RealLiteralExpression',
  'DecimalLiteralExpression',
  'DateTimeLiteralExpression',
  'TimespanLiteralExpression',
  'GuidLiteralExpression',
  'StringLiteralExpression',
  'CompoundStringLiteralExpression',
  'NullLiteralExpression',
  'DynamicExpression',
  'TokenLiteralExpression',
  'TypeOfLiteralExpression',
]);

export function isLiteralKind(kind: string): boolean {
  return LITERAL_KINDS.has(kind);
}

function realOf(text: string): number | null {
  const t = text.toLowerCase();
  if (t === 'null') return null;
  if (t === 'nan') return Number.NaN;
  if (t === '+inf' || t === 'inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const n = Number(t);
  return Number.isNaN(n) ? null : n;
}

/** The value of a literal expression and its type. */
export function literalValue(node: Node, ctx: CompileContext): { value: unknown; type: KqlType } {
  const kind = kindOf(node);
  const text = tokenText(node);
  switch (kind) {
    case 'StringLiteralExpression':
    case 'CompoundStringLiteralExpression':
      return { value: String(node.LiteralValue ?? ''), type: 'string' };
    case 'BooleanLiteralExpression': {
      const t = inner(text).toLowerCase();
      return { value: t === 'null' ? null : t === 'true', type: 'bool' };
    }
    case 'IntLiteralExpression':
    case 'LongLiteralExpression': {
      const t = inner(text);
      const type: KqlType = kind === 'IntLiteralExpression' ? 'int' : 'long';
      if (t.toLowerCase() === 'null') return { value: null, type };
      const v = /^0x/i.test(t)
        ? BigInt(t)
        : /^[+-]?\d+$/.test(t)
          ? BigInt(t)
          : BigInt(String(node.LiteralValue));
      return { value: type === 'int' ? Number(BigInt.asIntN(32, v)) : normLong(v), type };
    }
    case 'RealLiteralExpression':
    case 'DecimalLiteralExpression':
      return { value: realOf(inner(text)), type: kind === 'RealLiteralExpression' ? 'real' : 'decimal' };
    case 'DateTimeLiteralExpression': {
      const t = inner(text);
      if (t.toLowerCase() === 'null') return { value: null, type: 'datetime' };
      const v = parseDateTime(t);
      if (v === null) ctx.unsupported(`datetime literal ${text}`, node);
      return { value: v, type: 'datetime' };
    }
    case 'TimespanLiteralExpression': {
      const t = /^\s*(timespan|time)\s*\(/i.test(text) ? inner(text) : text.trim();
      if (t.toLowerCase() === 'null') return { value: null, type: 'timespan' };
      const v = parseTimespan(t);
      if (v === null) ctx.unsupported(`timespan literal ${text}`, node);
      return { value: v, type: 'timespan' };
    }
    case 'GuidLiteralExpression': {
      const t = inner(text);
      return { value: t.toLowerCase() === 'null' ? null : t.toLowerCase(), type: 'guid' };
    }
    case 'NullLiteralExpression':
      return { value: null, type: typeOf(node) };
    case 'DynamicExpression':
      return { value: dynamicFromSyntax(node.Expression, ctx), type: 'dynamic' };
    case 'TokenLiteralExpression':
      return { value: text, type: 'string' };
    case 'TypeOfLiteralExpression':
      return { value: normaliseType(String(node.ReferencedSymbol?.Name ?? '')) ?? 'dynamic', type: 'string' };
  }
  return ctx.unsupported(`literal ${kind}`, node);
}

/** A KQL string token's value: "…" and '…' with backslash escapes, @"…" verbatim. */
export function decodeStringToken(text: string): string {
  const t = text.trim();
  if (t.startsWith('@')) return t.slice(2, -1).replace(/""/g, '"').replace(/''/g, "'");
  const body = t.slice(1, -1);
  if (t.startsWith('"')) {
    try {
      return JSON.parse(`"${body.replace(/\\'/g, "'")}"`) as string;
    } catch {
      return body;
    }
  }
  return body.replace(/\\(.)/g, (_m, ch: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[ch] ?? ch);
}

/** The value of `dynamic(…)` built from its syntax (JSON or KQL literals, single quotes allowed). */
function dynamicFromSyntax(node: Node, ctx: CompileContext): Dyn {
  if (!node) return null;
  switch (kindOf(node)) {
    case 'JsonObjectExpression': {
      const bag: DynBag = {};
      for (const pair of elements(node.Pairs))
        setKey(bag, decodeStringToken(String(pair.Name.Text)), dynamicFromSyntax(pair.Value, ctx));
      return bag;
    }
    case 'JsonArrayExpression':
      return elements(node.Values).map((v: Node) => dynamicFromSyntax(v, ctx));
    case 'NullLiteralExpression':
      return null;
  }
  const { value, type } = literalValue(node, ctx);
  if (type === 'string' && kindOf(node) === 'TokenLiteralExpression') {
    try {
      return parseJsonText(String(value));
    } catch {
      return String(value);
    }
  }
  return toDynamic(value, type);
}
