import { type Static, Type as T } from '@sinclair/typebox';

/**
 * A watchlist declared in the project (content/watchlists/*.yaml): what `_GetWatchlist('alias')`
 * returns, so queries over it are typed and checked, and tests can run against its rows.
 */
export const WatchlistSchema = T.Object(
  {
    alias: T.String({
      minLength: 1,
      description: "The watchlist alias, as queries name it: _GetWatchlist('alias')",
    }),
    displayName: T.Optional(T.String()),
    description: T.Optional(T.String()),
    searchKey: T.String({
      minLength: 1,
      description: 'The column whose values _GetWatchlist also returns as SearchKey',
    }),
    columns: T.Array(
      T.Object(
        {
          name: T.String({ minLength: 1, description: "A column name; spaces are allowed (['User Name'])" }),
          type: T.Optional(
            T.String({ description: 'A KQL scalar type (default string): watchlist values are text' }),
          ),
          description: T.Optional(T.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    rows: T.Optional(
      T.Array(T.Record(T.String(), T.Unknown()), {
        description: 'Items of the watchlist (column name → value); tests see them through _GetWatchlist',
      }),
    ),
  },
  { additionalProperties: false },
);

export type WatchlistDoc = Static<typeof WatchlistSchema>;
