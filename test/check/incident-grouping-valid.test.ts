import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const QUERY = 'SigninLogs | project UserPrincipalName, IPAddress';
const grouping = (body: string) => `customDetails:
  SourceIp: IPAddress
incidentConfiguration:
  createIncident: true
  groupingConfiguration:
    enabled: true
    reopenClosedIncident: false
    lookbackDuration: 5h
    matchingMethod: Selected
${body}`;

describe('incident-grouping-valid', () => {
  it('fires on an entity type the rule does not map, an undefined custom detail and a bad alert detail', async () => {
    const rule = ruleYaml(
      QUERY,
      grouping(`    groupByEntities: [Account, Host]
    groupByCustomDetails: [SourceIP]
    groupByAlertDetails: [Name]
`),
    );
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4007')).toEqual([
      "analytics/r.yaml:28:32 KQLC4007 error groups by entity type 'Host', which the rule does not map (Account)",
      "analytics/r.yaml:29:28 KQLC4007 error groups by custom detail 'SourceIP', which customDetails does not define (SourceIp)",
      "analytics/r.yaml:30:27 KQLC4007 error groupByAlertDetails takes DisplayName or Severity, not 'Name'",
    ]);
  });

  it('is silent when grouping uses mapped entities and defined custom details', async () => {
    const rule = ruleYaml(
      QUERY,
      grouping(`    groupByEntities: [Account]
    groupByCustomDetails: [SourceIp]
    groupByAlertDetails: []
`),
    );
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4007')).toEqual([]);
  });
});
