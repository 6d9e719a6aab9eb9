import type { Diagnostic, Position, Severity } from './diagnostic.js';

/**
 * The catalogue of kqlc's own diagnostics. Numbered by stage: 1xxx load, 2xxx schema, 3xxx KQL,
 * 4xxx content checks, 5xxx tests and engine, 6xxx build and publish. A code is never reused.
 */
export const codes = {
  fileUnreadable: { code: 'KQLC1001', severity: 'error', title: 'File cannot be read' },
  yamlSyntax: { code: 'KQLC1002', severity: 'error', title: 'YAML syntax error' },
  notText: { code: 'KQLC1003', severity: 'error', title: 'File is not UTF-8 text' },
  configInvalid: { code: 'KQLC1004', severity: 'error', title: 'kqlc.yaml is invalid' },
  yamlWarning: { code: 'KQLC1005', severity: 'warning', title: 'YAML warning' },
  tableDuplicate: { code: 'KQLC1006', severity: 'error', title: 'Table declared twice' },
  notAnObject: { code: 'KQLC1007', severity: 'error', title: 'Content file is not a YAML mapping' },
  fileTooLarge: { code: 'KQLC1008', severity: 'error', title: 'File is too large' },
  csvInvalid: {
    code: 'KQLC1009',
    severity: 'error',
    title: 'CSV file is malformed or does not have the expected columns',
  },
  watchlistDuplicate: { code: 'KQLC1010', severity: 'error', title: 'Watchlist alias declared twice' },
  namedValueUndefined: {
    code: 'KQLC1011',
    severity: 'error',
    title: 'A query names a {{value}} that kqlc.yaml does not define',
  },
  schemaViolation: { code: 'KQLC2001', severity: 'error', title: 'Content does not match its JSON Schema' },
  unknownField: { code: 'KQLC2002', severity: 'warning', title: 'Unknown field' },
  workbookInvalid: {
    code: 'KQLC2003',
    severity: 'error',
    title: 'Workbook step is malformed (a query step without a query, an unknown parameter type …)',
  },
  watchlistUnknown: {
    code: 'KQLC2004',
    severity: 'warning',
    title: '_GetWatchlist names a watchlist that is not declared in the project',
  },
  functionDuplicate: { code: 'KQLC3001', severity: 'error', title: 'Function name declared twice' },
  queryNotTabular: { code: 'KQLC3002', severity: 'error', title: 'Query does not return a table' },
  kqlInternal: { code: 'KQLC3003', severity: 'error', title: 'Kusto.Language failed on this query' },
  entityColumnMissing: {
    code: 'KQLC4001',
    severity: 'error',
    title: 'Entity mapping names a column the query does not output',
  },
  idDuplicate: { code: 'KQLC4002', severity: 'error', title: 'Content id used twice' },
  idNotGuid: { code: 'KQLC4003', severity: 'error', title: 'Content id is not a GUID' },
  entityMappingInvalid: {
    code: 'KQLC4004',
    severity: 'error',
    title: 'Entity mapping has an unknown type or identifier, lacks a required identifier, or is too large',
  },
  customDetailsInvalid: {
    code: 'KQLC4005',
    severity: 'error',
    title: 'Custom details: bad key, too many entries, or a column the query does not output',
  },
  alertDetailsInvalid: {
    code: 'KQLC4006',
    severity: 'error',
    title: 'Alert details override names a column the query does not output',
  },
  incidentGroupingInvalid: {
    code: 'KQLC4007',
    severity: 'error',
    title: 'Incident grouping refers to an entity type or custom detail the rule does not define',
  },
  scheduleInvalid: {
    code: 'KQLC4008',
    severity: 'error',
    title: 'Query frequency, period or trigger outside what Sentinel accepts',
  },
  nrtScheduleIgnored: {
    code: 'KQLC4009',
    severity: 'warning',
    title: 'NRT rule carries scheduling fields that Sentinel ignores',
  },
  tacticUnknown: { code: 'KQLC4010', severity: 'error', title: 'Tactic is not one Sentinel accepts' },
  techniqueUnknown: { code: 'KQLC4011', severity: 'error', title: 'Technique is not in MITRE ATT&CK' },
  techniqueTacticMismatch: {
    code: 'KQLC4012',
    severity: 'error',
    title: "None of the technique's ATT&CK tactics is among the rule's tactics",
  },
  techniqueDeprecated: {
    code: 'KQLC4013',
    severity: 'warning',
    title: 'Technique is deprecated or revoked in MITRE ATT&CK',
  },
  dataTypeNotRead: {
    code: 'KQLC4014',
    severity: 'error',
    title: 'requiredDataConnectors names a data type the query does not read',
  },
  tableNotDeclared: {
    code: 'KQLC4015',
    severity: 'warning',
    title: 'Query reads a table that requiredDataConnectors does not list',
  },
  textTooLong: { code: 'KQLC4016', severity: 'error', title: 'Name, description or query is too long' },
  timeFilterWiderThanPeriod: {
    code: 'KQLC4017',
    severity: 'warning',
    title: 'Time filter reaches further back than queryPeriod and has no effect',
  },
  searchAllTables: { code: 'KQLC4018', severity: 'warning', title: 'search or union * over every table' },
  containsCouldBeHas: {
    code: 'KQLC4019',
    severity: 'warning',
    title: 'contains where has gives the same result faster',
  },
  huntingWithoutTimeFilter: {
    code: 'KQLC4020',
    severity: 'warning',
    title: 'Hunting query has no time filter',
  },
  joinWithoutKind: { code: 'KQLC4021', severity: 'warning', title: 'join without kind=' },
  regexRejected: {
    code: 'KQLC4022',
    severity: 'warning',
    title: "Regular expression that RE2 (Kusto's regex engine) rejects",
  },
  namedValueMissing: {
    code: 'KQLC4023',
    severity: 'error',
    title: 'An environment that publishes the item has no value for a {{value}} its query uses',
  },
  idChangedSinceBase: { code: 'KQLC4090', severity: 'error', title: 'Content id changed since the base ref' },
  versionNotBumped: {
    code: 'KQLC4091',
    severity: 'error',
    title: 'Query changed since the base ref without a version bump',
  },
  testFailed: { code: 'KQLC5001', severity: 'error', title: 'Content test failed' },
  engineUnsupported: { code: 'KQLC5002', severity: 'error', title: 'Not supported by the local engine' },
  fixtureInvalid: { code: 'KQLC5003', severity: 'error', title: 'Test fixture is invalid' },
  testQueryInvalid: { code: 'KQLC5004', severity: 'error', title: 'Query under test has errors' },
  testCoverageMissing: {
    code: 'KQLC5005',
    severity: 'error',
    title: 'Content lacks the tests kqlc.yaml requires',
  },
  publishFailed: { code: 'KQLC6001', severity: 'error', title: 'Publishing failed' },
  namedValueNoEnvironmentValue: {
    code: 'KQLC6002',
    severity: 'error',
    title: 'The environment published to has no value for a {{value}} of a query',
  },
  ruleOverrideUnknown: {
    code: 'KQLC6003',
    severity: 'warning',
    title: 'An environment overrides a rule id the project does not have',
  },
  buildInvalid: {
    code: 'KQLC6004',
    severity: 'error',
    title: 'The item cannot be built into the resource Sentinel receives (or is built with a warning)',
  },
  workbookNeedsEnvironment: {
    code: 'KQLC6005',
    severity: 'warning',
    title: 'Workbooks are left out of ARM templates built without an environment',
  },
} as const satisfies Record<string, { code: string; severity: Severity; title: string }>;

export type CodeName = keyof typeof codes;

export interface DiagnosticInit {
  file: string;
  start?: Position;
  end?: Position;
  contentId?: string;
  severity?: Severity;
}

/** Creates one of our diagnostics; every diagnostic of ours is born here. */
export function diagnostic(name: CodeName, message: string, at: DiagnosticInit): Diagnostic {
  const entry = codes[name];
  const d: Diagnostic = { code: entry.code, severity: at.severity ?? entry.severity, message, file: at.file };
  if (at.start) d.start = at.start;
  if (at.end) d.end = at.end;
  if (at.contentId) d.contentId = at.contentId;
  return d;
}
