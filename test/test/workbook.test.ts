import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { substituteTokens, type TokenParameter } from '../../src/load/workbook-tokens.js';
import { checkCoverage } from '../../src/test/coverage.js';
import { runTests, type TestResult } from '../../src/test/runner.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

/** A YAML workbook: parameters (one with a query), a named step, a group, and two steps of one title. */
const WORKBOOK = `id: 6a0f3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b
title: Sign-in activity
parameters:
  - { name: TimeRange, type: timeRange, default: 1d }
  - name: Results
    type: dropdown
    multiSelect: true
    default: [value::all]
    query: |
      SigninLogs
      | where TimeGenerated {TimeRange}
      | distinct ResultType
items:
  - title: Sign-ins with the selected results
    name: selected
    query: |
      SigninLogs
      | where TimeGenerated {TimeRange}
      | where ResultType in ({Results})
      | project UserPrincipalName, Selected = "{Results:label}", From = {TimeRange:start}
  - group: Details
    items:
      - title: By address
        query: |
          SigninLogs
          | where TimeGenerated between (datetime({TimeRange:start}) .. datetime({TimeRange:end}))
          | summarize Attempts = count() by IPAddress, bin(TimeGenerated, {TimeRange:grain})
      - title: Duplicate
        query: SigninLogs | take 1
      - title: Duplicate
        query: SigninLogs | take 2
`;

const ROWS = `      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-20m, UserPrincipalName: bob@contoso.com, IPAddress: 203.0.113.7, ResultType: "0" }
        - { TimeGenerated: now-3h, UserPrincipalName: carol@contoso.com, IPAddress: 198.51.100.1, ResultType: "50053" }
        - { TimeGenerated: now-2d, UserPrincipalName: dan@contoso.com, IPAddress: 198.51.100.1, ResultType: "50126" }`;

async function run(files: Record<string, string>, extra?: (root: string) => void): Promise<TestResult[]> {
  const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, ...files });
  extra?.(root);
  const project = await loadProject(root);
  expect(project.diagnostics).toEqual([]);
  return runTests(resolveProject(project));
}

const outcome = (results: TestResult[]) => results.map((r) => [r.test.name, r.status, r.message]);

describe('tests of workbook queries', () => {
  it('run the query a test names by step name, title, path or parameter, with the test’s token values', async () => {
    const tests = `tests:
  - name: by step name, two results selected, the default time range (1d)
    query: selected
    now: 2026-11-20T12:00:00Z
    parameters: { Results: ["50126", "50053"] }
    input:
${ROWS}
    expect:
      rows:
        - { UserPrincipalName: alice@contoso.com, Selected: "50126, 50053", From: 2026-11-19T12:00:00Z }
        - { UserPrincipalName: carol@contoso.com, Selected: "50126, 50053", From: 2026-11-19T12:00:00Z }
  - name: by title, a label given, over 3 days
    query: Sign-ins with the selected results
    now: 2026-11-20T12:00:00Z
    parameters: { TimeRange: 3d, Results: { value: ["50126"], label: Failures } }
    input:
${ROWS}
    expect:
      rows:
        - { UserPrincipalName: { $regex: '^alice@' }, Selected: Failures, From: $any }
        - { UserPrincipalName: dan@contoso.com, Selected: Failures }
  - name: nested in a group, by path, an absolute range with a grain
    query: items.1.items.0
    now: 2026-11-20T12:00:00Z
    parameters:
      TimeRange: { start: now-1h, end: now, grain: 30m }
    input:
${ROWS}
    expect:
      columns: { IPAddress: string, TimeGenerated: datetime, Attempts: long }
      rows:
        - { IPAddress: 203.0.113.7, TimeGenerated: 2026-11-20T11:30:00Z, Attempts: 2 }
  - name: the last hour, with a grain
    query: By address
    now: 2026-11-20T12:00:00Z
    parameters:
      TimeRange: { last: 1h, grain: 30m }
    input:
${ROWS}
    expect:
      rows:
        - { IPAddress: 203.0.113.7, TimeGenerated: 2026-11-20T11:30:00Z, Attempts: 2 }
  - name: the parameter's query
    query: parameter Results
    now: 2026-11-20T12:00:00Z
    parameters: { TimeRange: 7d }
    input:
${ROWS}
    expect:
      rows: [{ ResultType: "50126" }, { ResultType: "0" }, { ResultType: "50053" }]
`;
    const results = await run({ 'workbooks/signins.yaml': `${WORKBOOK}${tests}` });
    expect(outcome(results)).toEqual([
      ['by step name, two results selected, the default time range (1d)', 'passed', ''],
      ['by title, a label given, over 3 days', 'passed', ''],
      ['nested in a group, by path, an absolute range with a grain', 'passed', ''],
      ['the last hour, with a grain', 'passed', ''],
      ["the parameter's query", 'passed', ''],
    ]);
  });

  it('fails on a wrong expectation like any other test, with the row diff', async () => {
    const tests = `tests:
  - name: wrong user
    query: selected
    now: 2026-11-20T12:00:00Z
    parameters: { Results: ["0"] }
    input:
${ROWS}
    expect:
      rows: [{ UserPrincipalName: alice@contoso.com }]
`;
    const [result] = await run({ 'workbooks/signins.yaml': `${WORKBOOK}${tests}` });
    expect(result.status).toBe('failed');
    expect(result.message).toContain('+ { UserPrincipalName: "bob@contoso.com" }');
  });

  it('says which queries a test may name when it names none, an unknown one or an ambiguous one', async () => {
    const t = (name: string, query: string) => `  - name: ${name}
    ${query}
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
`;
    const tests = `tests:\n${t('none', '# no query')}${t('unknown', 'query: Failed sign-ins')}${t('ambiguous', 'query: Duplicate')}`;
    const results = await run({ 'workbooks/signins.yaml': `${WORKBOOK}${tests}` });
    const handles =
      "name one of: 'parameter Results' (parameters.1), 'selected' (items.0), 'By address' (items.1.items.0), 'items.1.items.1', 'items.1.items.2'";
    expect(outcome(results)).toEqual([
      [
        'none',
        'error',
        `test 'none': a test of a workbook says which of its queries it runs ('query:'); ${handles}`,
      ],
      [
        'unknown',
        'error',
        `test 'unknown': workbook 'Sign-in activity' has no query 'Failed sign-ins'; ${handles}`,
      ],
      [
        'ambiguous',
        'error',
        "test 'ambiguous': query 'Duplicate' is ambiguous: 2 queries of workbook 'Sign-in activity' go by it (items.1.items.1, items.1.items.2); name one by its path",
      ],
    ]);
    // The error points at the test (no query) or at its `query:`.
    expect(results.map((r) => r.diagnostics[0].start?.line)).toEqual([33, 38, 42]);
  });

  it('errs on a token without a value, an unknown parameter, a bad time range; unsupported formats are unsupported', async () => {
    const t = (name: string, query: string, parameters: string) => `  - name: ${name}
    query: ${query}
    now: 2026-11-20T12:00:00Z
    parameters: ${parameters}
    expect: { count: 0 }
`;
    const tests = `tests:
${t('no value', 'selected', '{}')}${t('unknown parameter', 'selected', '{ Result: ["0"] }')}${t('bad range', 'By address', '{ TimeRange: lately }')}${t('a list for a time range', 'selected', '{ TimeRange: [1d, 2d] }')}${t('nothing selected', 'selected', '{ Results: [] }')}`;
    const jsonPath = WORKBOOK.replace('"{Results:label}"', '"{Results:$.name}"');
    const results = await run({
      'workbooks/signins.yaml': `${WORKBOOK}${tests}`,
      'workbooks/jsonpath.yaml': `${jsonPath.replace(/^id: .*$/m, 'id: 7a0f3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b')}tests:\n${t('jsonpath', 'selected', '{ Results: ["0"] }')}`,
    });
    // Workbooks load in path order: jsonpath.yaml first.
    expect(outcome(results)).toEqual([
      [
        'jsonpath',
        'unsupported',
        'not supported by kqlc test: the token {Results:$.name} (formats rendered: none, label, value, escape; for time ranges start, end, grain, seconds, label, query)',
      ],
      [
        'no value',
        'error',
        "test 'no value': the query uses {Results}: give it a value in parameters (the workbook sets no usable default)",
      ],
      [
        'unknown parameter',
        'error',
        "test 'unknown parameter': workbook 'Sign-in activity' has no parameter 'Result' (its parameters: TimeRange, Results)",
      ],
      [
        'bad range',
        'error',
        `test 'bad range': parameter 'TimeRange': "lately" is not a time range: give a duration ending at now ('7d'), { last: 7d, grain: 1h } or { start, end }`,
      ],
      [
        'a list for a time range',
        'error',
        `test 'a list for a time range': parameter 'TimeRange': ["1d","2d"] is not a time range: give a duration ending at now ('7d'), { last: 7d, grain: 1h } or { start, end }`,
      ],
      [
        'nothing selected',
        'error',
        "test 'nothing selected': parameter 'Results': no value selected: the workbook would not run the query",
      ],
    ]);
  });

  it('err on a sample file that is missing or outside the project, naming the test and the file', async () => {
    const t = (name: string, file: string) => `  - name: ${name}
    query: selected
    now: 2026-11-20T12:00:00Z
    parameters: { Results: ["0"] }
    input:
      SigninLogs: ${file}
    expect: { count: 0 }
`;
    const tests = `tests:\n${t('missing', 'teams/none.jsonl')}${t('outside', '../../../secrets.csv')}`;
    const results = await run({ 'workbooks/signins.yaml': `${WORKBOOK}${tests}` });
    expect(outcome(results)).toEqual([
      [
        'missing',
        'error',
        "test 'missing', table SigninLogs: sample file 'content/samples/teams/none.jsonl' does not exist",
      ],
      [
        'outside',
        'error',
        "test 'outside', table SigninLogs: sample file '../secrets.csv' is outside the project",
      ],
    ]);
  });

  it("keep 'query' and 'parameters' to workbooks and 'params' to parsers", async () => {
    const hunting = `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a1b
name: Sign-ins
description: d
query: SigninLogs
tests:
  - name: query on a hunting query
    query: selected
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
  - name: parameters on a hunting query
    parameters: { TimeRange: 1d }
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
`;
    const tests = `tests:
  - name: params on a workbook
    query: selected
    params: { Results: "0" }
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
`;
    const results = await run({ 'hunting/h.yaml': hunting, 'workbooks/signins.yaml': `${WORKBOOK}${tests}` });
    expect(outcome(results)).toEqual([
      [
        'query on a hunting query',
        'error',
        "test 'query on a hunting query': 'query' applies to workbooks only",
      ],
      [
        'parameters on a hunting query',
        'error',
        "test 'parameters on a hunting query': 'parameters' applies to workbooks only (a parser's arguments are 'params')",
      ],
      [
        'params on a workbook',
        'error',
        "test 'params on a workbook': 'params' are a parser's arguments; give a workbook's token values in 'parameters'",
      ],
    ]);
  });

  it('run the queries of a gallery JSON workbook from its sibling tests file: groups and type-9 parameter queries', async () => {
    const gallery = {
      version: 'Notebook/1.0',
      items: [
        {
          type: 9,
          name: 'parameters - 0',
          content: {
            version: 'KqlParameterItem/1.0',
            parameters: [
              {
                id: 'a',
                version: 'KqlParameterItem/1.0',
                name: 'TimeRange',
                type: 4,
                value: { durationMs: 86400000 },
              },
              {
                id: 'b',
                version: 'KqlParameterItem/1.0',
                name: 'Address',
                type: 2,
                query: 'SigninLogs\n| where TimeGenerated {TimeRange}\n| distinct IPAddress',
                queryType: 0,
                resourceType: 'microsoft.operationalinsights/workspaces',
              },
            ],
          },
        },
        {
          type: 12,
          name: 'group - 1',
          content: {
            version: 'NotebookGroup/1.0',
            groupType: 'editable',
            items: [
              {
                type: 3,
                name: 'query - 2',
                content: {
                  version: 'KqlItem/1.0',
                  query:
                    "SigninLogs\n| where TimeGenerated {TimeRange}\n| where IPAddress == '{Address}'\n| project UserPrincipalName",
                  title: 'Sign-ins from one address',
                  queryType: 0,
                  resourceType: 'microsoft.operationalinsights/workspaces',
                },
              },
            ],
          },
        },
      ],
    };
    const tests = `tests:
  - name: by the portal's step name
    query: query - 2
    now: 2026-11-20T12:00:00Z
    parameters: { Address: 203.0.113.7 }
    input:
${ROWS}
    expect:
      rows: [{ UserPrincipalName: alice@contoso.com }, { UserPrincipalName: bob@contoso.com }]
  - name: by the path in the JSON
    query: items.1.content.items.0
    now: 2026-11-20T12:00:00Z
    parameters: { Address: 198.51.100.1, TimeRange: 3d }
    input:
${ROWS}
    expect:
      rows: [{ UserPrincipalName: carol@contoso.com }, { UserPrincipalName: dan@contoso.com }]
  - name: the type-9 parameter's query
    query: parameter Address
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      rows: [{ IPAddress: 203.0.113.7 }, { IPAddress: 198.51.100.1 }]
`;
    const results = await run({
      'workbooks/gallery.json': JSON.stringify(gallery, null, 2),
      'workbooks/gallery.tests.yaml': tests,
    });
    expect(outcome(results)).toEqual([
      ["by the portal's step name", 'passed', ''],
      ['by the path in the JSON', 'passed', ''],
      ["the type-9 parameter's query", 'passed', ''],
    ]);
    expect(results.map((r) => r.test.source.file.path)).toEqual(
      Array(3).fill('workbooks/gallery.tests.yaml'),
    );

    // Tests written inside the JSON would be published with it and never run: an error says where they go.
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/gallery.json': JSON.stringify({ ...gallery, tests: [] }, null, 2),
    });
    const project = await loadProject(root);
    expect(project.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([
      [
        'KQLC2003',
        'workbooks/gallery.json',
        'tests of a gallery JSON workbook go in a sibling gallery.tests.yaml, not in the workbook',
      ],
    ]);
  });
});

describe('the time context of a workbook query', () => {
  it('limits the rows a query sees to its time range parameter or fixed duration, as the query API does', async () => {
    const workbook = `id: 6a0f3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b
title: Time contexts
parameters:
  - { name: TimeRange, type: timeRange, default: 1h }
items:
  - title: From the parameter
    timeRange: TimeRange
    query: SigninLogs | project UserPrincipalName
  - title: Fixed, 4 hours
    query: SigninLogs | project UserPrincipalName
    gallery:
      content:
        timeContext: { durationMs: 14400000 }
  - title: Set in the query
    query: SigninLogs | project UserPrincipalName
tests:
  - name: the parameter's default, 1 hour
    query: From the parameter
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { rows: [{ UserPrincipalName: alice@contoso.com }, { UserPrincipalName: bob@contoso.com }] }
  - name: the test's absolute range
    query: From the parameter
    now: 2026-11-20T12:00:00Z
    parameters: { TimeRange: { start: now-3d, end: now-1h } }
    input:
${ROWS}
    expect: { rows: [{ UserPrincipalName: carol@contoso.com }, { UserPrincipalName: dan@contoso.com }] }
  - name: fixed duration
    query: Fixed, 4 hours
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { count: 3 }
  - name: no time context
    query: Set in the query
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { count: 4 }
`;
    const results = await run({ 'workbooks/contexts.yaml': workbook });
    expect(outcome(results)).toEqual([
      ["the parameter's default, 1 hour", 'passed', ''],
      ["the test's absolute range", 'passed', ''],
      ['fixed duration', 'passed', ''],
      ['no time context', 'passed', ''],
    ]);
  });
});

describe('workbook tokens with real values', () => {
  const parameters = new Map<string, TokenParameter>([
    ['TimeRange', { name: 'TimeRange', type: 4 }],
    ['Ops', { name: 'Ops', type: 2, multiSelect: true, quote: '"', delimiter: ', ' }],
    ['User', { name: 'User', type: 1 }],
  ]);
  const values = new Map([
    [
      'TimeRange',
      {
        kind: 'timeRange' as const,
        start: '2026-11-19T12:00:00.0000000Z',
        end: '2026-11-20T12:00:00.0000000Z',
        query: '> ago(1d)',
        label: 'Last day',
        grain: '1h',
        seconds: 86400,
      },
    ],
    ['Ops', { kind: 'values' as const, values: ['A', 'B'], label: 'A, B' }],
    ['User', { kind: 'values' as const, values: ["o'neil"], label: "o'neil" }],
  ]);

  it('are formatted as the workbook formats them, in code, in strings and inside datetime()', () => {
    const raw = [
      'T | where TimeGenerated {TimeRange} | where Op in ({Ops}) and L == "{Ops:label}"',
      '| where TimeGenerated > {TimeRange:start} and TimeGenerated < datetime({TimeRange:end})',
      "| extend G = {TimeRange:grain}, S = {TimeRange:seconds}, R = '{TimeRange}', U = '{User:escape}', V = '{User}'",
      '| extend Unknown = "{Other}"',
    ].join('\n');
    const result = substituteTokens(raw, parameters, values);
    expect(result.problems).toEqual([]);
    expect(result.text).toBe(
      [
        'T | where TimeGenerated > ago(1d) | where Op in ("A", "B") and L == "A, B"',
        '| where TimeGenerated > datetime(2026-11-19T12:00:00.0000000Z) and TimeGenerated < datetime(2026-11-20T12:00:00.0000000Z)',
        "| extend G = 1h, S = 86400, R = 'Last day', U = 'o\\'neil', V = 'o'neil'",
        '| extend Unknown = "{Other}"',
      ].join('\n'),
    );
  });

  it('report a parameter without a value and a format they cannot render', () => {
    const result = substituteTokens(
      'T | where A == "{User}" and B == "{Ops:$.x}"',
      parameters,
      new Map([['Ops', values.get('Ops')!]]),
    );
    expect(result.problems).toEqual([
      { name: 'User', format: '', start: 16, reason: 'missing' },
      { name: 'Ops', format: '$.x', start: 34, reason: 'unsupported' },
    ]);
  });
});

describe("a test's watchlist rows", () => {
  const WATCHLIST = `alias: Vips
searchKey: Upn
columns:
  - { name: Upn }
  - { name: Level, type: int }
rows:
  - { Upn: alice@contoso.com, Level: 1 }
`;
  const HUNT = `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a1b
name: VIP sign-ins
description: d
query: |
  SigninLogs
  | join kind=inner (_GetWatchlist('Vips') | project UserPrincipalName = SearchKey, Level) on UserPrincipalName
  | project UserPrincipalName, Level
`;
  const t = (name: string, watchlists: string, expectYaml = '{ count: 0 }') => `  - name: ${name}
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    watchlists:
      Vips: ${watchlists}
    expect: ${expectYaml}
`;

  it('replace the declared rows, inline, from JSON Lines or from a CSV export', async () => {
    const declared = `  - name: declared rows
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { rows: [{ UserPrincipalName: alice@contoso.com, Level: 1 }] }
`;
    const results = await run({
      'content/watchlists/vips.yaml': WATCHLIST,
      'content/samples/vips.jsonl': '{"Upn": "carol@contoso.com", "Level": 2}\n',
      'content/samples/vips.csv': 'Upn,Level\r\ndan@contoso.com,3\r\nbob@contoso.com,\r\n',
      'hunting/h.yaml': HUNT,
      'hunting/h.tests.yaml': `tests:
${declared}${t('inline', '[{ Upn: bob@contoso.com, Level: 5 }]', '{ rows: [{ UserPrincipalName: bob@contoso.com, Level: 5 }] }')}${t('jsonl', 'vips.jsonl', '{ rows: [{ UserPrincipalName: carol@contoso.com, Level: 2 }] }')}${t('csv', 'vips.csv', '{ rows: [{ UserPrincipalName: dan@contoso.com, Level: 3 }, { UserPrincipalName: bob@contoso.com, Level: null }] }')}${t('none', '[]', '{ count: 0 }')}${declared.replace('declared rows', 'declared rows again, after the others')}`,
    });
    expect(outcome(results)).toEqual([
      ['declared rows', 'passed', ''],
      ['inline', 'passed', ''],
      ['jsonl', 'passed', ''],
      ['csv', 'passed', ''],
      ['none', 'passed', ''],
      ['declared rows again, after the others', 'passed', ''],
    ]);
  });

  it('are checked against the declared columns; a missing, outside or undeclared source is an error naming the test and file', async () => {
    const results = await run(
      {
        'content/watchlists/vips.yaml': WATCHLIST,
        'content/samples/bad.jsonl': '{"Upn": "carol@contoso.com"}\n{"Upn": "x", "Tier": 1}\n',
        'hunting/h.yaml': HUNT,
        'hunting/h.tests.yaml': `tests:
${t('unknown column inline', '[{ Upn: bob@contoso.com, Department: HR }]')}${t('unknown column in a file', 'bad.jsonl')}${t('wrong type', '[{ Upn: bob@contoso.com, Level: high }]')}${t('missing file', 'nope.csv')}${t('outside', '../../../etc/passwd.csv')}${t('symlink out', 'link.jsonl')}  - name: undeclared
    now: 2026-11-20T12:00:00Z
    watchlists: { Vip: [] }
    expect: { count: 0 }
`,
      },
      (root) =>
        symlinkSync(
          path.join(tempProject({ 'elsewhere.jsonl': '{"Upn": "eve@contoso.com"}\n' }), 'elsewhere.jsonl'),
          path.join(root, 'content/samples/link.jsonl'),
        ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(7).fill('error'));
    expect(results.map((r) => r.message)).toEqual([
      "test 'unknown column inline', watchlist Vips: column 'Department' is not in the schema of watchlist Vips",
      "test 'unknown column in a file', watchlist Vips: column 'Tier' is not in the schema of watchlist Vips",
      `test 'wrong type', watchlist Vips: column 'Level': "high" is not a int value`,
      "test 'missing file', watchlist Vips: sample file 'content/samples/nope.csv' does not exist",
      "test 'outside', watchlist Vips: sample file '../etc/passwd.csv' is outside the project",
      "test 'symlink out', watchlist Vips: sample file 'content/samples/link.jsonl' is outside the project (through a symbolic link)",
      "test 'undeclared', watchlist Vip: watchlist 'Vip' is not declared under content/watchlists (declared: Vips)",
    ]);
    // Positions: the row in the tests file, the line of the JSON Lines file.
    expect(results[0].diagnostics[0]).toMatchObject({ file: 'hunting/h.tests.yaml', start: { line: 11 } });
    expect(results[1].diagnostics[0]).toMatchObject({
      file: 'content/samples/bad.jsonl',
      start: { line: 2 },
    });
  });
});

describe('the coverage gate and workbooks', () => {
  it('testedItems counts workbooks; workbookQueries names each query without a test, at its line', async () => {
    const tests = `tests:
  - name: one
    query: selected
    now: 2026-11-20T12:00:00Z
    parameters: { Results: ["0"] }
    expect: { count: 0 }
`;
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/tested.yaml': `${WORKBOOK}${tests}`,
      'workbooks/untested.yaml': WORKBOOK.replace(
        /^id: .*$/m,
        'id: 8a0f3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b',
      ).replace('title: Sign-in activity', 'title: Untested'),
    });
    const project = await loadProject(root);
    const results = await runTests(resolveProject(project));
    expect(results.map((r) => r.status)).toEqual(['passed']);
    const gate = (coverage: { testedItems: boolean; workbookQueries: boolean }) =>
      checkCoverage(project, results, { ruleAlerts: false, ...coverage }).map(
        (d) => `${d.file}:${d.start?.line} ${d.message}`,
      );
    expect(gate({ testedItems: true, workbookQueries: false })).toEqual([
      "workbooks/untested.yaml:1 workbook 'Untested' has no test (test.coverage.testedItems in kqlc.yaml)",
    ]);
    expect(gate({ testedItems: false, workbookQueries: true })).toEqual([
      "workbooks/tested.yaml:9 workbook 'Sign-in activity': query 'parameter Results' (parameters.1) has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/tested.yaml:24 workbook 'Sign-in activity': query 'By address' (items.1.items.0) has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/tested.yaml:29 workbook 'Sign-in activity': query 'items.1.items.1' has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/tested.yaml:31 workbook 'Sign-in activity': query 'items.1.items.2' has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/untested.yaml:9 workbook 'Untested': query 'parameter Results' (parameters.1) has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/untested.yaml:16 workbook 'Untested': query 'selected' (items.0) has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/untested.yaml:24 workbook 'Untested': query 'By address' (items.1.items.0) has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/untested.yaml:29 workbook 'Untested': query 'items.1.items.1' has no test (test.coverage.workbookQueries in kqlc.yaml)",
      "workbooks/untested.yaml:31 workbook 'Untested': query 'items.1.items.2' has no test (test.coverage.workbookQueries in kqlc.yaml)",
    ]);
  });
});
