/** Expected alerts (`expect.alerts`) against the alerts a rule run raised. */
import type { ExpectedAlertDoc, ExpectedEntityDoc } from '../model/test-case.js';
import type { AlertEntity, SimulatedAlert } from './alerts.js';
import { type Comparison, maximumMatching } from './compare.js';
import { asMatcher, matcherAccepts } from './matchers.js';

const OK: Comparison = { ok: true, message: '' };

/** A text field: equal, or accepted by a matcher. */
function textMatches(expected: unknown, actual: string): boolean {
  const m = asMatcher(expected);
  if (m) return matcherAccepts(m, actual);
  return expected === null || expected === undefined
    ? actual === ''
    : typeof expected === 'object'
      ? false
      : String(expected) === actual;
}

function entityMatches(e: ExpectedEntityDoc, a: AlertEntity): boolean {
  if (e.type.toLowerCase() !== a.type.toLowerCase()) return false;
  return Object.entries(e).every(
    ([k, v]) => k === 'type' || (Object.hasOwn(a.identifiers, k) && textMatches(v, a.identifiers[k])),
  );
}

function entitiesMatch(expected: ExpectedEntityDoc[], actual: AlertEntity[]): boolean {
  if (expected.length !== actual.length) return false;
  const pairing = maximumMatching(expected, actual, entityMatches);
  return pairing.matchedActual.size === actual.length;
}

/** Which fields of an expected alert the actual alert gets wrong (empty when it matches). */
export function alertDifferences(e: ExpectedAlertDoc, a: SimulatedAlert): string[] {
  const wrong: string[] = [];
  if (e.name !== undefined && !textMatches(e.name, a.name)) wrong.push('name');
  if (e.description !== undefined && !textMatches(e.description, a.description)) wrong.push('description');
  if (e.severity !== undefined && e.severity !== a.severity) wrong.push('severity');
  if (
    e.tactics !== undefined &&
    [...e.tactics].sort().join(',').toLowerCase() !== [...a.tactics].sort().join(',').toLowerCase()
  )
    wrong.push('tactics');
  if (e.entities !== undefined && !entitiesMatch(e.entities, a.entities)) wrong.push('entities');
  if (e.customDetails !== undefined) {
    for (const [key, value] of Object.entries(e.customDetails)) {
      const got = a.customDetails[key];
      const want = Array.isArray(value) ? value : [value];
      if (!got || got.length !== want.length || !want.every((w, i) => textMatches(w, got[i])))
        wrong.push(`customDetails.${key}`);
    }
  }
  return wrong;
}

export function compareAlerts(expected: number | ExpectedAlertDoc[], actual: SimulatedAlert[]): Comparison {
  const plural = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;
  if (typeof expected === 'number') {
    if (expected === actual.length) return OK;
    const lines = [`expected ${plural(expected)}, got ${actual.length}`];
    for (const a of actual.slice(0, 5)) lines.push(`  + ${renderAlert(a)}`);
    if (actual.length > 5) lines.push(`  + … ${actual.length - 5} more`);
    return { ok: false, message: lines.join('\n') };
  }
  const pairing = maximumMatching(expected, actual, (e, a) => alertDifferences(e, a).length === 0);
  const missing = expected.filter((_, i) => pairing.expectedToActual[i] < 0);
  const extra = actual.filter((_, j) => !pairing.matchedActual.has(j));
  if (!missing.length && !extra.length) return OK;
  const lines = [`expected ${plural(expected.length)}, got ${actual.length}`];
  const unpaired = new Set(extra);
  for (const e of missing) {
    // An expected alert is shown against the unmatched alert that gets the fewest fields wrong.
    const near = [...unpaired]
      .map((a) => ({ a, wrong: alertDifferences(e, a) }))
      .sort((x, y) => x.wrong.length - y.wrong.length)[0];
    if (!near) {
      lines.push(`  - ${JSON.stringify(e)}`);
      continue;
    }
    unpaired.delete(near.a);
    lines.push(`  alert ${JSON.stringify(near.a.name)} differs in ${near.wrong.join(', ')}:`);
    const got = alertRecord(near.a) as Record<string, unknown>;
    for (const field of near.wrong) {
      const [key, sub] = field.split('.');
      const want = sub
        ? (e as Record<string, Record<string, unknown>>)[key][sub]
        : (e as Record<string, unknown>)[key];
      const have = sub ? (got[key] as Record<string, unknown> | undefined)?.[sub] : got[key];
      lines.push(`    - ${field}: ${JSON.stringify(want)}`, `    + ${field}: ${JSON.stringify(have)}`);
    }
  }
  for (const a of unpaired) lines.push(`  + ${renderAlert(a)}`);
  return { ok: false, message: lines.join('\n') };
}

export function renderAlert(a: SimulatedAlert): string {
  return JSON.stringify(alertRecord(a));
}

/** An alert as written in expectations (and by --update). */
export function alertRecord(a: SimulatedAlert): ExpectedAlertDoc {
  const record: ExpectedAlertDoc = {
    name: a.name,
    description: a.description,
    severity: a.severity as ExpectedAlertDoc['severity'],
    tactics: a.tactics,
    entities: a.entities.map((e) => ({ type: e.type, ...e.identifiers })),
  };
  if (Object.keys(a.customDetails).length) record.customDetails = a.customDetails;
  return record;
}
