import path from 'node:path';
import { stringify } from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from './source-file.js';
import { workbookFromSource } from './workbooks.js';
import { YamlSource } from './yaml-source.js';

/**
 * A gallery JSON workbook (`Notebook/1.0`, as exported from the portal) in kqlc's YAML form: queries as
 * `query: |` blocks, what kqlc does not model kept under `gallery`, so building it gives the workbook
 * back. `file` names the input in diagnostics. Never throws on bad input.
 */
export function importWorkbook(
  text: string,
  file: string,
  /** What the gallery JSON does not hold, from the workbook resource (kqlc import). */
  options: { id?: string; title?: string; description?: string; version?: string; category?: string } = {},
): { yaml?: string; diagnostics: Diagnostic[] } {
  const parsed = YamlSource.parse(new SourceFile(file, text));
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const source = parsed.source;
  const value = source.value as { version?: unknown } | null;
  if (!value || typeof value !== 'object' || value.version !== 'Notebook/1.0') {
    return {
      diagnostics: [
        diagnostic(
          'workbookInvalid',
          "not a gallery workbook: expected a JSON object with version 'Notebook/1.0'",
          {
            file,
            ...source.span(['version']),
          },
        ),
      ],
    };
  }
  const { item, diagnostics } = workbookFromSource(source);
  if (!item || diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  const doc = {
    ...item.doc,
    id: options.id ?? item.doc.id,
    title: options.title ?? path.basename(file).replace(/\.json$/i, ''),
    ...(options.description ? { description: options.description } : {}),
    ...(options.version ? { version: options.version } : {}),
    ...(options.category ? { category: options.category } : {}),
  };
  const yaml = stringify(doc, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
  return { yaml, diagnostics };
}
