import { describe, expect, it } from 'vitest';
import { huntingYaml } from './lint-helpers.js';
import { findings } from './run-check.js';

const run = (query: string) => findings({ 'hunting/h.yaml': huntingYaml(query) }, 'KQLC4018');

describe('search-all-tables', () => {
  it('warns on search without a table or in (…), and on union *', async () => {
    expect(await run('search "evil.example"\n| where TimeGenerated > ago(1d)')).toEqual([
      'hunting/h.yaml:5:3 KQLC4018 warning search across every table: name them, as in `search in (SigninLogs, AuditLogs) "…"`, or start from one table: `SigninLogs | search "…"`',
    ]);
    expect(await run('union *\n| where TimeGenerated > ago(1d)')).toEqual([
      'hunting/h.yaml:5:9 KQLC4018 warning union * reads every table: list the tables, as in `union SigninLogs, AADNonInteractiveUserSignInLogs`',
    ]);
  });

  it('is silent on a search scoped to tables and a union of named tables', async () => {
    expect(await run('search in (SigninLogs) "evil.example"\n| where TimeGenerated > ago(1d)')).toEqual([]);
    expect(await run('SigninLogs\n| search "evil.example"\n| where TimeGenerated > ago(1d)')).toEqual([]);
    expect(await run('union SigninLogs, SigninLogs\n| where TimeGenerated > ago(1d)')).toEqual([]);
  });
});
