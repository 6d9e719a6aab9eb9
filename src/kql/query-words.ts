const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The identifiers a query text mentions: the cheap over-approximation of which tables and functions it
 * can read (a name in a comment or a string counts too, so nothing is ever missed). Used to pick the
 * built-in tables to register, the dependencies of the check cache, and what `--changed-since` re-checks.
 */
export function queryWords(text: string): Set<string> {
  return new Set(text.match(WORD) ?? []);
}
