import type { CheckDefinition } from './check.js';
import entityColumnsExist from './checks/entity-columns-exist.js';
import idIsGuid from './checks/id-is-guid.js';
import idUnique from './checks/id-unique.js';
import kqlDiagnostics from './checks/kql-diagnostics.js';
import queryReturnsTable from './checks/query-returns-table.js';

/** Every check, in the order its findings are most useful to read. */
export const checks: readonly CheckDefinition[] = [
  kqlDiagnostics,
  queryReturnsTable,
  entityColumnsExist,
  idIsGuid,
  idUnique,
];
