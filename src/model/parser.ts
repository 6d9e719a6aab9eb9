import { type Static, Type as T } from '@sinclair/typebox';
import { TestsSchema } from './test-case.js';

export const ParameterSchema = T.Object({
  name: T.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }),
  type: T.String({
    description: 'A KQL scalar type: string, int, long, real, bool, datetime, timespan, dynamic, guid',
  }),
  default: T.Optional(T.Unknown()),
  description: T.Optional(T.String()),
});

/**
 * A parser (KQL function) in kqlc's own form. `name` is the function alias that queries call.
 * The ASIM (ParserName/ParserParams/ParserQuery) and solution (FunctionName/FunctionParams/FunctionQuery)
 * forms are recognised by the loader and normalised to this one.
 */
export const ParserSchema = T.Object({
  id: T.String({ description: 'A GUID; never changes once published' }),
  name: T.String({
    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
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

export type ParserDoc = Static<typeof ParserSchema>;
export type ParameterDoc = Static<typeof ParameterSchema>;
