import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { substituteTokens, type TokenParameter } from '../../src/load/workbook-tokens.js';
import type { WorkbookItem } from '../../src/model/content.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

/** 1-based line and column of the first occurrence of `needle` (after `after`, if given) in `text`. */
function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const offset = text.indexOf(needle, after ? text.indexOf(after) : 0);
  if (offset < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const errors = <T extends { severity: string }>(ds: T[]) => ds.filter((d) => d.severity === 'error');

/** A gallery workbook written the way the portal exports one (CRLF inside queries, escaped quotes). */
function gallery(groupQuery: string): string {
  const workbook = {
    version: 'Notebook/1.0',
    items: [
      { type: 1, content: { json: '## Sign-ins' }, name: 'text - 0' },
      {
        type: 9,
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
              name: 'Users',
              type: 2,
              multiSelect: true,
              quote: "'",
              delimiter: ',',
              query: 'SigninLogs\r\n| where TimeGenerated {TimeRange}\r\n| distinct UserPrincipalName',
              queryType: 0,
              resourceType: 'microsoft.operationalinsights/workspaces',
            },
            {
              id: 'c',
              version: 'KqlParameterItem/1.0',
              name: 'Workspace',
              type: 5,
              queryType: 1,
              query: 'where type =~ "x"',
            },
          ],
          queryType: 0,
          resourceType: 'microsoft.operationalinsights/workspaces',
        },
        name: 'parameters - 1',
      },
      {
        type: 3,
        content: {
          version: 'KqlItem/1.0',
          query:
            'SigninLogs\r\n| where \'{Users:label}\' == "All" or UserPrincipalName in ({Users})\r\n| where TimeGenerated between (datetime({TimeRange:start}) .. {TimeRange:end})\r\n| summarize count() by bin(TimeGenerated, {TimeRange:grain})',
          queryType: 0,
          resourceType: 'microsoft.operationalinsights/workspaces',
          visualization: 'timechart',
        },
        name: 'query - 2',
      },
      {
        type: 12,
        content: {
          version: 'NotebookGroup/1.0',
          groupType: 'editable',
          items: [
            {
              type: 3,
              content: { version: 'KqlItem/1.0', query: groupQuery, queryType: 0 },
              name: 'query - 3',
            },
            {
              type: 3,
              content: { version: 'KqlItem/1.0', query: 'resources | count', queryType: 1 },
              name: 'arg',
            },
          ],
        },
        name: 'group - 4',
      },
    ],
  };
  return JSON.stringify(workbook, null, 2);
}

describe('gallery JSON workbooks', () => {
  it('checks every Log Analytics query, in groups and parameters, with tokens substituted', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/signins.json': gallery('SigninLogs\r\n| where UserPrincipalName has "admin"\r\n| take 10'),
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    const [item] = project.items as WorkbookItem[];
    expect(item).toMatchObject({ kind: 'workbook', form: 'gallery', title: 'signins' });
    expect(item.queries.map((q) => q.label)).toEqual(['parameter Users', 'query - 2', 'query - 3']);
    expect(item.queries[1].query.text).toContain("UserPrincipalName in ('value')");
    expect(item.queries[1].query.text).toContain('datetime(2024-01-01T00:00:00.000Z) .. datetime(2024-01-02');
    expect(errors(checkProject(project).diagnostics)).toEqual([]);
  });

  it("reports a query's error at its line and column in the JSON file, through escapes and tokens", async () => {
    const text = gallery(
      'SigninLogs\r\n| where UserPrincipalName has "admin" and {TimeRange:grain} > 0s\r\n| where Nope == 1',
    );
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/signins.json': text,
    });
    const found = errors(checkProject(await loadProject(root)).diagnostics);
    expect(found).toEqual([
      expect.objectContaining({
        file: 'workbooks/signins.json',
        code: 'KS142',
        start: positionOf(text, 'Nope'),
        end: { ...positionOf(text, 'Nope'), column: positionOf(text, 'Nope').column + 4 },
      }),
    ]);
  });

  it('reports an error inside a token at the token', async () => {
    const text = gallery('SigninLogs\r\n| where IPAddress == {Users}');
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'workbooks/w.json': text });
    // Users is multi-select: `'value'` stands for it, a list where one value is expected would be fine;
    // a scalar compared with a dynamic array is not. Here the placeholder keeps the query valid.
    expect(errors(checkProject(await loadProject(root)).diagnostics)).toEqual([]);
    const bad = gallery('SigninLogs\r\n| summarize count() by bin(UserPrincipalName, {TimeRange:grain})');
    const [d] = errors(
      checkProject(
        await loadProject(
          tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'workbooks/w.json': bad }),
        ),
      ).diagnostics,
    );
    expect(d).toMatchObject({ file: 'workbooks/w.json', start: positionOf(bad, 'bin(UserPrincipalName') });
  });

  it('reports a query step without a query, a step without a type, and a file that is no workbook', async () => {
    const noQuery = gallery('x').replace('"query": "x",', '');
    const noType = JSON.stringify({ version: 'Notebook/1.0', items: [{ content: {} }] }, null, 2);
    const root = tempProject({
      'workbooks/a.json': noQuery,
      'workbooks/b.json': noType,
      'workbooks/c.json': JSON.stringify({ version: 'Other/1.0', items: [] }),
    });
    const ds = (await loadProject(root)).diagnostics.map((d) => [d.file, d.code, d.start, d.message]);
    const key = positionOf(noQuery, '"content": {', '"groupType"');
    const contentOfGroupStep = { line: key.line, column: key.column + '"content": '.length };
    expect(ds).toEqual([
      ['workbooks/a.json', 'KQLC2003', contentOfGroupStep, "query step 'query - 3' has no query"],
      [
        'workbooks/b.json',
        'KQLC2003',
        positionOf(noType, '{', '"items"'),
        'a workbook step must be an object with a numeric type',
      ],
      [
        'workbooks/c.json',
        'KQLC2003',
        positionOf('{"version":"Other/1.0","items":[]}', '"Other'),
        "not a gallery workbook: version must be 'Notebook/1.0'",
      ],
    ]);
  });

  it('reports malformed JSON at its position and goes on with the other files', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/broken.json': '{\n  "version": "Notebook/1.0",\n  "items": [ { "type": 1, ]\n}\n',
      'workbooks/good.json': gallery('SigninLogs | take 1'),
    });
    const project = await loadProject(root);
    expect(project.items.map((i) => i.source.file.path)).toEqual(['workbooks/good.json']);
    expect(project.diagnostics.length).toBeGreaterThan(0);
    for (const d of project.diagnostics)
      expect(d).toMatchObject({ file: 'workbooks/broken.json', code: 'KQLC1002' });
    expect(project.diagnostics[0].start?.line).toBe(3);
  });
});

const YAML_WORKBOOK = `id: 2f6c1a4e-9b7d-4c3e-8a1f-5d6e7f8a9b0c
title: Sign-ins
parameters:
  - { name: TimeRange, type: timeRange, default: 7d }
  - name: Users
    type: dropdown
    multiSelect: true
    query: |
      SigninLogs
      | where TimeGenerated {TimeRange}
      | distinct UserPrincipalName
items:
  - text: "## Failed sign-ins"
  - group: Details
    items:
      - title: Failures over time
        timeRange: TimeRange
        visualization: timechart
        query: |
          SigninLogs
          | where TimeGenerated {TimeRange}
          | where UserPrincipalName in ({Users})
          | summarize count() by bin(TimeGenerated, {TimeRange:grain})
`;

describe('YAML workbooks', () => {
  it('checks each query block and maps errors to the YAML file', async () => {
    const bad = YAML_WORKBOOK.replace(
      '| summarize count()',
      '| where Missing > 0\n          | summarize count()',
    );
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/good.yaml': YAML_WORKBOOK,
      'workbooks/bad.yaml': bad.replace('2f6c1a4e', '3f6c1a4e'),
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    const good = project.items.find((i) => i.source.file.path === 'workbooks/good.yaml') as WorkbookItem;
    expect(good.queries.map((q) => q.label)).toEqual(['parameter Users', 'Failures over time']);
    expect(errors(checkProject(project).diagnostics)).toEqual([
      expect.objectContaining({
        file: 'workbooks/bad.yaml',
        code: 'KS142',
        start: positionOf(bad, 'Missing'),
      }),
    ]);
    expect(resolveProject(project).queries(good)).toHaveLength(2);
  });

  it('validates the YAML form: a step must be text, query, parameters, group or raw', async () => {
    const bad = YAML_WORKBOOK.replace('  - text: "## Failed sign-ins"', '  - title: no query here');
    const clash = YAML_WORKBOOK.replace('timeRange: TimeRange', 'timeRange: Users');
    const root = tempProject({ 'workbooks/a.yaml': bad, 'workbooks/b.yaml': clash });
    expect((await loadProject(root)).diagnostics.map((d) => [d.file, d.code, d.start, d.message])).toEqual([
      [
        'workbooks/a.yaml',
        'KQLC2001',
        positionOf(bad, 'title: no query'),
        expect.stringMatching(/^items.0: must match a schema in anyOf/),
      ],
      [
        'workbooks/b.yaml',
        'KQLC2003',
        positionOf(clash, 'Users', 'timeRange:'),
        "timeRange: 'Users' is not a time range parameter of this workbook",
      ],
    ]);
  });
});

describe('workbook tokens', () => {
  const params = new Map<string, TokenParameter>([
    ['TimeRange', { name: 'TimeRange', type: 4 }],
    ['Sev', { name: 'Sev', type: 2, multiSelect: true, quote: '"', delimiter: ',' }],
    ['Top', { name: 'Top', type: 1, value: '25' }],
    ['Name', { name: 'Name', type: 1 }],
  ]);

  it('substitutes by type and context, and leaves unknown names and function bodies alone', () => {
    const raw =
      "T | where t {TimeRange} and s in ({Sev}) and n == '{Name:escape}' and m == {Name} | take {Top} | extend x = '{TimeRange:label}', y = {Other}";
    const { text } = substituteTokens(raw, params);
    expect(text).toBe(
      "T | where t > ago(1d) and s in (\"value\") and n == 'value' and m == 'value' | take 25 | extend x = 'Last 24 hours', y = {Other}",
    );
    expect(substituteTokens('let f = (a:long) {a}; f(1)', params).text).toBe('let f = (a:long) {a}; f(1)');
  });

  it('maps every offset of the result back to the query as written', () => {
    const raw = 'T | take {Top} | where A == 1';
    const { text, toRaw } = substituteTokens(raw, params);
    expect(text).toBe('T | take 25 | where A == 1');
    expect(toRaw(text.indexOf('where'))).toBe(raw.indexOf('where'));
    expect(toRaw(text.indexOf('25'))).toBe(raw.indexOf('{Top}'));
    expect(toRaw(text.indexOf('25') + 1)).toBe(raw.indexOf('{Top}') + 1);
    expect(toRaw(0)).toBe(0);
  });
});
