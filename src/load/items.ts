import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type KqlType, normaliseType } from '../kql/types.js';
import type { FunctionParameterDef } from '../kql/world.js';
import { type AnalyticRuleDoc, AnalyticRuleSchema } from '../model/analytic-rule.js';
import type { ContentItem, ContentKind, EmbeddedQuery, ParserItem } from '../model/content.js';
import { type HuntingQueryDoc, HuntingQuerySchema } from '../model/hunting-query.js';
import {
  type AsimParserDoc,
  AsimParserSchema,
  type ParserDoc,
  ParserSchema,
  type SolutionParserDoc,
  SolutionParserSchema,
} from '../model/parser.js';
import { kqlLiteral } from './kql-literal.js';
import type { SourceFile } from './source-file.js';
import { stableGuid } from './stable-id.js';
import { validateAgainst } from './validate.js';
import { YamlSource } from './yaml-source.js';

const SCHEMAS = { hunting: HuntingQuerySchema, analytic: AnalyticRuleSchema };

/** A content file of a known kind → its item, or diagnostics when it does not fit the kind's schema. */
export function itemFromSource(
  source: YamlSource,
  kind: ContentKind,
): { item?: ContentItem; diagnostics: Diagnostic[] } {
  const file = source.file.path;
  const value = source.value as Record<string, unknown> | null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return {
      diagnostics: [
        diagnostic('notAnObject', 'a content file must be a YAML mapping', { file, ...source.span([]) }),
      ],
    };
  }
  if (kind === 'parser') return parserFromSource(source, value, []);
  if (kind === 'workbook') return { diagnostics: [] };
  const contentId = typeof value.id === 'string' ? value.id : undefined;
  const diagnostics = validateAgainst(SCHEMAS[kind], source, contentId);
  if (diagnostics.length) return { diagnostics };
  const common = () => ({ source, query: embeddedQuery(source), tests: [] });
  switch (kind) {
    case 'analytic': {
      const doc = value as AnalyticRuleDoc;
      return { item: { kind, id: doc.id, name: doc.name, doc, ...common() }, diagnostics };
    }
    case 'hunting': {
      const doc = value as HuntingQueryDoc;
      return { item: { kind, id: doc.id, name: doc.name, doc, ...common() }, diagnostics };
    }
  }
}

/**
 * A parser in any of its YAML forms, recognised from its keys: ASIM (`ParserName`, `ParserQuery`),
 * solution (`FunctionName`, `FunctionQuery`) or kqlc's own (`name`, `query`).
 */
function parserFromSource(
  source: YamlSource,
  value: Record<string, unknown>,
  diagnostics: Diagnostic[],
): { item?: ContentItem; diagnostics: Diagnostic[] } {
  if (formOf(value) === 'asim' || formOf(value) === 'solution') {
    const form = formOf(value) as 'asim' | 'solution';
    const found = validateAgainst(form === 'asim' ? AsimParserSchema : SolutionParserSchema, source);
    if (found.length) return { diagnostics: found };
    const asim = value as AsimParserDoc;
    const solution = value as SolutionParserDoc;
    const name = form === 'asim' ? asim.ParserName : (solution.FunctionAlias ?? solution.FunctionName);
    const id = typeof value.id === 'string' ? value.id : stableGuid(`parser:${name}`);
    const paramsKey = form === 'asim' ? 'ParserParams' : 'FunctionParams';
    const queryKey = form === 'asim' ? 'ParserQuery' : 'FunctionQuery';
    const titled = form === 'asim' ? asim.Parser : solution.Function;
    const params = (form === 'asim' ? asim.ParserParams : solution.FunctionParams) ?? [];
    const parameters = parametersOf(
      source,
      params.map((p) => ({ name: p.Name, type: p.Type, default: p.Default, hasDefault: 'Default' in p })),
      [paramsKey],
      { Type: 'Type', Default: 'Default' },
      id,
      diagnostics,
      true,
    );
    const item: ParserItem = {
      kind: 'parser',
      form,
      id,
      name,
      functionName: name,
      title: titled?.Title ?? name,
      description: (form === 'asim' ? asim.Description : solution.Description) ?? '',
      category: (form === 'solution' ? solution.Category : undefined) ?? (form === 'asim' ? 'ASIM' : 'kqlc'),
      version: titled?.Version === undefined ? undefined : String(titled.Version),
      parameters,
      source,
      query: embeddedQuery(source, queryKey),
      tests: [],
    };
    return { item, diagnostics };
  }
  const found = validateAgainst(ParserSchema, source, typeof value.id === 'string' ? value.id : undefined);
  if (found.length) return { diagnostics: found };
  const doc = value as ParserDoc;
  const parameters = parametersOf(
    source,
    (doc.parameters ?? []).map((p) => ({
      name: p.name,
      type: p.type,
      default: p.default,
      hasDefault: 'default' in p,
    })),
    ['parameters'],
    { Type: 'type', Default: 'default' },
    doc.id,
    diagnostics,
    false,
  );
  const item: ParserItem = {
    kind: 'parser',
    form: 'kqlc',
    id: doc.id,
    name: doc.name,
    functionName: doc.name,
    title: doc.title ?? doc.name,
    description: doc.description ?? '',
    category: doc.category ?? 'kqlc',
    version: doc.version,
    parameters,
    source,
    query: embeddedQuery(source, 'query'),
    tests: [],
  };
  return { item, diagnostics };
}

/** Which parser form a YAML mapping is written in, from its keys. */
export function formOf(value: Record<string, unknown>): 'asim' | 'solution' | 'kqlc' {
  if ('ParserName' in value || 'ParserQuery' in value) return 'asim';
  if ('FunctionName' in value || 'FunctionQuery' in value || 'FunctionAlias' in value) return 'solution';
  return 'kqlc';
}

/**
 * A legacy parser: a `.kql` or `.txt` file holding only the function body, as the Azure-Sentinel
 * repository's `Parsers/` folder long did. The alias is the file name (`Parsers/CiscoASA.txt` → CiscoASA).
 */
export function parserFromKqlFile(file: SourceFile): { item?: ContentItem; diagnostics: Diagnostic[] } {
  const name = path.basename(file.path).replace(/\.(kql|txt)$/i, '');
  const at = { file: file.path, start: { line: 1, column: 1 } };
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return {
      diagnostics: [
        diagnostic(
          'schemaViolation',
          `the file name must be the function alias; '${name}' is not a KQL name`,
          at,
        ),
      ],
    };
  }
  if (file.text.trim() === '') {
    return { diagnostics: [diagnostic('schemaViolation', 'the parser file is empty', at)] };
  }
  const item: ParserItem = {
    kind: 'parser',
    form: 'legacy',
    id: stableGuid(`parser:${name}`),
    name,
    functionName: name,
    title: name,
    description: '',
    category: 'kqlc',
    version: undefined,
    parameters: [],
    source: YamlSource.ofText(file, file.text),
    query: { text: file.text, fileOffset: (offset) => Math.max(0, Math.min(offset, file.text.length)) },
    tests: [],
  };
  return { item, diagnostics: [] };
}

/**
 * Parameters with their defaults rendered as KQL. In the Azure-Sentinel forms (`kqlText`), a default
 * that is already KQL (`datetime(null)`, `dynamic([])`, `'*'`) is kept as written.
 */
function parametersOf(
  source: YamlSource,
  params: { name: string; type: string; default: unknown; hasDefault: boolean }[],
  base: (string | number)[],
  keys: { Type: string; Default: string },
  contentId: string,
  diagnostics: Diagnostic[],
  kqlText: boolean,
): FunctionParameterDef[] {
  const file = source.file.path;
  const out: FunctionParameterDef[] = [];
  params.forEach((p, i) => {
    const type = normaliseType(p.type);
    const at = { file, contentId };
    if (!type) {
      diagnostics.push(
        diagnostic('schemaViolation', `parameter '${p.name}': '${p.type}' is not a KQL type`, {
          ...at,
          ...source.span([...base, i, keys.Type]),
        }),
      );
      return;
    }
    const param: FunctionParameterDef = { name: p.name, type };
    if (p.hasDefault && p.default !== undefined) {
      try {
        param.default = kqlText ? kqlDefault(p.default, type) : kqlLiteral(p.default, type);
      } catch (e) {
        diagnostics.push(
          diagnostic('schemaViolation', `parameter '${p.name}' default: ${(e as Error).message}`, {
            ...at,
            ...source.span([...base, i, keys.Default]),
          }),
        );
      }
    }
    out.push(param);
  });
  return out;
}

/** A default as the Azure-Sentinel forms write it: KQL text when it looks like KQL, else a YAML value. */
function kqlDefault(value: unknown, type: KqlType): string {
  if (typeof value === 'string') {
    const v = value.trim();
    if (/^[A-Za-z_][A-Za-z0-9_]*\s*\(.*\)$/s.test(v)) return v;
    if (/^(['"]).*\1$/s.test(v) && v.length >= 2) return v;
    if (type !== 'string' && /^-?\d+(\.\d+)?(d|h|m|s|ms)?$/.test(v)) return kqlLiteral(v, type);
  }
  return kqlLiteral(value, type);
}

function embeddedQuery(source: YamlSource, key = 'query'): EmbeddedQuery {
  const text = (source.value as Record<string, string>)[key];
  const offsets = source.scalarOffsets([key]);
  const fallback = source.node([key])?.range?.[0] ?? 0;
  return { text, fileOffset: offsets ?? (() => fallback) };
}
