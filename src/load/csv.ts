/** One CSV record: its fields, and the file offset where each field starts. */
export interface CsvRecord {
  fields: string[];
  offsets: number[];
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes inside them, CRLF or LF). Returns the records,
 * or an error with the offset where the text stops being CSV (a quote left open, text after a
 * closing quote).
 */
export function parseCsv(text: string): {
  records: CsvRecord[];
  error?: { message: string; offset: number };
} {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let offsets: number[] = [];
  let p = 0;
  const n = text.length;
  if (n === 0) return { records };
  for (;;) {
    const start = p;
    let value = '';
    if (text[p] === '"') {
      p++;
      for (;;) {
        if (p >= n) return { records, error: { message: 'a quoted field is not closed', offset: start } };
        if (text[p] === '"') {
          if (text[p + 1] === '"') {
            value += '"';
            p += 2;
            continue;
          }
          p++;
          break;
        }
        value += text[p++];
      }
      if (p < n && text[p] !== ',' && text[p] !== '\n' && text[p] !== '\r') {
        return { records, error: { message: 'text after a closing quote', offset: p } };
      }
    } else {
      while (p < n && text[p] !== ',' && text[p] !== '\n' && text[p] !== '\r') value += text[p++];
    }
    fields.push(value);
    offsets.push(start);
    if (p < n && text[p] === ',') {
      p++;
      continue;
    }
    records.push({ fields, offsets });
    fields = [];
    offsets = [];
    if (text[p] === '\r') p++;
    if (text[p] === '\n') p++;
    if (p >= n) break;
  }
  return { records };
}
