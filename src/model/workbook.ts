import { type Static, Type as T, type TSchema } from '@sinclair/typebox';
import { StringEnum } from './schema-helpers.js';
import { TestsSchema } from './test-case.js';

/** Workbook parameter types kqlc names, and the gallery JSON's numbers for them. */
export const PARAMETER_TYPES = {
  text: 1,
  dropdown: 2,
  timeRange: 4,
  resource: 5,
  subscription: 6,
  resourceType: 7,
  location: 8,
} as const;

export type ParameterTypeName = keyof typeof PARAMETER_TYPES;

const Passthrough = T.Optional(
  T.Record(T.String(), T.Unknown(), {
    description:
      'Further gallery JSON properties of this step or parameter, passed through unchanged (import-workbook keeps what it does not model here)',
  }),
);

export const WorkbookParameterSchema = T.Object(
  {
    name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'Queries refer to it as {name}' }),
    type: StringEnum(Object.keys(PARAMETER_TYPES) as ParameterTypeName[]),
    label: T.Optional(T.String()),
    description: T.Optional(T.String()),
    required: T.Optional(T.Boolean()),
    multiSelect: T.Optional(T.Boolean()),
    quote: T.Optional(
      T.String({ description: "Quote around each selected value (default ' for multi-select)" }),
    ),
    delimiter: T.Optional(T.String({ description: 'Between selected values (default ,)' })),
    query: T.Optional(T.String({ description: 'KQL that lists the choices of a dropdown (value, label)' })),
    choices: T.Optional(
      T.Array(T.Union([T.String(), T.Object({ value: T.String(), label: T.Optional(T.String()) })]), {
        description: 'Fixed choices of a dropdown',
      }),
    ),
    default: T.Optional(
      T.Unknown({
        description: "The initial value: a duration such as '7d' for a time range, else the value (or list)",
      }),
    ),
    gallery: Passthrough,
  },
  { additionalProperties: false },
);

const TextStep = T.Object(
  { text: T.String({ description: 'Markdown' }), name: T.Optional(T.String()), gallery: Passthrough },
  { additionalProperties: false, description: 'text' },
);

const QueryStep = T.Object(
  {
    query: T.String({
      minLength: 1,
      description: 'KQL over the workspace; {Parameter} tokens are substituted',
    }),
    title: T.Optional(T.String()),
    name: T.Optional(T.String()),
    visualization: T.Optional(
      T.String({ description: 'table, timechart, barchart, piechart, areachart, tiles, map …' }),
    ),
    size: T.Optional(T.Integer({ minimum: 0, maximum: 4 })),
    timeRange: T.Optional(
      T.String({ description: 'The time range parameter that sets the time context of the query' }),
    ),
    gallery: Passthrough,
  },
  { additionalProperties: false, description: 'query' },
);

const ParametersStep = T.Object(
  { parameters: T.Array(WorkbookParameterSchema), name: T.Optional(T.String()), gallery: Passthrough },
  { additionalProperties: false, description: 'parameters' },
);

const RawStep = T.Object(
  {
    raw: T.Record(T.String(), T.Unknown(), {
      description:
        'A gallery JSON step kqlc does not model (links, tabs, Resource Graph queries …), kept as it is',
    }),
  },
  { additionalProperties: false, description: 'raw' },
);

export interface WorkbookGroupStep {
  group: string;
  name?: string;
  items: WorkbookStep[];
  gallery?: Record<string, unknown>;
}

export type WorkbookStep =
  | Static<typeof TextStep>
  | Static<typeof QueryStep>
  | Static<typeof ParametersStep>
  | Static<typeof RawStep>
  | WorkbookGroupStep;

const Step: TSchema = T.Recursive(
  (Self) =>
    T.Union([
      TextStep,
      QueryStep,
      ParametersStep,
      T.Object(
        {
          group: T.String({ description: 'The group title' }),
          name: T.Optional(T.String()),
          items: T.Array(Self),
          gallery: Passthrough,
        },
        { additionalProperties: false, description: 'group' },
      ),
      RawStep,
    ]),
  { $id: 'WorkbookStep' },
);

/**
 * A workbook in kqlc's YAML authoring form: title, parameters, and steps (text, queries, groups).
 * kqlc checks every query and builds the gallery JSON (`Notebook/1.0`) that Sentinel stores.
 */
export const WorkbookSchema = T.Object(
  {
    id: T.String({ description: 'A GUID: the workbook resource name; never changes once published' }),
    title: T.String({ minLength: 1 }),
    description: T.Optional(T.String()),
    version: T.Optional(T.String()),
    category: T.Optional(T.String({ description: "Workbook gallery category (default 'sentinel')" })),
    parameters: T.Optional(T.Array(WorkbookParameterSchema)),
    items: T.Array(Step),
    gallery: Passthrough,
    tests: T.Optional(TestsSchema),
  },
  { additionalProperties: false },
);

export type WorkbookParameterDoc = Static<typeof WorkbookParameterSchema>;
export type WorkbookDoc = {
  id: string;
  title: string;
  description?: string;
  version?: string;
  category?: string;
  parameters?: WorkbookParameterDoc[];
  items: WorkbookStep[];
  gallery?: Record<string, unknown>;
};
