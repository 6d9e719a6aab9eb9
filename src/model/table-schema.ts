import { type Static, Type as T } from '@sinclair/typebox';

/** A table schema declared in the project (content/tables/*.yaml). */
export const TableSchemaSchema = T.Object(
  {
    name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    description: T.Optional(T.String()),
    columns: T.Array(
      T.Object(
        {
          name: T.String({ minLength: 1 }),
          type: T.String({
            description:
              'A KQL scalar type: string, int, long, real, bool, datetime, timespan, dynamic, guid, decimal (case-insensitive; .NET names such as System.String are accepted)',
          }),
          description: T.Optional(T.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

export type TableSchemaDoc = Static<typeof TableSchemaSchema>;
