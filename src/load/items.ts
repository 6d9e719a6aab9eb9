import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { normaliseType } from '../kql/types.js';
import type { FunctionParameterDef } from '../kql/world.js';
import { type AnalyticRuleDoc, AnalyticRuleSchema } from '../model/analytic-rule.js';
import type { ContentItem, ContentKind, EmbeddedQuery } from '../model/content.js';
import { type HuntingQueryDoc, HuntingQuerySchema } from '../model/hunting-query.js';
import { type ParserDoc, ParserSchema } from '../model/parser.js';
import { kqlLiteral } from './kql-literal.js';
import { validateAgainst } from './validate.js';
import type { YamlSource } from './yaml-source.js';

const SCHEMAS = { parser: ParserSchema, hunting: HuntingQuerySchema, analytic: AnalyticRuleSchema };

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
  const contentId = typeof value.id === 'string' ? value.id : undefined;
  const diagnostics = validateAgainst(SCHEMAS[kind], source, contentId);
  if (diagnostics.length) return { diagnostics };
  const query = embeddedQuery(source);
  const common = { source, query, tests: [] };
  switch (kind) {
    case 'analytic': {
      const doc = value as AnalyticRuleDoc;
      return { item: { kind, id: doc.id, name: doc.name, doc, ...common }, diagnostics };
    }
    case 'hunting': {
      const doc = value as HuntingQueryDoc;
      return { item: { kind, id: doc.id, name: doc.name, doc, ...common }, diagnostics };
    }
    case 'parser': {
      const doc = value as ParserDoc;
      const parameters: FunctionParameterDef[] = [];
      (doc.parameters ?? []).forEach((p, i) => {
        const type = normaliseType(p.type);
        const at = { file, contentId: doc.id };
        if (!type) {
          diagnostics.push(
            diagnostic('schemaViolation', `parameter '${p.name}': '${p.type}' is not a KQL type`, {
              ...at,
              ...source.span(['parameters', i, 'type']),
            }),
          );
          return;
        }
        const param: FunctionParameterDef = { name: p.name, type };
        if (p.default !== undefined) {
          try {
            param.default = kqlLiteral(p.default, type);
          } catch (e) {
            diagnostics.push(
              diagnostic('schemaViolation', `parameter '${p.name}' default: ${(e as Error).message}`, {
                ...at,
                ...source.span(['parameters', i, 'default']),
              }),
            );
          }
        }
        parameters.push(param);
      });
      const item: ContentItem = {
        kind,
        id: doc.id,
        name: doc.name,
        functionName: doc.name,
        title: doc.title ?? doc.name,
        description: doc.description ?? '',
        category: doc.category ?? 'kqlc',
        version: doc.version,
        parameters,
        ...common,
      };
      return { item, diagnostics };
    }
  }
}

function embeddedQuery(source: YamlSource): EmbeddedQuery {
  const text = (source.value as { query: string }).query;
  const offsets = source.scalarOffsets(['query']);
  const fallback = source.node(['query'])?.range?.[0] ?? 0;
  return { text, fileOffset: offsets ?? (() => fallback) };
}
