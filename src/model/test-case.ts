import { type Static, Type as T } from '@sinclair/typebox';
import { StringEnum } from './schema-helpers.js';

/**
 * Input rows for one table: inline rows, or a path (relative to the samples folder) to a JSON Lines file
 * (`.jsonl`) or a Log Analytics CSV export (`.csv`).
 */
export const TableInputSchema = T.Union([
  T.Array(T.Record(T.String(), T.Unknown()), { description: 'Rows, as mappings of column name to value' }),
  T.String({
    description:
      'Path of a JSON Lines (.jsonl) file or a Log Analytics CSV export (.csv), relative to the samples folder',
  }),
]);

const Row = T.Record(T.String(), T.Unknown(), {
  description:
    "A row: column name → expected value, or a matcher: '$any', { $regex: '…' }, { $approx: 1.5, tolerance: 0.01 }",
});

export const KQL_TYPES = [
  'string',
  'int',
  'long',
  'real',
  'decimal',
  'bool',
  'datetime',
  'timespan',
  'guid',
  'dynamic',
] as const;

export const ExpectedEntitySchema = T.Object(
  {
    type: T.String({ description: 'Entity type, as in entityMappings (Account, Host, IP, …)' }),
  },
  {
    additionalProperties: T.Unknown(),
    description: 'An entity of the alert: its type and the identifiers it must carry (e.g. FullName)',
  },
);

export const ExpectedAlertSchema = T.Object(
  {
    name: T.Optional(T.Unknown({ description: 'Alert name, after alertDisplayNameFormat' })),
    description: T.Optional(T.Unknown({ description: 'Alert description, after alertDescriptionFormat' })),
    severity: T.Optional(StringEnum(['Informational', 'Low', 'Medium', 'High'])),
    tactics: T.Optional(T.Array(T.String())),
    entities: T.Optional(
      T.Array(ExpectedEntitySchema, {
        description: 'Exactly the entities of the alert (in any order); each lists the identifiers it checks',
      }),
    ),
    customDetails: T.Optional(
      T.Record(T.String(), T.Unknown(), {
        description: 'Custom details: key → the list of values (a single value stands for a list of one)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ExpectSchema = T.Object(
  {
    rows: T.Optional(
      T.Array(Row, {
        description:
          'Exactly these rows, compared without regard to order (unless ordered); every listed column must match',
      }),
    ),
    ordered: T.Optional(T.Boolean({ description: 'Compare rows in order' })),
    contains: T.Optional(
      T.Array(Row, { description: 'These rows must be among the results; other rows may come too' }),
    ),
    count: T.Optional(T.Integer({ minimum: 0, description: 'Expected number of result rows' })),
    columns: T.Optional(
      T.Record(T.String(), StringEnum(KQL_TYPES), {
        description: 'Exactly these output columns, in this order, with these types',
      }),
    ),
    alerts: T.Optional(
      T.Union([
        T.Integer({ minimum: 0, description: 'Number of alerts the analytic rule raises' }),
        T.Array(ExpectedAlertSchema, {
          description: 'The alerts the analytic rule raises, in any order',
        }),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const TestCaseSchema = T.Object(
  {
    name: T.String({ minLength: 1 }),
    now: T.Optional(
      T.String({ description: "The test's fixed clock: an ISO 8601 datetime (default: the project's)" }),
    ),
    skip: T.Optional(
      T.String({ minLength: 1, description: 'Do not run this test, for this reason (reported as skipped)' }),
    ),
    params: T.Optional(
      T.Record(T.String(), T.Unknown(), { description: 'Arguments for a parser under test' }),
    ),
    query: T.Optional(
      T.String({
        minLength: 1,
        description:
          "Workbooks only: which of the workbook's queries to run, by its step name, its title, 'parameter <Name>' for a parameter's query, or its path (items.2.items.0)",
      }),
    ),
    parameters: T.Optional(
      T.Record(T.String(), T.Unknown(), {
        description:
          "Workbooks only: values for the workbook's parameter tokens ({Name}, {Name:label} …). A time range is a duration ending at now ('7d'), { last: 7d } or { start, end } (grain, label optional); a multi-select a list; { value, label } gives a label too",
      }),
    ),
    input: T.Optional(T.Record(T.String(), TableInputSchema)),
    watchlists: T.Optional(
      T.Record(T.String(), TableInputSchema, {
        description:
          "Rows _GetWatchlist('alias') returns in this test, instead of the watchlist's declared rows: inline, or a .jsonl/.csv file under the samples folder",
      }),
    ),
    expect: ExpectSchema,
  },
  { additionalProperties: false },
);

export const TestsSchema = T.Array(TestCaseSchema);

/** A sibling `<name>.tests.yaml` file. */
export const TestsFileSchema = T.Object({ tests: TestsSchema }, { additionalProperties: false });

export type TestCaseDoc = Static<typeof TestCaseSchema>;
export type ExpectDoc = Static<typeof ExpectSchema>;
export type ExpectedAlertDoc = Static<typeof ExpectedAlertSchema>;
export type ExpectedEntityDoc = Static<typeof ExpectedEntitySchema>;
