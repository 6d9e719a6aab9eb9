import { type Static, Type as T, type TSchema } from '@sinclair/typebox';

const Folders = T.Union([T.String(), T.Array(T.String())], {
  description:
    'A folder (or list of folders) relative to the project root, searched recursively for .yaml/.yml files',
});

const OneOrMany = <S extends TSchema>(schema: S, description: string) =>
  T.Union([schema, T.Array(schema, { minItems: 1 })], { description });

const ContentKindName = T.Union(
  [T.Literal('analytic'), T.Literal('hunting'), T.Literal('parser'), T.Literal('workbook')],
  { description: 'analytic (rule), hunting (query), parser or workbook' },
);

/** Which content an `include`/`exclude` entry matches: every field given must match (AND). */
export const SelectorSchema = T.Object(
  {
    path: T.Optional(
      OneOrMany(
        T.String({ minLength: 1 }),
        "A glob of project-relative file paths ('analytics/identity/**', '**/*_test.yaml'); any may match",
      ),
    ),
    kind: T.Optional(OneOrMany(ContentKindName, 'Content kinds; any may match')),
    tag: T.Optional(
      OneOrMany(
        T.String({ minLength: 1 }),
        "A tag of the item's `tags` list (string tags, case-insensitive); any may match",
      ),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'Matches an item when every field given matches (path AND kind AND tag)',
  },
);

/** A named value's text, substituted verbatim for `{{Name}}` in queries. */
const NamedValue = T.Union([T.String(), T.Number(), T.Boolean()], {
  description: 'KQL text put in place of {{Name}} in queries, verbatim (a number or boolean as written)',
});

/** `values`: name → KQL text. Names are KQL identifiers. */
export const NamedValuesSchema = T.Record(T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), NamedValue, {
  additionalProperties: false,
  description:
    'Named values substituted for {{Name}} in the queries of analytic rules, hunting queries and parsers',
});

const RuleSeverity = T.Union(
  [T.Literal('Informational'), T.Literal('Low'), T.Literal('Medium'), T.Literal('High')],
  { description: 'Informational, Low, Medium or High' },
);

/** Per-environment choices for analytic rules. */
export const EnvironmentRulesSchema = T.Object(
  {
    enabled: T.Optional(
      T.Boolean({
        description: "Every analytic rule enabled (true) or disabled (false) here; default: each rule's own",
      }),
    ),
    overrides: T.Optional(
      T.Record(
        T.String({ minLength: 1 }),
        T.Object(
          { enabled: T.Optional(T.Boolean()), severity: T.Optional(RuleSeverity) },
          { additionalProperties: false, minProperties: 1 },
        ),
        {
          additionalProperties: false,
          description: 'Per analytic rule id (GUID): enabled and/or severity in this environment',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const EnvironmentSchema = T.Object(
  {
    subscriptionId: T.String({ minLength: 1 }),
    resourceGroup: T.String({ minLength: 1 }),
    workspace: T.String({ minLength: 1, description: 'Log Analytics workspace name' }),
    location: T.Optional(T.String({ description: 'Azure region of the workspace, e.g. westeurope' })),
    armEndpoint: T.Optional(
      T.String({
        description: 'Resource Manager endpoint (sovereign clouds); default https://management.azure.com',
      }),
    ),
    authorityHost: T.Optional(T.String({ description: 'Entra ID authority host for sovereign clouds' })),
    include: T.Optional(
      T.Array(SelectorSchema, {
        description: 'Publish only items that match one of these (default: every item)',
      }),
    ),
    exclude: T.Optional(
      T.Array(SelectorSchema, { description: 'Never publish items that match one of these' }),
    ),
    rules: T.Optional(EnvironmentRulesSchema),
    values: T.Optional(NamedValuesSchema),
  },
  { additionalProperties: false },
);

const DiagnosticCode = T.String({
  pattern: '^(KQLC\\d{4}|KS\\d+)$',
  description: "A diagnostic code: kqlc's own (KQLC4019) or Kusto.Language's (KS142)",
});

/** kqlc.yaml `checks`: severity per diagnostic code, and codes switched off for one content item. */
export const ChecksSchema = T.Object(
  {
    severity: T.Optional(
      T.Record(
        DiagnosticCode,
        T.Union([T.Literal('error'), T.Literal('warning'), T.Literal('info'), T.Literal('off')]),
        {
          description: "Severity per code, e.g. { KQLC4019: error, KQLC4020: 'off' }; 'off' drops the code",
          additionalProperties: false,
        },
      ),
    ),
    disable: T.Optional(
      T.Array(
        T.Object(
          {
            code: DiagnosticCode,
            id: T.String({ minLength: 1, description: 'The content id (GUID) the code is switched off for' }),
            reason: T.Optional(T.String({ description: 'Why, for the reviewer' })),
          },
          { additionalProperties: false },
        ),
        { description: 'Codes switched off for one content item each' },
      ),
    ),
  },
  { additionalProperties: false },
);

/** kqlc.yaml: where content lives, test defaults, and the workspaces to publish to. */
export const ConfigSchema = T.Object(
  {
    paths: T.Optional(
      T.Object(
        {
          tables: T.Optional(Folders),
          samples: T.Optional(T.String()),
          watchlists: T.Optional(Folders),
          parsers: T.Optional(Folders),
          hunting: T.Optional(Folders),
          analytics: T.Optional(Folders),
          workbooks: T.Optional(Folders),
        },
        { additionalProperties: false },
      ),
    ),
    test: T.Optional(
      T.Object(
        {
          now: T.Optional(
            T.String({ description: 'Default fixed clock for tests (ISO 8601), when a test gives none' }),
          ),
          allowUnsupported: T.Optional(
            T.Boolean({
              description:
                'Tests the local engine cannot run are reported as unsupported; true keeps them from failing the run',
            }),
          ),
          coverage: T.Optional(
            T.Object(
              {
                testedItems: T.Optional(
                  T.Boolean({
                    description: 'Every parser, hunting query, analytic rule and workbook has a test',
                  }),
                ),
                workbookQueries: T.Optional(
                  T.Boolean({
                    description:
                      "Every query of every workbook (steps and parameters' queries) has a test of its own",
                  }),
                ),
                ruleAlerts: T.Optional(
                  T.Boolean({
                    description:
                      'Every analytic rule has a passing test that raises an alert and one that raises none',
                  }),
                ),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    values: T.Optional(NamedValuesSchema),
    environments: T.Optional(T.Record(T.String(), EnvironmentSchema)),
    checks: T.Optional(ChecksSchema),
  },
  { additionalProperties: false },
);

export type ConfigDoc = Static<typeof ConfigSchema>;
export type EnvironmentConfig = Static<typeof EnvironmentSchema>;
export type SelectorDoc = Static<typeof SelectorSchema>;
export type NamedValuesDoc = Static<typeof NamedValuesSchema>;
