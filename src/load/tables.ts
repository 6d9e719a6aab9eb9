import path from 'node:path';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type KqlType, normaliseType } from '../kql/types.js';
import type { ColumnDef } from '../kql/world.js';
import type { DeclaredTable } from '../model/content.js';
import { GETSCHEMA_CSV_COLUMNS, type TableSchemaDoc, TableSchemaSchema } from '../model/table-schema.js';
import { parseCsv } from './csv.js';
import type { SourceFile } from './source-file.js';
import { validateAgainst } from './validate.js';
import type { Span, YamlSource } from './yaml-source.js';

/** .NET type names that `getschema` and the CustomTables files use and `normaliseType` does not know. */
const DOTNET_TYPES: Record<string, KqlType> = {
  sbyte: 'bool',
  object: 'dynamic',
  single: 'real',
  int16: 'int',
  byte: 'int',
  'data.sqltypes.sqldecimal': 'decimal',
  sqldecimal: 'decimal',
};

/** A type name as the formats write it (`string`, `Int64`, `System.DateTime`, `System.SByte`) → KQL. */
export function tableColumnType(name: string): KqlType | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^system\./, '');
  return normaliseType(name) ?? DOTNET_TYPES[n];
}

/** A table schema file (content/tables/*.yaml) → a declared table, or diagnostics. */
export function tableFromSource(source: YamlSource): { table?: DeclaredTable; diagnostics: Diagnostic[] } {
  const diagnostics = validateAgainst(TableSchemaSchema, source);
  if (diagnostics.length) return { diagnostics };
  const doc = source.value as TableSchemaDoc;
  const builder = new ColumnsBuilder(source.file.path, diagnostics);
  doc.columns.forEach((c, i) => {
    builder.add(c.name, c.type, source.span(['columns', i, 'type']), source.span(['columns', i, 'name']));
  });
  return { table: { name: doc.name, columns: builder.columns, file: source.file }, diagnostics };
}

/**
 * An Azure-Sentinel CustomTables JSON file (`{ "Name": "T", "Properties": [{ "Name", "Type" }] }`) → a
 * declared table. Keys and type names are case-insensitive, as the repository's own validator reads them.
 */
export function tableFromCustomTableJson(source: YamlSource): {
  table?: DeclaredTable;
  diagnostics: Diagnostic[];
} {
  const file = source.file.path;
  const diagnostics: Diagnostic[] = [];
  const fail = (message: string, at: Span) => {
    diagnostics.push(diagnostic('schemaViolation', message, { file, ...at }));
    return { diagnostics };
  };
  const root = source.doc.contents;
  if (!isMap(root))
    return fail('a CustomTables file must be a JSON object with Name and Properties', source.span([]));
  const name = field(root, 'name');
  const properties = field(root, 'properties');
  if (!isScalar(name?.value) || typeof name.value.value !== 'string')
    return fail("document: must have a string property 'Name'", spanOf(source, name?.value ?? root));
  const tableName = name.value.value;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tableName))
    return fail(`Name: '${tableName}' is not a table name`, spanOf(source, name.value));
  if (!isSeq(properties?.value) || properties.value.items.length === 0)
    return fail(
      "document: must have a non-empty array 'Properties'",
      spanOf(source, properties?.value ?? root),
    );
  const builder = new ColumnsBuilder(file, diagnostics);
  for (const item of properties.value.items) {
    const entry = item as Node;
    if (!isMap(entry)) {
      fail('Properties: each entry must be an object with Name and Type', spanOf(source, entry));
      continue;
    }
    const col = field(entry, 'name');
    const type = field(entry, 'type');
    if (!isScalar(col?.value) || typeof col.value.value !== 'string' || col.value.value === '') {
      fail("Properties: an entry must have a string 'Name'", spanOf(source, col?.value ?? entry));
      continue;
    }
    if (!isScalar(type?.value) || typeof type.value.value !== 'string') {
      fail(`column '${col.value.value}': must have a string 'Type'`, spanOf(source, type?.value ?? entry));
      continue;
    }
    builder.add(col.value.value, type.value.value, spanOf(source, type.value), spanOf(source, col.value));
  }
  return { table: { name: tableName, columns: builder.columns, file: source.file }, diagnostics };
}

/**
 * `getschema` output saved as CSV (header ColumnName,ColumnOrdinal,DataType,ColumnType) → a declared
 * table named after the file: `CyberArk_AuditEvents_CL_Schema.csv` declares `CyberArk_AuditEvents_CL`.
 * The KQL ColumnType is used when present, else the .NET DataType.
 */
export function tableFromGetschemaCsv(file: SourceFile): {
  table?: DeclaredTable;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number) => ({ file: file.path, start: file.lines.position(offset) });
  const parsed = parseCsv(file.text);
  if (parsed.error) {
    diagnostics.push(diagnostic('csvInvalid', parsed.error.message, at(parsed.error.offset)));
    return { diagnostics };
  }
  const [header, ...rows] = parsed.records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  const expected = GETSCHEMA_CSV_COLUMNS.join(',');
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== expected.toLowerCase()) {
    diagnostics.push(
      diagnostic(
        'csvInvalid',
        `a getschema CSV must start with the header ${expected}; found ${header ? header.fields.join(',') : 'nothing'}`,
        at(0),
      ),
    );
    return { diagnostics };
  }
  const name = path
    .basename(file.path)
    .replace(/\.csv$/i, '')
    .replace(/_schema$/i, '');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    diagnostics.push(
      diagnostic(
        'csvInvalid',
        `the file name must be the table name (<Table>_Schema.csv); '${name}' is not one`,
        at(0),
      ),
    );
    return { diagnostics };
  }
  const builder = new ColumnsBuilder(file.path, diagnostics);
  for (const row of rows) {
    if (row.fields.length !== 4) {
      diagnostics.push(
        diagnostic('csvInvalid', `expected 4 fields, found ${row.fields.length}`, at(row.offsets[0])),
      );
      continue;
    }
    const [column, ordinal, dataType, columnType] = row.fields;
    if (!/^\d+$/.test(ordinal.trim())) {
      diagnostics.push(
        diagnostic('csvInvalid', `ColumnOrdinal '${ordinal}' is not a number`, at(row.offsets[1])),
      );
      continue;
    }
    const useKql = columnType.trim() !== '';
    const typeOffset = row.offsets[useKql ? 3 : 2];
    const span = { start: file.lines.position(typeOffset), end: file.lines.position(typeOffset) };
    const nameSpan = { start: file.lines.position(row.offsets[0]), end: file.lines.position(row.offsets[0]) };
    builder.add(column, useKql ? columnType : dataType, span, nameSpan);
  }
  return { table: { name, columns: builder.columns, file }, diagnostics };
}

/** Collects columns, reporting unknown types and repeated names. */
class ColumnsBuilder {
  readonly columns: ColumnDef[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  add(name: string, typeName: string, typeSpan: Span, nameSpan: Span): void {
    const type = tableColumnType(typeName);
    if (!type) {
      this.diagnostics.push(
        diagnostic('schemaViolation', `column '${name}': '${typeName}' is not a KQL type`, {
          file: this.file,
          ...typeSpan,
        }),
      );
      return;
    }
    if (this.seen.has(name)) {
      this.diagnostics.push(
        diagnostic('schemaViolation', `column '${name}' is declared twice`, { file: this.file, ...nameSpan }),
      );
      return;
    }
    this.seen.add(name);
    this.columns.push({ name, type });
  }
}

function field(map: Node, key: string) {
  if (!isMap(map)) return undefined;
  return map.items.find(
    (p) => isScalar(p.key) && typeof p.key.value === 'string' && p.key.value.toLowerCase() === key,
  ) as { key: Node; value: Node | null } | undefined;
}

function spanOf(source: YamlSource, node: Node | null | undefined): Span {
  return node?.range ? source.spanOf(node.range[0], node.range[1]) : source.span([]);
}
