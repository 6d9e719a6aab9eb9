/** Errors of the local engine: unsupported constructs (with their position) and runtime failures. */

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** A construct outside the supported set; never a silent pass. */
export class EngineUnsupportedError extends Error {
  readonly construct: string;
  readonly offset: number;
  constructor(construct: string, offset: number, queryText: string) {
    const { line, column } = lineColumn(queryText, offset);
    super(`not supported by the local engine: ${construct} at ${line}:${column}`);
    this.name = 'EngineUnsupportedError';
    this.construct = construct;
    this.offset = offset;
  }
}

/** A runtime failure: limits exceeded, bad input values, internal inconsistencies. */
export class EngineError extends Error {
  readonly offset?: number;
  constructor(message: string, offset?: number) {
    super(message);
    this.name = 'EngineError';
    if (offset !== undefined) this.offset = offset;
  }
}

/** The query has KQL error diagnostics, so it was not evaluated. */
export class EngineQueryError extends Error {
  readonly diagnostics: readonly { code: string; message: string; start: number; length: number }[];
  constructor(
    queryText: string,
    diagnostics: readonly { code: string; message: string; start: number; length: number }[],
  ) {
    const lines = diagnostics.map((d) => {
      const { line, column } = lineColumn(queryText, d.start);
      return `${d.code} at ${line}:${column}: ${d.message}`;
    });
    super(`the query has KQL errors:\n${lines.join('\n')}`);
    this.name = 'EngineQueryError';
    this.diagnostics = diagnostics;
  }
}
