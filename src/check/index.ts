import type { CheckDefinition } from './check.js';
import alertDetailsOverrideValid from './checks/alert-details-override-valid.js';
import customDetailsValid from './checks/custom-details-valid.js';
import dataConnectorsMatch from './checks/data-connectors-match.js';
import entityColumnsExist from './checks/entity-columns-exist.js';
import entityMappingsValid from './checks/entity-mappings-valid.js';
import huntingTimeFilter from './checks/hunting-time-filter.js';
import idIsGuid from './checks/id-is-guid.js';
import idUnique from './checks/id-unique.js';
import incidentGroupingValid from './checks/incident-grouping-valid.js';
import joinKindExplicit from './checks/join-kind-explicit.js';
import kqlDiagnostics from './checks/kql-diagnostics.js';
import namedValues from './checks/named-values.js';
import preferHas from './checks/prefer-has.js';
import queryReturnsTable from './checks/query-returns-table.js';
import regexRe2 from './checks/regex-re2.js';
import scheduleValid from './checks/schedule-valid.js';
import searchAllTables from './checks/search-all-tables.js';
import tacticsValid from './checks/tactics-valid.js';
import techniquesValid from './checks/techniques-valid.js';
import textLimits from './checks/text-limits.js';
import timeFilterWithinPeriod from './checks/time-filter-within-period.js';

/** Every check, in the order its findings are most useful to read. */
export const checks: readonly CheckDefinition[] = [
  kqlDiagnostics,
  queryReturnsTable,
  entityColumnsExist,
  idIsGuid,
  idUnique,
  entityMappingsValid,
  customDetailsValid,
  alertDetailsOverrideValid,
  incidentGroupingValid,
  scheduleValid,
  tacticsValid,
  techniquesValid,
  dataConnectorsMatch,
  textLimits,
  timeFilterWithinPeriod,
  searchAllTables,
  preferHas,
  huntingTimeFilter,
  joinKindExplicit,
  regexRe2,
  namedValues,
];
