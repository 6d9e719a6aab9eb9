import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const QUERY = 'SigninLogs | extend Name = UserPrincipalName | project UserPrincipalName, IPAddress, Name';
const withMappings = (mappings: string) =>
  ruleYaml(QUERY).replace(/entityMappings:[\s\S]*$/, `entityMappings:\n${mappings}`);

describe('entity-mappings-valid', () => {
  it('fires on an unknown entity type, a misspelt one, and an unknown identifier', async () => {
    const rule = withMappings(`  - entityType: User
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
  - entityType: ip
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
  - entityType: Account
    fieldMappings:
      - identifier: UserPrincipalName
        columnName: UserPrincipalName
      - identifier: fullname
        columnName: UserPrincipalName
`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4004')).toEqual([
      expect.stringMatching(
        /^analytics\/r.yaml:15:17 KQLC4004 error 'User' is not an entity type Sentinel maps \(Account, /,
      ),
      "analytics/r.yaml:19:17 KQLC4004 error entity type 'ip' is spelt 'IP' in Sentinel",
      'analytics/r.yaml:23:17 KQLC4004 error Account needs one of these identifiers to identify it: FullName, Sid, Name, AadUserId, PUID, ObjectGuid',
      expect.stringMatching(
        /^analytics\/r.yaml:25:21 KQLC4004 error 'UserPrincipalName' is not an identifier of Account \(Name, FullName,/,
      ),
      "analytics/r.yaml:27:21 KQLC4004 error Account identifier 'fullname' is spelt 'FullName'",
    ]);
  });

  it('fires when a required pair is incomplete (FileHash needs Algorithm and Value)', async () => {
    const rule = withMappings(`  - entityType: FileHash
    fieldMappings:
      - identifier: Value
        columnName: Name
`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4004')).toEqual([
      'analytics/r.yaml:15:17 KQLC4004 error FileHash needs one of these identifiers to identify it: Algorithm + Value',
    ]);
  });

  it('fires on more than 10 mappings and more than 3 identifiers in one', async () => {
    const ip = `  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
`;
    const account = `  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
      - identifier: Name
        columnName: Name
      - identifier: UPNSuffix
        columnName: Name
      - identifier: DisplayName
        columnName: Name
`;
    const rule = withMappings(account + ip.repeat(10));
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4004')).toEqual([
      'analytics/r.yaml:14:1 KQLC4004 error 11 entity mappings; Sentinel accepts at most 10',
      'analytics/r.yaml:16:5 KQLC4004 error 4 identifiers mapped for Account; Sentinel accepts at most 3 per entity',
    ]);
  });

  it('is silent on valid mappings, including an Account identified by Name alone (as Azure-Sentinel rules do)', async () => {
    const rule = withMappings(`  - entityType: Account
    fieldMappings:
      - identifier: Name
        columnName: Name
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4004')).toEqual([]);
  });
});
