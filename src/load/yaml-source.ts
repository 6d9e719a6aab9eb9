import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  Scalar,
} from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import type { SourceFile } from './source-file.js';

export type YamlPath = ReadonlyArray<string | number>;

export interface Span {
  start: Position;
  end: Position;
}

/** Most aliases a document may expand; a guard against "billion laughs" alias bombs. */
const MAX_ALIAS_COUNT = 100;

/**
 * A parsed YAML file that remembers where every node came from, so that a problem found anywhere
 * later (a schema violation, a KQL error inside a block scalar) can be reported at its line and column.
 */
export class YamlSource {
  private constructor(
    readonly file: SourceFile,
    readonly doc: Document.Parsed,
    /** The document as plain data; undefined when the YAML could not be parsed. */
    readonly value: unknown,
  ) {}

  static parse(file: SourceFile): { source: YamlSource | undefined; diagnostics: Diagnostic[] } {
    const diagnostics: Diagnostic[] = [];
    const doc = parseDocument(file.text, {
      lineCounter: new LineCounter(),
      prettyErrors: false,
      uniqueKeys: true,
    });
    for (const error of doc.errors) {
      diagnostics.push(
        diagnostic('yamlSyntax', firstLine(error.message), {
          file: file.path,
          start: file.lines.position(error.pos[0]),
          end: file.lines.position(error.pos[1]),
        }),
      );
    }
    for (const warning of doc.warnings) {
      diagnostics.push(
        diagnostic('yamlWarning', firstLine(warning.message), {
          file: file.path,
          start: file.lines.position(warning.pos[0]),
          end: file.lines.position(warning.pos[1]),
        }),
      );
    }
    if (doc.errors.length > 0) return { source: undefined, diagnostics };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      diagnostics.push(
        diagnostic('yamlSyntax', `cannot expand the document: ${(e as Error).message}`, {
          file: file.path,
          start: { line: 1, column: 1 },
        }),
      );
      return { source: undefined, diagnostics };
    }
    return { source: new YamlSource(file, doc, value), diagnostics };
  }

  /**
   * A source for a file that is not YAML (a legacy `.kql` parser, a CSV schema): `value` is what was
   * read from it; paths have no nodes, so every span falls back to the start of the file.
   */
  static ofText(file: SourceFile, value: unknown): YamlSource {
    const doc = new Document(new Scalar(file.text)) as unknown as Document.Parsed;
    return new YamlSource(file, doc, value);
  }

  /** The node at a path; with `key`, the node of the key of the last segment instead of its value. */
  node(path: YamlPath, key = false): Node | undefined {
    if (path.length === 0) return isNode(this.doc.contents) ? this.doc.contents : undefined;
    const parent = path.length === 1 ? this.doc.contents : this.doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === last);
      if (!pair) return undefined;
      const n = key ? pair.key : pair.value;
      return isNode(n) ? n : undefined;
    }
    if (isSeq(parent) && typeof last === 'number') {
      const n = parent.items[last];
      return isNode(n) ? n : undefined;
    }
    return undefined;
  }

  /**
   * The span of the node at `path`, or of its closest existing ancestor (a missing property is
   * reported at the mapping that lacks it).
   */
  span(path: YamlPath, key = false): Span {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n), key && n === path.length);
      if (node?.range) return this.spanOf(node.range[0], node.range[1]);
    }
    return this.spanOf(0, 0);
  }

  spanOf(startOffset: number, endOffset: number): Span {
    return { start: this.file.lines.position(startOffset), end: this.file.lines.position(endOffset) };
  }

  /**
   * A function from an offset in a scalar's value (such as the KQL of a `query: |` block) to the
   * offset in the file where that character stands. Works for literal, folded, plain and quoted scalars:
   * every non-space character of the value is found again in order in the source text.
   */
  scalarOffsets(path: YamlPath): ((valueOffset: number) => number) | undefined {
    const node = this.node(path);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    if (node.type === 'QUOTE_DOUBLE') {
      const exact = alignDoubleQuoted(node.value, this.file.text, node.range[0], node.range[1]);
      if (exact) return exact;
    }
    return alignScalar(node.value, this.file.text, node.range[0], node.range[1]);
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** Aligns a scalar's value with its source text; see YamlSource.scalarOffsets. */
export function alignScalar(
  value: string,
  text: string,
  start: number,
  end: number,
): (offset: number) => number {
  let p = start;
  // Skip the block header (`|`, `>-`, `|2+` …) and anything else up to the first line break.
  const header = text[p];
  if (header === '|' || header === '>') {
    const nl = text.indexOf('\n', p);
    p = nl < 0 || nl > end ? end : nl + 1;
  } else if (header === '"' || header === "'") {
    p++;
  }
  const map = new Int32Array(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const space = c === ' ' || c === '\n' || c === '\t' || c === '\r';
    if (space) {
      map[i] = p;
      const s = text[p];
      if (p < end && (s === ' ' || s === '\n' || s === '\t' || s === '\r')) p++;
      continue;
    }
    let q = p;
    while (q < end && text[q] !== c && /[\s\\'"]/.test(text[q])) q++;
    if (text[q] === c) p = q;
    map[i] = p;
    if (p < end) p++;
  }
  map[value.length] = p;
  return (offset: number) => map[Math.max(0, Math.min(offset, value.length))];
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Exact alignment of a double-quoted scalar written on one line (every JSON string): each escape
 * sequence maps to the characters it stands for. Undefined when the scalar spans lines (YAML line
 * folding) or the text does not decode to the value, so the caller falls back to alignScalar.
 */
export function alignDoubleQuoted(
  value: string,
  text: string,
  start: number,
  end: number,
): ((offset: number) => number) | undefined {
  if (text[start] !== '"') return undefined;
  const map = new Int32Array(value.length + 1);
  let i = 0;
  let p = start + 1;
  while (p < end && text[p] !== '"') {
    const c = text[p];
    if (c === '\n' || c === '\r') return undefined;
    if (c !== '\\') {
      if (value[i] !== c) return undefined;
      map[i++] = p++;
      continue;
    }
    const e = text[p + 1];
    const hex = HEX_ESCAPES[e];
    if (hex !== undefined) {
      const code = Number.parseInt(text.slice(p + 2, p + 2 + hex), 16);
      if (Number.isNaN(code) || code > 0x10ffff) return undefined;
      const decoded = String.fromCodePoint(code);
      for (let k = 0; k < decoded.length; k++) {
        if (value[i] !== decoded[k]) return undefined;
        map[i++] = p;
      }
      p += 2 + hex;
      continue;
    }
    const decoded = SIMPLE_ESCAPES[e];
    if (decoded === undefined || value[i] !== decoded) return undefined;
    map[i++] = p;
    p += 2;
  }
  if (i !== value.length) return undefined;
  map[value.length] = p;
  return (offset: number) => map[Math.max(0, Math.min(offset, value.length))];
}
