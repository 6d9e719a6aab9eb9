import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ruleInfo } from '../../src/check/rule-info.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatGithub } from '../../src/report/github.js';
import { formatJunit } from '../../src/report/junit-xml.js';
import { formatSarif } from '../../src/report/sarif.js';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const require = createRequire(import.meta.url);
// ajv-draft-04 (for the draft-04 SARIF schema) is CommonJS whose module.exports is the Ajv class.
const Ajv4 = require('ajv-draft-04') as typeof Ajv;
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const diagnostics: Diagnostic[] = [
  {
    code: 'KS142',
    severity: 'error',
    message: "The name 'Bogus' does not refer to any known column",
    file: 'analytics/règle 1.yaml',
    start: { line: 14, column: 11 },
    end: { line: 14, column: 16 },
    contentId: '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
  },
  {
    code: 'KQLC4001',
    severity: 'warning',
    message: 'line one\nline two: 100%, done',
    file: 'analytics/r.yaml',
    start: { line: 3, column: 1 },
  },
  { code: 'KQLC1003', severity: 'info', message: 'note', file: 'x.yaml' },
];

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema and describes each rule', () => {
    const log = JSON.parse(formatSarif(diagnostics, { toolVersion: '1.2.3', rules: ruleInfo() }));
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['KQLC1003', 'KQLC4001', 'KS142']);
    expect(run.tool.driver.rules[1].help.text).toContain('docs/checks/entity-columns-exist.md');
    expect(run.results[0]).toMatchObject({
      ruleId: 'KS142',
      ruleIndex: 2,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'analytics/r%C3%A8gle%201.yaml' },
            region: { startLine: 14, startColumn: 11, endLine: 14, endColumn: 16 },
          },
        },
      ],
    });
    expect(run.results[2].level).toBe('note');
  });

  it('validates with no findings too', () => {
    const log = JSON.parse(formatSarif([], { toolVersion: '1.2.3', rules: ruleInfo() }));
    expect(new Ajv4({ strict: false, unicodeRegExp: false }).compile(sarifSchema)(log)).toBe(true);
  });
});

describe('GitHub annotations', () => {
  it('writes one workflow command per diagnostic with escaped data', () => {
    expect(formatGithub(diagnostics).split('\n')).toEqual([
      "::error file=analytics/règle 1.yaml,line=14,col=11,endLine=14,endColumn=16,title=KS142::The name 'Bogus' does not refer to any known column",
      '::warning file=analytics/r.yaml,line=3,col=1,title=KQLC4001::line one%0Aline two: 100%25, done',
      '::notice file=x.yaml,title=KQLC1003::note',
      '',
    ]);
  });
});

describe('JUnit XML', () => {
  it('is well-formed, counts failures and escapes text', () => {
    const xml = formatJunit([
      {
        name: 'kqlc check',
        cases: [
          { name: 'a.yaml', classname: 'kqlc.check' },
          {
            name: 'b<&>.yaml',
            classname: 'kqlc.check',
            failure: { message: '1 error', text: 'x "quoted" \u0001' },
          },
        ],
      },
    ]);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(doc.testsuites['@_tests']).toBe('2');
    expect(doc.testsuites['@_failures']).toBe('1');
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases[1]['@_name']).toBe('b<&>.yaml');
    expect(cases[1].failure['#text']).toBe('x "quoted"');
  });
});

describe('kqlc check --format', () => {
  const project = () =>
    tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/bad.yaml': ruleYaml('SigninLogs | project Nope'),
    });

  it('sarif, github and junit from the CLI', async () => {
    const root = project();
    const sarif = await cli(['check', root, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(2);
    const github = await cli(['check', root, '--format', 'github']);
    expect(github.stdout).toMatch(/^::error file=analytics\/bad.yaml,line=13,col=24,/);
    const junit = await cli(['check', root, '--format', 'junit']);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout);
    expect(doc.testsuites['@_tests']).toBe('2');
    expect(doc.testsuites['@_failures']).toBe('1');
  });
});
