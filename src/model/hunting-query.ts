import { type Static, Type as T } from '@sinclair/typebox';
import { DataConnectorSchema, EntityMappingSchema } from './analytic-rule.js';
import { TestsSchema } from './test-case.js';

/** A hunting query in the Azure-Sentinel repository's YAML format. */
export const HuntingQuerySchema = T.Object({
  id: T.String({ description: 'A GUID; never changes once published' }),
  name: T.String({ minLength: 1 }),
  description: T.Optional(T.String()),
  requiredDataConnectors: T.Optional(T.Array(DataConnectorSchema)),
  tactics: T.Optional(T.Array(T.String())),
  relevantTechniques: T.Optional(T.Array(T.String())),
  query: T.String({ minLength: 1 }),
  entityMappings: T.Optional(T.Array(EntityMappingSchema)),
  version: T.Optional(T.String()),
  metadata: T.Optional(T.Record(T.String(), T.Unknown())),
  tags: T.Optional(T.Array(T.Unknown())),
  tests: T.Optional(TestsSchema),
});

export type HuntingQueryDoc = Static<typeof HuntingQuerySchema>;
