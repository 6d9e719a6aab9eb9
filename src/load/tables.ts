import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { normaliseType } from '../kql/types.js';
import type { ColumnDef } from '../kql/world.js';
import type { DeclaredTable } from '../model/content.js';
import { type TableSchemaDoc, TableSchemaSchema } from '../model/table-schema.js';
import { validateAgainst } from './validate.js';
import type { YamlSource } from './yaml-source.js';

/** A table schema file (content/tables/*.yaml) → a declared table, or diagnostics. */
export function tableFromSource(source: YamlSource): { table?: DeclaredTable; diagnostics: Diagnostic[] } {
  const diagnostics = validateAgainst(TableSchemaSchema, source);
  if (diagnostics.length) return { diagnostics };
  const doc = source.value as TableSchemaDoc;
  const columns: ColumnDef[] = [];
  const seen = new Set<string>();
  doc.columns.forEach((c, i) => {
    const type = normaliseType(c.type);
    const file = source.file.path;
    if (!type) {
      const at = source.span(['columns', i, 'type']);
      diagnostics.push(
        diagnostic('schemaViolation', `column '${c.name}': '${c.type}' is not a KQL type`, { file, ...at }),
      );
      return;
    }
    if (seen.has(c.name)) {
      const at = source.span(['columns', i, 'name']);
      diagnostics.push(
        diagnostic('schemaViolation', `column '${c.name}' is declared twice`, { file, ...at }),
      );
      return;
    }
    seen.add(c.name);
    columns.push({ name: c.name, type });
  });
  return { table: { name: doc.name, columns, file: source.file }, diagnostics };
}
