import { type Static, Type as T } from '@sinclair/typebox';

/** Input rows for one table: inline rows, or a path to a JSON Lines file under the samples folder. */
export const TableInputSchema = T.Union([
  T.Array(T.Record(T.String(), T.Unknown()), { description: 'Rows, as mappings of column name to value' }),
  T.String({ description: 'Path of a JSON Lines file, relative to the samples folder' }),
]);

export const ExpectSchema = T.Object(
  {
    rows: T.Optional(
      T.Array(T.Record(T.String(), T.Unknown()), {
        description: 'Expected rows, compared without regard to order; every listed column must match',
      }),
    ),
    count: T.Optional(T.Integer({ minimum: 0, description: 'Expected number of result rows' })),
  },
  { additionalProperties: false },
);

export const TestCaseSchema = T.Object(
  {
    name: T.String({ minLength: 1 }),
    now: T.Optional(
      T.String({ description: "The test's fixed clock: an ISO 8601 datetime (default: the project's)" }),
    ),
    params: T.Optional(
      T.Record(T.String(), T.Unknown(), { description: 'Arguments for a parser under test' }),
    ),
    input: T.Optional(T.Record(T.String(), TableInputSchema)),
    expect: ExpectSchema,
  },
  { additionalProperties: false },
);

export const TestsSchema = T.Array(TestCaseSchema);

/** A sibling `<name>.tests.yaml` file. */
export const TestsFileSchema = T.Object({ tests: TestsSchema }, { additionalProperties: false });

export type TestCaseDoc = Static<typeof TestCaseSchema>;
export type ExpectDoc = Static<typeof ExpectSchema>;
