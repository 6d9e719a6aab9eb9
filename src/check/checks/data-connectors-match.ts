import { codes } from '../../diagnostics/codes.js';
import { tablesRead } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

/** `OfficeActivity (Teams)` → `OfficeActivity`: Azure-Sentinel qualifies a data type with its workload. */
export function dataTypeTable(dataType: string): string {
  return dataType.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

/** Tables Sentinel fills itself rather than a data connector. */
const NO_CONNECTOR = new Set(['watchlist']);

/**
 * `requiredDataConnectors[].dataTypes` agree with the tables the query reads (through parsers and
 * let-functions): a declared data type the query never reads is an error (Sentinel would ask for a
 * connector the rule does not need); a table read but not declared is a warning (the template would
 * look ready while its data is missing). `requiredDataConnectors: []` says no connector fills the
 * data (a custom table fed by a pipeline of our own), so nothing is checked; neither is a query whose
 * tables cannot all be named (`union *`, `table(x)` with x unknown) in the first direction.
 */
export default defineCheck({
  id: 'data-connectors-match',
  code: 'dataTypeNotRead',
  otherCodes: ['tableNotDeclared'],
  appliesTo: ['hunting', 'analytic'],
  check(item, resolved, report) {
    if (item.kind !== 'hunting' && item.kind !== 'analytic') return;
    const connectors = item.doc.requiredDataConnectors;
    if (!connectors || connectors.length === 0) return;
    const analysis = resolved.analysis(item);
    if (analysis.diagnostics.some((d) => d.severity === 'error')) return;
    const read = tablesRead(analysis.code);
    const readLower = new Set(read.tables.map((t) => t.toLowerCase()));
    const declared = new Set<string>();
    connectors.forEach((connector, c) => {
      (connector.dataTypes ?? []).forEach((dataType, d) => {
        const table = dataTypeTable(dataType);
        declared.add(table.toLowerCase());
        if (read.complete && !readLower.has(table.toLowerCase())) {
          report({
            at: { path: ['requiredDataConnectors', c, 'dataTypes', d] },
            message: `data type '${dataType}' (table ${table}) is not read by the query, which reads ${read.tables.join(', ') || 'no table'}`,
          });
        }
      });
    });
    const undeclared = read.tables.filter(
      (t) => !declared.has(t.toLowerCase()) && !NO_CONNECTOR.has(t.toLowerCase()),
    );
    if (undeclared.length > 0) {
      report({
        at: { path: ['requiredDataConnectors'], key: true },
        message: `the query reads ${undeclared.join(', ')}, which no requiredDataConnectors entry lists: add the connector and data type`,
        code: codes.tableNotDeclared.code,
        severity: codes.tableNotDeclared.severity,
      });
    }
  },
});
