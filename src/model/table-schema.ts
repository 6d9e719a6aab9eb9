import { type Static, Type as T } from '@sinclair/typebox';

export const KqlTypeSchema = T.Union(
  [
    'string',
    'int',
    'long',
    'real',
    'double',
    'decimal',
    'bool',
    'boolean',
    'datetime',
    'date',
    'timespan',
    'time',
    'dynamic',
    'guid',
    'uniqueid',
  ].map((t) => T.Literal(t)),
);

/** A table schema declared in the project (content/tables/*.yaml). */
export const TableSchemaSchema = T.Object(
  {
    name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    description: T.Optional(T.String()),
    columns: T.Array(
      T.Object({
        name: T.String({ minLength: 1 }),
        type: KqlTypeSchema,
        description: T.Optional(T.String()),
      }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export type TableSchemaDoc = Static<typeof TableSchemaSchema>;
