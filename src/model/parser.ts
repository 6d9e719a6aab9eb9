import { type Static, Type as T } from '@sinclair/typebox';
import { TestsSchema } from './test-case.js';

const Identifier = '^[A-Za-z_][A-Za-z0-9_]*$';
const KqlTypeName = T.String({
  description: 'A KQL scalar type: string, int, long, real, bool, datetime, timespan, dynamic, guid',
});

export const ParameterSchema = T.Object({
  name: T.String({ pattern: Identifier }),
  type: KqlTypeName,
  default: T.Optional(T.Unknown()),
  description: T.Optional(T.String()),
});

/**
 * A parser (KQL function) in kqlc's own form. `name` is the function alias that queries call.
 * The ASIM (ParserName/ParserParams/ParserQuery) and solution (FunctionName/FunctionParams/FunctionQuery)
 * forms are recognised by the loader from their keys and normalised to this one.
 */
export const ParserSchema = T.Object({
  id: T.String({ description: 'A GUID; never changes once published' }),
  name: T.String({
    pattern: Identifier,
    description: 'The function alias that queries call',
  }),
  title: T.Optional(T.String()),
  description: T.Optional(T.String()),
  category: T.Optional(T.String()),
  version: T.Optional(T.String()),
  parameters: T.Optional(T.Array(ParameterSchema)),
  query: T.String({ minLength: 1 }),
  tests: T.Optional(TestsSchema),
});

/** A parameter of an ASIM or solution parser: `Default` is KQL text (`datetime(null)`, `dynamic([])`) or a YAML value. */
export const AzureParameterSchema = T.Object({
  Name: T.String({ pattern: Identifier }),
  Type: KqlTypeName,
  Default: T.Optional(T.Unknown()),
  Description: T.Optional(T.String()),
});

const TitleBlock = T.Object(
  {
    Title: T.Optional(T.String()),
    Version: T.Optional(T.Union([T.String(), T.Number()])),
    LastUpdated: T.Optional(T.Unknown()),
  },
  { description: 'Title, Version and LastUpdated of the function' },
);

/**
 * An ASIM parser as the Azure-Sentinel repository keeps it (`Parsers/ASim*\/Parsers/*.yaml`):
 * `ParserName` is the function alias, `ParserParams` its parameters, `ParserQuery` its body.
 * Other keys (Product, Normalization, References …) are documentation and are kept as they are.
 */
export const AsimParserSchema = T.Object(
  {
    id: T.Optional(
      T.String({ description: 'A GUID; without one, kqlc derives a stable one from ParserName' }),
    ),
    Parser: T.Optional(TitleBlock),
    Description: T.Optional(T.String()),
    ParserName: T.String({ pattern: Identifier, description: 'The function alias that queries call' }),
    EquivalentBuiltInParser: T.Optional(T.String()),
    ParserParams: T.Optional(T.Array(AzureParameterSchema)),
    ParserQuery: T.String({ minLength: 1 }),
    tests: T.Optional(TestsSchema),
  },
  { additionalProperties: true },
);

/**
 * A parser in an Azure-Sentinel solution (`Solutions/*\/Parsers/*.yaml`) or an ASIM helper function:
 * `FunctionAlias` (else `FunctionName`) is the name queries call, `FunctionParams` its parameters,
 * `FunctionQuery` its body.
 */
export const SolutionParserSchema = T.Object(
  {
    id: T.Optional(
      T.String({ description: 'A GUID; without one, kqlc derives a stable one from the alias' }),
    ),
    Function: T.Optional(TitleBlock),
    Category: T.Optional(T.String()),
    Description: T.Optional(T.String()),
    FunctionName: T.String({ pattern: Identifier }),
    FunctionAlias: T.Optional(T.String({ pattern: Identifier, description: 'The name queries call' })),
    FunctionParams: T.Optional(T.Array(AzureParameterSchema)),
    FunctionQuery: T.String({ minLength: 1 }),
    tests: T.Optional(TestsSchema),
  },
  { additionalProperties: true },
);

export type ParserDoc = Static<typeof ParserSchema>;
export type ParameterDoc = Static<typeof ParameterSchema>;
export type AsimParserDoc = Static<typeof AsimParserSchema>;
export type SolutionParserDoc = Static<typeof SolutionParserSchema>;
export type AzureParameterDoc = Static<typeof AzureParameterSchema>;
