import { describe, expect, it } from 'vitest';
import { re2Error } from '../../src/check/checks/regex-re2.js';
import { huntingYaml } from './lint-helpers.js';
import { findings } from './run-check.js';

const run = (query: string) =>
  findings(
    { 'hunting/h.yaml': huntingYaml(`SigninLogs\n| where TimeGenerated > ago(1d)\n${query}`) },
    'KQLC4022',
  );

describe('regex-re2', () => {
  it('warns on lookaround and backreferences in matches regex, extract and replace_regex', async () => {
    const out = await run(
      [
        '| where UserPrincipalName matches regex @"^(?!svc_).*"',
        '| extend Domain = extract(@"(\\w+)@\\1", 1, UserPrincipalName)',
        '| extend X = replace_regex(UserPrincipalName, @"(?<=@)\\w+", "x")',
      ].join('\n'),
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^hunting\/h.yaml:7:43 KQLC4022 warning RE2, Kusto's regex engine, rejects "\^\(\?!svc_\)\.\*": /,
      ),
      expect.stringMatching(
        /^hunting\/h.yaml:8:29 KQLC4022 warning RE2, Kusto's regex engine, rejects "\(\\\\w\+\)@\\\\1": /,
      ),
      expect.stringMatching(/^hunting\/h.yaml:9:49 KQLC4022 warning RE2, Kusto's regex engine, rejects /),
    ]);
  });

  it('is silent on patterns RE2 accepts, including a let-bound pattern and inline flags', async () => {
    const query =
      '| where UserPrincipalName matches regex @"(?i)^[a-z0-9._%+-]+@contoso\\.com$"\n| extend U = extract("^([^@]+)", 1, UserPrincipalName)';
    expect(await run(query)).toEqual([]);
    expect(re2Error('[0-9a-z]{8}-[0-9a-z]{4}')).toBeUndefined();
    expect(re2Error('(a')).toMatch(/missing closing \)/);
  });
});
