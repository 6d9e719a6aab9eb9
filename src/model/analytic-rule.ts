import { type Static, Type as T } from '@sinclair/typebox';
import { StringEnum } from './schema-helpers.js';
import { TestsSchema } from './test-case.js';

const Guid = T.String({ description: 'A GUID; never changes once published' });
const Duration = T.String({ description: "A duration such as '5m', '1h', '14d', or ISO 8601 ('PT5M')" });

export const DataConnectorSchema = T.Object({
  connectorId: T.String(),
  dataTypes: T.Array(T.String()),
});

export const EntityMappingSchema = T.Object({
  entityType: T.String(),
  fieldMappings: T.Array(T.Object({ identifier: T.String(), columnName: T.String() }), { minItems: 1 }),
});

/** An analytic rule in the Azure-Sentinel repository's YAML format. */
export const AnalyticRuleSchema = T.Object({
  id: Guid,
  name: T.String({ minLength: 1 }),
  description: T.Optional(T.String()),
  kind: StringEnum(['Scheduled', 'NRT']),
  severity: StringEnum(['Informational', 'Low', 'Medium', 'High']),
  requiredDataConnectors: T.Optional(T.Array(DataConnectorSchema)),
  queryFrequency: T.Optional(Duration),
  queryPeriod: T.Optional(Duration),
  triggerOperator: T.Optional(
    StringEnum(['gt', 'lt', 'eq', 'ne'], {
      description: 'GreaterThan (gt), LessThan (lt), Equal (eq) or NotEqual (ne)',
    }),
  ),
  triggerThreshold: T.Optional(T.Integer({ minimum: 0 })),
  status: T.Optional(T.String()),
  tactics: T.Optional(T.Array(T.String())),
  relevantTechniques: T.Optional(T.Array(T.String())),
  query: T.String({ minLength: 1 }),
  entityMappings: T.Optional(T.Array(EntityMappingSchema)),
  customDetails: T.Optional(T.Record(T.String(), T.String())),
  alertDetailsOverride: T.Optional(T.Record(T.String(), T.Unknown())),
  incidentConfiguration: T.Optional(T.Record(T.String(), T.Unknown())),
  eventGroupingSettings: T.Optional(
    T.Object({ aggregationKind: StringEnum(['SingleAlert', 'AlertPerResult']) }),
  ),
  suppressionEnabled: T.Optional(T.Boolean()),
  suppressionDuration: T.Optional(Duration),
  enabled: T.Optional(T.Boolean()),
  version: T.Optional(T.String()),
  metadata: T.Optional(T.Record(T.String(), T.Unknown())),
  tags: T.Optional(T.Array(T.Unknown())),
  tests: T.Optional(TestsSchema),
});

export type AnalyticRuleDoc = Static<typeof AnalyticRuleSchema>;
