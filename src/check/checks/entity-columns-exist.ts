import { defineCheck } from '../check.js';

/** Entity mappings must name columns that the query outputs; Sentinel rejects the rule otherwise. */
export default defineCheck({
  id: 'entity-columns-exist',
  code: 'entityColumnMissing',
  appliesTo: ['hunting', 'analytic'],
  check(item, resolved, report) {
    if (item.kind === 'parser') return;
    const columns = resolved.analysis(item).columns;
    if (!columns) return; // the query itself is wrong; kql-diagnostics says so
    const names = new Set(columns.map((c) => c.name));
    (item.doc.entityMappings ?? []).forEach((mapping, m) => {
      mapping.fieldMappings.forEach((field, f) => {
        if (!names.has(field.columnName)) {
          report({
            at: { path: ['entityMappings', m, 'fieldMappings', f, 'columnName'] },
            message: `entity ${mapping.entityType}.${field.identifier}: column '${field.columnName}' is not in the query output (${[...names].join(', ')})`,
          });
        }
      });
    });
  },
});
