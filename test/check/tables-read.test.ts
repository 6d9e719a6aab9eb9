import { describe, expect, it } from 'vitest';
import { tablesRead } from '../../src/kql/tables-read.js';
import { World } from '../../src/kql/world.js';

const table = (name: string) => ({
  name,
  columns: [
    { name: 'TimeGenerated', type: 'datetime' as const },
    { name: 'User', type: 'string' as const },
  ],
});
const world = new World(
  [table('SigninLogs'), table('AuditLogs'), table('OfficeActivity')],
  [
    { name: 'Signins', parameters: [], body: 'SigninLogs | project TimeGenerated, User' },
    { name: 'AllUsers', parameters: [], body: 'union Signins, (AuditLogs | project TimeGenerated, User)' },
  ],
);
const read = (query: string) => tablesRead(world.analyze(query).code);

describe('tablesRead (src/kql/tables-read.ts)', () => {
  it('names the tables a query reads, once each, sorted', () => {
    expect(read('OfficeActivity | join kind=inner (SigninLogs) on User | union OfficeActivity')).toEqual({
      tables: ['OfficeActivity', 'SigninLogs'],
      complete: true,
    });
  });

  it('follows parsers calling parsers', () => {
    expect(read('AllUsers | where User == "x"')).toEqual({
      tables: ['AuditLogs', 'SigninLogs'],
      complete: true,
    });
  });

  it('follows let-functions with table(name) through each call, not the declaration', () => {
    const q = 'let f = (t:string) { table(t) | project User };\nunion f("SigninLogs"), f("AuditLogs")';
    expect(read(q)).toEqual({ tables: ['AuditLogs', 'SigninLogs'], complete: true });
    expect(read('let f = (t:string) { table(t) };\nOfficeActivity')).toEqual({
      tables: ['OfficeActivity'],
      complete: true,
    });
  });

  it('says when the tables cannot all be named', () => {
    expect(read('union * | take 1').complete).toBe(false);
    expect(read('search "x"').complete).toBe(false);
    expect(read('SigninLogs | search "x"')).toEqual({ tables: ['SigninLogs'], complete: true });
    expect(read('search in (AuditLogs) "x"')).toEqual({ tables: ['AuditLogs'], complete: true });
  });
});
