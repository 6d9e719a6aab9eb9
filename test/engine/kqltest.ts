/**
 * Reader for golden `.kqltest` files:
 *   # title            starts a case
 *   @now <iso>         optional; default 2026-11-20T12:00:00Z
 *   @unordered         optional; compare rows as a multiset
 *   > query            the query (following lines until `---` continue it)
 *   ---
 *   Name:type; Name:type   expected header, then rows with `;`-separated cells
 *   error: <text>      instead of a header: the query must fail with a message containing <text>
 * Cells: `null`, numbers, `true`/`false`, JSON arrays/objects and "quoted strings" are JSON; anything else is raw text.
 */
export interface KqlTestCase {
  file: string;
  line: number;
  title: string;
  now: string;
  unordered: boolean;
  query: string;
  expectError?: string;
  columns: { name: string; type: string }[];
  rows: string[][];
}

export function splitCells(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString) {
      cur += ch;
      if (ch === '\\') {
        cur += line[++i] ?? '';
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    if (ch === ';' && depth === 0) {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

export function parseKqlTest(file: string, text: string): KqlTestCase[] {
  const lines = text.split(/\r?\n/);
  const cases: KqlTestCase[] = [];
  let current: KqlTestCase | undefined;
  let mode: 'meta' | 'query' | 'expect' = 'meta';
  let headerSeen = false;
  lines.forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (line.startsWith('# ')) {
      current = {
        file,
        line: index + 1,
        title: line.slice(2).trim(),
        now: '2026-11-20T12:00:00Z',
        unordered: false,
        query: '',
        columns: [],
        rows: [],
      };
      cases.push(current);
      mode = 'meta';
      headerSeen = false;
      return;
    }
    if (!current) return;
    if (mode === 'meta' || mode === 'query') {
      if (line.startsWith('@now ')) current.now = line.slice(5).trim();
      else if (line === '@unordered') current.unordered = true;
      else if (line.startsWith('> ')) {
        current.query += (current.query ? '\n' : '') + line.slice(2);
        mode = 'query';
      } else if (line === '---') mode = 'expect';
      else if (mode === 'query' && line.trim() !== '') current.query += `\n${line}`;
      return;
    }
    if (line.trim() === '') return;
    if (!headerSeen) {
      headerSeen = true;
      if (line.startsWith('error:')) {
        current.expectError = line.slice(6).trim();
        return;
      }
      current.columns = splitCells(line).map((c) => {
        const at = c.lastIndexOf(':');
        return { name: c.slice(0, at).trim(), type: c.slice(at + 1).trim() };
      });
      return;
    }
    current.rows.push(splitCells(line));
  });
  return cases;
}

/** The JSON-form value a cell stands for, given its column type. */
export function cellValue(cell: string, type: string): unknown {
  if (cell === 'null') return type === 'string' ? '' : null;
  if (type === 'string' || type === 'guid' || type === 'datetime' || type === 'timespan') {
    if (cell.startsWith('"')) return JSON.parse(cell);
    return cell;
  }
  if (type === 'bool') return cell === 'true' ? true : cell === 'false' ? false : cell;
  if (type === 'long' || type === 'int' || type === 'real' || type === 'decimal') {
    if (cell === 'NaN') return Number.NaN;
    if (/^-?\d+$/.test(cell) && !Number.isSafeInteger(Number(cell))) return cell;
    const n = Number(cell);
    return Number.isNaN(n) ? cell : n;
  }
  try {
    return JSON.parse(cell);
  } catch {
    return cell;
  }
}
