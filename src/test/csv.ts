/**
 * RFC 4180 CSV, as the Log Analytics portal exports it: comma-separated, fields optionally quoted with
 * `"`, a quote inside a quoted field doubled, quoted fields may hold commas and line breaks, records end
 * with CRLF or LF. Strict about quoting, because a broken quote silently shifts every later column.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Parses CSV text into records; throws CsvError at the first malformed record. Blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark, as Excel writes it
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let ended = false;
    while (!ended) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) throw new CsvError('a quoted field is not closed', quoteLine);
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r')
          throw new CsvError(`unexpected ${JSON.stringify(next)} after a closing quote`, line);
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"')
            throw new CsvError('a quote inside an unquoted field (quote the whole field)', line);
          i++;
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      if (i >= n) ended = true;
      else if (text[i] === ',') i++;
      else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        ended = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    records.push({ fields, line: start });
  }
  return records;
}
