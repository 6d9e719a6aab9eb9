/**
 * `kqlc test --update`: writes what the selected tests actually returned into their expectations, so the
 * change can be reviewed in the diff. The YAML is edited through the `yaml` Document API and only the
 * `expect` blocks that change are printed back into the file: comments, key order and the style of
 * everything else survive. Rows and alerts that already match keep their
 * node as written (matchers and comments included); only the ones that do not are replaced.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { KqlType } from '../kql/types.js';
import type { ExpectedAlertDoc } from '../model/test-case.js';
import { alertDifferences, alertRecord } from './alerts.compare.js';
import type { SimulatedAlert } from './alerts.js';
import { type ActualResult, cellEquals, maximumMatching } from './compare.js';
import type { TestResult } from './runner.js';
import { parseDatetime, resolveTimestamp } from './time.js';

export interface UpdateSummary {
  /** Project-relative paths of the files rewritten. */
  files: string[];
  /** Tests whose expectations changed. */
  updated: number;
  /** Tests that could not be updated (errors, unsupported, skipped), with the reason. */
  notUpdated: { test: string; reason: string }[];
}

/** Rewrites the expectations of the tests in `results` that ran; returns what changed. */
export async function updateExpectations(
  root: string,
  results: readonly TestResult[],
): Promise<UpdateSummary> {
  const summary: UpdateSummary = { files: [], updated: 0, notUpdated: [] };
  const byFile = new Map<string, TestResult[]>();
  for (const r of results) {
    if (!r.actual) {
      summary.notUpdated.push({ test: r.test.name, reason: r.status });
      continue;
    }
    const file = r.test.source.file.path;
    byFile.set(file, [...(byFile.get(file) ?? []), r]);
  }
  for (const [file, fileResults] of byFile) {
    const text = fileResults[0].test.source.file.text;
    const doc = parseDocument(text);
    // Only each changed `expect` block is rewritten, spliced into the original text: the rest of the file
    // stays byte for byte as it was (a whole-document re-print would restyle some of it).
    const edits: { start: number; end: number; text: string }[] = [];
    for (const r of fileResults) {
      const expect = doc.getIn([...r.test.path, 'expect'], true);
      if (!isMap(expect) || !expect.range || !updateTest(doc, r)) continue;
      edits.push({ start: expect.range[0], end: expect.range[1], text: printInPlace(expect, text) });
    }
    if (!edits.length) continue;
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start))
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
    if (out === text) continue;
    await writeFile(path.join(root, file), out);
    summary.files.push(file);
    summary.updated += edits.length;
  }
  return summary;
}

/**
 * The YAML of a node, to stand where the node's source text stood: indented to its column, without the
 * comments around it that lie outside its range (they stay in the text).
 */
function printInPlace(node: YAMLMap, text: string): string {
  const [start, end] = node.range!;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  const { commentBefore, comment } = node;
  node.commentBefore = undefined;
  // A comment after the value's end (`{ count: 1 } # note`) also stays in the text after the range.
  if (node.range![2] > end) node.comment = undefined;
  let printed = new Document(node).toString({ lineWidth: 0 });
  node.commentBefore = commentBefore;
  node.comment = comment;
  if (!text.slice(start, end).endsWith('\n')) printed = printed.replace(/\n$/, '');
  const pad = ' '.repeat(column);
  return printed.replace(/\n(?=[^\n])/g, `\n${pad}`);
}

/** Updates one test's `expect` in place; true when something changed. */
export function updateTest(doc: Document, r: TestResult): boolean {
  const expect = doc.getIn([...r.test.path, 'expect'], true);
  if (!isMap(expect) || !r.actual) return false;
  const { result, run, now } = r.actual;
  const before = String(expect);
  if (expect.has('count')) expect.set('count', result.rows.length);
  if (expect.has('columns'))
    expect.set(
      'columns',
      doc.createNode(Object.fromEntries(result.columns.map((c) => [c.name, c.type])), { flow: false }),
    );
  const rows = expect.get('rows', true);
  if (isSeq(rows)) updateRows(doc, rows as YAMLSeq, result, now, expect.get('ordered') === true);
  const alerts = expect.get('alerts', true);
  if (run && (alerts !== undefined || expect.has('alerts'))) {
    if (isSeq(alerts)) updateAlerts(doc, alerts as YAMLSeq, run.alerts);
    else expect.set('alerts', run.alerts.length);
  }
  return String(expect) !== before;
}

function updateRows(doc: Document, seq: YAMLSeq, actual: ActualResult, now: bigint, ordered: boolean) {
  const expected = seq.items.map((node) => (isMap(node) ? (node.toJSON() as Record<string, unknown>) : {}));
  const wasEmpty = seq.items.length === 0;
  const named = [...new Set(expected.flatMap((row) => Object.keys(row)))];
  const index = new Map(actual.columns.map((c, i) => [c.name, i]));
  // Rows name the columns the existing expectation names (all of them when it names none).
  const columns =
    named.length && named.every((n) => index.has(n)) ? named : actual.columns.map((c) => c.name);
  const matches = (e: Record<string, unknown>, a: unknown[]) =>
    Object.entries(e).every(([name, value]) => {
      const i = index.get(name);
      return i !== undefined && cellEquals(value, a[i], actual.columns[i].type, now);
    });
  const rowNode = (a: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (const name of columns) {
      const i = index.get(name)!;
      row[name] = yamlValue(a[i], actual.columns[i].type);
    }
    return doc.createNode(row, { flow: true });
  };
  if (ordered) {
    seq.items = actual.rows.map((a, i) =>
      expected[i] && matches(expected[i], a) ? seq.items[i] : rowNode(a),
    );
    return;
  }
  const pairing = maximumMatching(expected, actual.rows, matches);
  const kept = seq.items.filter((_, i) => pairing.expectedToActual[i] >= 0);
  const added = actual.rows.filter((_, j) => !pairing.matchedActual.has(j)).map(rowNode);
  seq.items = [...kept, ...added];
  // `rows: []` that gains rows becomes a block list, one row per line.
  if (!seq.items.length) seq.flow = true;
  else if (wasEmpty) seq.flow = false;
}

function updateAlerts(doc: Document, seq: YAMLSeq, actual: SimulatedAlert[]) {
  const expected = seq.items.map((node) => (isMap(node) ? (node.toJSON() as ExpectedAlertDoc) : {}));
  const pairing = maximumMatching(expected, actual, (e, a) => alertDifferences(e, a).length === 0);
  const kept = seq.items.filter((_, i) => pairing.expectedToActual[i] >= 0);
  const added = actual
    .filter((_, j) => !pairing.matchedActual.has(j))
    .map((a) => {
      const node = doc.createNode(alertRecord(a)) as YAMLMap;
      const entities = node.get('entities', true);
      if (isSeq(entities)) for (const e of entities.items) if (isMap(e)) e.flow = true;
      const tactics = node.get('tactics', true);
      if (isSeq(tactics)) tactics.flow = true;
      const details = node.get('customDetails', true);
      if (isMap(details)) for (const p of details.items) if (isSeq(p.value)) p.value.flow = true;
      return node;
    });
  seq.items = [...kept, ...added];
  seq.flow = seq.items.length === 0;
}

/** An engine value as it reads best in YAML: datetimes without zero fractions, longs as numbers. */
function yamlValue(v: unknown, type: KqlType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'datetime' && typeof v === 'string') {
    const trimmed = v.replace(/\.0+Z$/, 'Z');
    return resolveTimestamp(trimmed, 0n) === parseDatetime(v) ? trimmed : v;
  }
  if (type === 'long' && typeof v === 'string' && Number.isSafeInteger(Number(v))) return Number(v);
  return v;
}
