import { type Static, Type as T } from '@sinclair/typebox';

const TYPE_DESCRIPTION =
  'A KQL scalar type: string, int, long, real, bool, datetime, timespan, dynamic, guid, decimal (case-insensitive; .NET names such as System.String are accepted)';

/** A table schema declared in the project (content/tables/*.yaml). */
export const TableSchemaSchema = T.Object(
  {
    name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    description: T.Optional(T.String()),
    columns: T.Array(
      T.Object(
        {
          name: T.String({ minLength: 1 }),
          type: T.String({ description: TYPE_DESCRIPTION }),
          description: T.Optional(T.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

/**
 * A table schema in the Azure-Sentinel repository's CustomTables format
 * (`.script/tests/KqlvalidationsTests/CustomTables/*.json`): `{ "Name", "Properties": [{ "Name", "Type" }] }`.
 * Keys are matched case-insensitively by the loader (normalised to this spelling before validation).
 */
export const CustomTableSchema = T.Object(
  {
    Name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
    Properties: T.Array(
      T.Object({ Name: T.String({ minLength: 1 }), Type: T.String({ description: TYPE_DESCRIPTION }) }),
      { minItems: 1 },
    ),
  },
  { additionalProperties: true },
);

export type TableSchemaDoc = Static<typeof TableSchemaSchema>;
export type CustomTableDoc = Static<typeof CustomTableSchema>;

/** The header of a `getschema` result exported as CSV. */
export const GETSCHEMA_CSV_COLUMNS = ['ColumnName', 'ColumnOrdinal', 'DataType', 'ColumnType'] as const;
