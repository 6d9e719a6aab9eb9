/**
 * What Sentinel makes of a scheduled or NRT analytic rule's query result: whether the rule triggers
 * (result count vs triggerOperator/triggerThreshold), how rows become alerts (eventGroupingSettings),
 * and each alert's entities, custom details and overridden name, description, severity and tactics.
 * Sources: Microsoft Sentinel documentation, "Create scheduled analytics rules" (event grouping),
 * "Map data fields to entities", "Surface custom details in alerts", "Customize alert details".
 */
import type { QueryResult } from '../engine/index.js';
import type { AnalyticRuleDoc } from '../model/analytic-rule.js';

export interface AlertEntity {
  type: string;
  /** Identifier name → value, as text. */
  identifiers: Record<string, string>;
}

export interface SimulatedAlert {
  name: string;
  description: string;
  severity: string;
  tactics: string[];
  entities: AlertEntity[];
  /** Key → the values of its column in the alert's rows (Sentinel stores arrays). */
  customDetails: Record<string, string[]>;
  /** alertDynamicProperties: alert property → value. */
  properties: Record<string, string>;
  /** How many result rows the alert stands for. */
  events: number;
}

export interface RuleRun {
  /** Number of query results, compared with the threshold. */
  resultCount: number;
  triggered: boolean;
  alerts: SimulatedAlert[];
}

/** Per run, Sentinel creates at most this many alerts per result; the last one stands for the rest. */
export const MAX_ALERTS_PER_RUN = 150;

const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'];
const TACTICS = [
  'Reconnaissance',
  'ResourceDevelopment',
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'Exfiltration',
  'CommandAndControl',
  'Impact',
  'PreAttack',
  'ImpairProcessControl',
  'InhibitResponseFunction',
];

/** Whether `count` query results trigger the rule (default: more than 0). */
export function ruleTriggers(
  doc: Pick<AnalyticRuleDoc, 'triggerOperator' | 'triggerThreshold'>,
  count: number,
) {
  const threshold = doc.triggerThreshold ?? 0;
  switch (doc.triggerOperator ?? 'gt') {
    case 'gt':
      return count > threshold;
    case 'lt':
      return count < threshold;
    case 'eq':
      return count === threshold;
    case 'ne':
      return count !== threshold;
  }
}

/** The alerts one run of the rule raises over its query result. */
export function simulateAlerts(doc: AnalyticRuleDoc, result: QueryResult): RuleRun {
  const resultCount = result.rows.length;
  const triggered = ruleTriggers(doc, resultCount);
  if (!triggered) return { resultCount, triggered, alerts: [] };
  const index = new Map(result.columns.map((c, i) => [c.name, i]));
  const cell = (row: unknown[] | undefined, column: string): string => {
    const i = index.get(column);
    return row && i !== undefined ? cellText(row[i]) : '';
  };
  const perResult = doc.eventGroupingSettings?.aggregationKind === 'AlertPerResult';
  let groups: unknown[][][];
  if (!perResult) groups = [result.rows];
  else if (resultCount <= MAX_ALERTS_PER_RUN) groups = result.rows.map((row) => [row]);
  else {
    // Beyond the limit, the first 149 results get an alert each and the 150th alert stands for all of them.
    groups = [...result.rows.slice(0, MAX_ALERTS_PER_RUN - 1).map((row) => [row]), result.rows];
  }
  // A rule whose result has no rows can trigger (operator lt/eq); its single alert has no events.
  if (!groups.length) groups = [[]];
  return { resultCount, triggered, alerts: groups.map((rows) => buildAlert(doc, rows, cell)) };
}

function buildAlert(
  doc: AnalyticRuleDoc,
  rows: unknown[][],
  cell: (row: unknown[] | undefined, column: string) => string,
): SimulatedAlert {
  const first = rows[0];
  const override = (doc.alertDetailsOverride ?? {}) as Record<string, unknown>;
  const render = (format: unknown, fallback: string): string => {
    if (typeof format !== 'string' || !format) return fallback;
    let empty = false;
    const text = format.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_, column: string) => {
      const value = cell(first, column);
      if (value === '') empty = true;
      return value;
    });
    // A placeholder without a value reverts the whole detail to the rule's own.
    return empty ? fallback : text;
  };
  let severity: string = doc.severity;
  if (typeof override.alertSeverityColumnName === 'string') {
    const v = cell(first, override.alertSeverityColumnName).trim();
    severity = SEVERITIES.find((s) => s.toLowerCase() === v.toLowerCase()) ?? doc.severity;
  }
  let tactics = doc.tactics ?? [];
  if (typeof override.alertTacticsColumnName === 'string') {
    const v = cell(first, override.alertTacticsColumnName);
    const listed = parseList(v).map((t) => TACTICS.find((k) => k.toLowerCase() === t.toLowerCase()));
    if (listed.length && listed.every((t) => t !== undefined)) tactics = listed as string[];
  }
  const properties: Record<string, string> = {};
  if (Array.isArray(override.alertDynamicProperties)) {
    for (const p of override.alertDynamicProperties as { alertProperty?: unknown; value?: unknown }[]) {
      if (typeof p?.alertProperty !== 'string' || typeof p.value !== 'string') continue;
      const v = cell(first, p.value);
      if (v !== '') properties[p.alertProperty] = v;
    }
  }
  const customDetails: Record<string, string[]> = {};
  for (const [key, column] of Object.entries(doc.customDetails ?? {}))
    customDetails[key] = rows.map((row) => cell(row, column));
  return {
    name: render(override.alertDisplayNameFormat, doc.name),
    description: render(override.alertDescriptionFormat, doc.description ?? ''),
    severity,
    tactics,
    entities: entitiesOf(doc, rows, cell),
    customDetails,
    properties,
    events: rows.length,
  };
}

/**
 * Each entity mapping gives one entity per row; identifiers whose column is empty are left out, an entity
 * with no identifier is dropped, and identical entities are merged.
 */
function entitiesOf(
  doc: AnalyticRuleDoc,
  rows: unknown[][],
  cell: (row: unknown[] | undefined, column: string) => string,
): AlertEntity[] {
  const seen = new Set<string>();
  const out: AlertEntity[] = [];
  for (const row of rows) {
    for (const mapping of doc.entityMappings ?? []) {
      const identifiers: Record<string, string> = {};
      for (const f of mapping.fieldMappings) {
        const v = cell(row, f.columnName);
        if (v !== '') identifiers[f.identifier] = v;
      }
      if (!Object.keys(identifiers).length) continue;
      const key = JSON.stringify([mapping.entityType, identifiers]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ type: mapping.entityType, identifiers });
    }
  }
  return out;
}

/** A cell as Sentinel shows it in text: strings as they are, null as empty, the rest as JSON. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** A tactics cell: a dynamic array, or text separated by commas. */
function parseList(v: string): string[] {
  const text = v.trim();
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {}
  }
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}
