import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import type { ParserItem } from '../../src/model/content.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

/** Errors only: other checks' warnings (lints) are not what these tests are about. */
const errors = <T extends { severity: string }>(ds: T[]) => ds.filter((d) => d.severity === 'error');

const summary = (
  ds: { file: string; code: string; start?: { line: number; column: number }; message: string }[],
) => ds.map((d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`);

const hunting = (query: string, id = '3c1f0e7a-8b2d-4e6f-9a1b-2c3d4e5f6a7b') => `id: ${id}
name: h
query: |
${query
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;

const ASIM = `Parser:
  Title: Failed sign-ins, ASIM style
  Version: '0.2'
Description: |
  Our own ASIM-form parser.
ParserName: vimFailedSignins
ParserParams:
  - Name: starttime
    Type: datetime
    Default: datetime(null)
  - Name: result
    Type: string
    Default: '*'
  - Name: users
    Type: dynamic
    Default: dynamic([])
  - Name: disabled
    Type: bool
    Default: false
ParserQuery: |
  SigninLogs
  | where not(disabled)
  | where isnull(starttime) or TimeGenerated >= starttime
  | where result == "*" or ResultType == result
  | where array_length(users) == 0 or UserPrincipalName in (users)
  | project TimeGenerated, User = UserPrincipalName, SrcIp = IPAddress
`;

const SOLUTION = `id: 5b0e2f4c-1d3a-4c5b-8e6f-7a8b9c0d1e2f
Function:
  Title: Recent sign-in users
  Version: 1.0.0
Category: Identity
FunctionName: RecentSigninUsersFunction
FunctionAlias: RecentSigninUsers
FunctionParams:
  - Name: lookback
    Type: timespan
    Default: 1d
FunctionQuery: |
  SigninLogs
  | where TimeGenerated > ago(lookback)
  | distinct UserPrincipalName
`;

describe('parsers in every form', () => {
  it('reads the ASIM form: ParserName, parameters with KQL defaults kept as written, a stable derived id', async () => {
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'parsers/vim.yaml': ASIM });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    const [parser] = project.items as ParserItem[];
    expect(parser).toMatchObject({
      form: 'asim',
      functionName: 'vimFailedSignins',
      version: '0.2',
      category: 'ASIM',
    });
    expect(parser.parameters).toEqual([
      { name: 'starttime', type: 'datetime', default: 'datetime(null)' },
      { name: 'result', type: 'string', default: '"*"' },
      { name: 'users', type: 'dynamic', default: 'dynamic([])' },
      { name: 'disabled', type: 'bool', default: 'false' },
    ]);
    expect(parser.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await loadProject(root)).items[0].id).toBe(parser.id);
    expect(errors(checkProject(project).diagnostics)).toEqual([]);
  });

  it('checks a query over an ASIM parser against its output, and reports in the ParserQuery block', async () => {
    const bad = ASIM.replace('SrcIp = IPAddress', 'SrcIp = IpAddress');
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'parsers/vim.yaml': bad,
      'hunting/h.yaml': hunting('vimFailedSignins(result="50126")\n| project User, Nope'),
    });
    const found = summary(errors(checkProject(await loadProject(root)).diagnostics));
    expect(found).toEqual([
      expect.stringMatching(/^hunting\/h.yaml:5:19 KS142 .*'Nope'/),
      expect.stringMatching(/^parsers\/vim.yaml:26:62 KS142 .*'IpAddress'/),
    ]);
  });

  it('reads the solution form: FunctionAlias is the name queries call', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'parsers/s.yaml': SOLUTION,
      'hunting/h.yaml': hunting('RecentSigninUsers(7d)\n| project UserPrincipalName'),
    });
    const project = await loadProject(root);
    expect(project.items.find((i) => i.kind === 'parser')).toMatchObject({
      form: 'solution',
      id: '5b0e2f4c-1d3a-4c5b-8e6f-7a8b9c0d1e2f',
      functionName: 'RecentSigninUsers',
      title: 'Recent sign-in users',
      category: 'Identity',
      parameters: [{ name: 'lookback', type: 'timespan', default: '1d' }],
    });
    expect(errors(checkProject(project).diagnostics)).toEqual([]);
  });

  it('validates each form against its own schema', async () => {
    const root = tempProject({
      'parsers/a.yaml': ASIM.replace('ParserName: vimFailedSignins', 'ParserName: 2bad'),
      'parsers/s.yaml': SOLUTION.replace(/FunctionQuery: \|[\s\S]*$/, 'FunctionQuery: 3\n'),
    });
    expect(summary((await loadProject(root)).diagnostics)).toEqual([
      'parsers/a.yaml:6:13 KQLC2001 ParserName: must match pattern "^[A-Za-z_][A-Za-z0-9_]*$"',
      'parsers/s.yaml:12:16 KQLC2001 FunctionQuery: must be string',
    ]);
  });

  it('reads a legacy .kql or .txt parser, named after its file', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'parsers/legacy/FailedLogons.kql': '// failed sign-ins\nSigninLogs\n| where ResultType != "0"\n',
      'parsers/legacy/Bad Name.txt': 'SigninLogs',
      'parsers/legacy/Broken.txt': 'SigninLogs\n| where NoSuch == 1\n',
      'hunting/h.yaml': hunting('FailedLogons\n| project UserPrincipalName'),
    });
    const project = await loadProject(root);
    expect(
      project.items.filter((i) => i.kind === 'parser').map((i) => [i.name, (i as ParserItem).form]),
    ).toEqual([
      ['Broken', 'legacy'],
      ['FailedLogons', 'legacy'],
    ]);
    expect(summary(errors(checkProject(project).diagnostics))).toEqual([
      "parsers/legacy/Bad Name.txt:1:1 KQLC2001 the file name must be the function alias; 'Bad Name' is not a KQL name",
      expect.stringMatching(/^parsers\/legacy\/Broken.txt:2:9 KS142 .*'NoSuch'/),
    ]);
  });
});

describe('table schemas in every format', () => {
  it('reads Azure-Sentinel CustomTables JSON with any key case and .NET type names', async () => {
    const json = `{ "name": "Custom_CL",
  "PROPERTIES": [
    { "Name": "TimeGenerated", "type": "DateTime" },
    { "name": "Count", "Type": "Int64" },
    { "Name": "Score", "Type": "Double" },
    { "Name": "Who", "Type": "System.String" },
    { "Name": "Bag", "Type": "dynamic" }
  ]
}`;
    const root = tempProject({
      'content/tables/Custom_CL.json': json,
      'hunting/h.yaml': hunting(
        'Custom_CL\n| where Count > 1 and Score > 0.5\n| project TimeGenerated, Who, Bag',
      ),
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    expect(project.tables[0]).toMatchObject({
      name: 'Custom_CL',
      columns: [
        { name: 'TimeGenerated', type: 'datetime' },
        { name: 'Count', type: 'long' },
        { name: 'Score', type: 'real' },
        { name: 'Who', type: 'string' },
        { name: 'Bag', type: 'dynamic' },
      ],
    });
    expect(errors(checkProject(project).diagnostics)).toEqual([]);
  });

  it('reports malformed or wrong CustomTables JSON at its position', async () => {
    const root = tempProject({
      'content/tables/Broken.json':
        '{ "Name": "Broken",\n  "Properties": [ { "Name": "A", "Type": "string" }\n',
      'content/tables/Odd.json': '{ "Name": "Odd", "Properties": [\n  { "Name": "A", "Type": "varchar" } ] }',
    });
    expect(summary((await loadProject(root)).diagnostics)).toEqual([
      expect.stringMatching(/^content\/tables\/Broken.json:3:1 KQLC1002 /),
      expect.stringMatching(/^content\/tables\/Broken.json:3:1 KQLC1002 /),
      "content/tables/Odd.json:2:26 KQLC2001 column 'A': 'varchar' is not a KQL type",
    ]);
  });

  it('reads getschema output saved as CSV, named <Table>_Schema.csv', async () => {
    const csv = [
      'ColumnName,ColumnOrdinal,DataType,ColumnType',
      'TimeGenerated,0,"System.DateTime",datetime',
      'Flag,1,"System.SByte",',
      'Payload,2,"System.Object",dynamic',
      'Account,3,"System.String",string',
    ].join('\r\n');
    const root = tempProject({
      'content/tables/Vendor_CL_Schema.csv': csv,
      'hunting/h.yaml': hunting('Vendor_CL\n| where Flag\n| project TimeGenerated, Account, Payload'),
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    expect(project.tables[0].columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'Flag', type: 'bool' },
      { name: 'Payload', type: 'dynamic' },
      { name: 'Account', type: 'string' },
    ]);
    expect(errors(checkProject(project).diagnostics)).toEqual([]);
  });

  it('reports a CSV with the wrong columns, a broken row or an open quote, never throwing', async () => {
    const root = tempProject({
      'content/tables/Rows_CL_Schema.csv': 'TimeGenerated,Account\n2024-01-01T00:00:00Z,alice\n',
      'content/tables/Short_CL_Schema.csv':
        'ColumnName,ColumnOrdinal,DataType,ColumnType\nA,0,"System.String"\nB,x,"System.String",string\n',
      'content/tables/Open_CL_Schema.csv':
        'ColumnName,ColumnOrdinal,DataType,ColumnType\nA,0,"System.String,string\n',
    });
    expect(summary((await loadProject(root)).diagnostics)).toEqual([
      'content/tables/Open_CL_Schema.csv:2:5 KQLC1009 a quoted field is not closed',
      'content/tables/Rows_CL_Schema.csv:1:1 KQLC1009 a getschema CSV must start with the header ColumnName,ColumnOrdinal,DataType,ColumnType; found TimeGenerated,Account',
      'content/tables/Short_CL_Schema.csv:2:1 KQLC1009 expected 4 fields, found 3',
      "content/tables/Short_CL_Schema.csv:3:3 KQLC1009 ColumnOrdinal 'x' is not a number",
    ]);
  });
});
