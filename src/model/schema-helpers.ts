import { Type as T, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A string enum as a plain JSON Schema `enum`, which gives ajv a readable message ("must be one of …"). */
export function StringEnum<const V extends string>(
  values: readonly V[],
  options: Record<string, unknown> = {},
): TUnsafe<V> {
  return T.Unsafe<V>({ type: 'string', enum: [...values], ...options });
}

export type { TSchema };
