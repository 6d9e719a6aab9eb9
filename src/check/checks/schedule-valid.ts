import { codes } from '../../diagnostics/codes.js';
import { durationSeconds, toIsoDuration } from '../../model/duration.js';
import { defineCheck } from '../check.js';

const MINUTE = 60;
const HOUR = 3_600;
const DAY = 86_400;
/** Sentinel's bounds for queryFrequency and queryPeriod, and for triggerThreshold. */
const MIN_DURATION = 5 * MINUTE;
const MAX_DURATION = 14 * DAY;
export const MAX_THRESHOLD = 10_000;

/** Seconds in a duration written `5m`/`1h`/`14d` or ISO 8601 (`PT5M`, `P14D`); undefined when malformed. */
export function durationInSeconds(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const iso = toIsoDuration(text);
  return iso === undefined ? undefined : durationSeconds(iso);
}

/** `90000` seconds → `1d1h`, for messages. */
export function formatSeconds(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ['d', DAY],
    ['h', HOUR],
    ['m', MINUTE],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('') || '0s';
}

const SCHEDULE_FIELDS = ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const;

/**
 * A Scheduled rule runs every queryFrequency over the last queryPeriod, both 5 minutes to 14 days,
 * the period at least the frequency, and at least hourly frequency once the period reaches 2 days;
 * triggerOperator and triggerThreshold (0–10000) say when results raise an alert. An NRT rule runs
 * every minute over new data: these fields mean nothing there (a warning).
 */
export default defineCheck({
  id: 'schedule-valid',
  code: 'scheduleInvalid',
  otherCodes: ['nrtScheduleIgnored'],
  appliesTo: ['analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'analytic') return;
    const doc = item.doc;
    if (doc.kind === 'NRT') {
      for (const field of SCHEDULE_FIELDS) {
        if (doc[field] !== undefined) {
          report({
            at: { path: [field], key: true },
            message: `an NRT rule runs every minute on new data: Sentinel ignores ${field}; remove it`,
            code: codes.nrtScheduleIgnored.code,
            severity: codes.nrtScheduleIgnored.severity,
          });
        }
      }
      return;
    }
    if (doc.kind !== 'Scheduled') return;
    const durations: Partial<Record<'queryFrequency' | 'queryPeriod', number>> = {};
    for (const field of ['queryFrequency', 'queryPeriod'] as const) {
      const text = doc[field];
      if (text === undefined) {
        report({ at: { path: ['kind'] }, message: `a Scheduled rule needs ${field} (e.g. 1h)` });
        continue;
      }
      const seconds = durationInSeconds(text);
      if (seconds === undefined) {
        report({
          at: { path: [field] },
          message: `${field} '${text}' is not a duration like 5m, 1h, 14d or PT1H`,
        });
      } else if (seconds < MIN_DURATION || seconds > MAX_DURATION) {
        report({ at: { path: [field] }, message: `${field} ${text} is outside 5 minutes to 14 days` });
      } else durations[field] = seconds;
    }
    const { queryFrequency: frequency, queryPeriod: period } = durations;
    if (frequency !== undefined && period !== undefined) {
      if (period < frequency) {
        report({
          at: { path: ['queryPeriod'] },
          message: `queryPeriod ${doc.queryPeriod} is shorter than queryFrequency ${doc.queryFrequency}: runs would skip data`,
        });
      } else if (period >= 2 * DAY && frequency < HOUR) {
        report({
          at: { path: ['queryFrequency'] },
          message: `with a queryPeriod of 2 days or more (${doc.queryPeriod}), queryFrequency must be at least 1h, not ${doc.queryFrequency}`,
        });
      }
    }
    if (doc.triggerOperator === undefined) {
      report({
        at: { path: ['kind'] },
        message: 'a Scheduled rule needs triggerOperator (gt, lt, eq or ne)',
      });
    }
    if (doc.triggerThreshold === undefined) {
      report({ at: { path: ['kind'] }, message: 'a Scheduled rule needs triggerThreshold (0 to 10000)' });
    } else if (typeof doc.triggerThreshold === 'number' && doc.triggerThreshold > MAX_THRESHOLD) {
      // Negative thresholds are the schema's to report (minimum 0).
      report({
        at: { path: ['triggerThreshold'] },
        message: `triggerThreshold ${doc.triggerThreshold} is outside 0 to ${MAX_THRESHOLD}`,
      });
    }
  },
});
