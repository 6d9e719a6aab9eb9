import { codes } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { jsonRecords } from '../report/json.js';
import type { ApplyResult } from './apply.js';
import type { PublishPlan, PublishProblem, PublishReport } from './index.js';
import { countActions, type FieldChange, type PlanEntry } from './plan.js';

export interface FormatOptions {
  color?: boolean;
  /** List unchanged entries one by one (default: only counted). */
  verbose?: boolean;
}

const ROLE: Record<PlanEntry['role'], string> = {
  analytic: 'alert rule',
  hunting: 'hunting query',
  parser: 'parser',
  workbook: 'workbook',
};

const ESC = '\u001b[';
const paint = (on: boolean | undefined, code: string, text: string) =>
  on ? `${ESC}${code}m${text}${ESC}0m` : text;

const SIGN: Record<PlanEntry['action'], [string, string]> = {
  create: ['+', '32'],
  update: ['~', '33'],
  replace: ['-/+', '31'],
  unchanged: ['=', '2'],
  delete: ['-', '31'],
};

/** A plan as Terraform prints one: each item to create, update (with the fields) or replace, then counts. */
export function formatPlan(plan: PublishPlan, options: FormatOptions = {}): string {
  const c = options.color;
  const { target } = plan;
  const lines: string[] = [
    `Environment '${plan.environment}': workspace ${target.workspace} in resource group ${target.resourceGroup}, subscription ${target.subscriptionId}`,
    '',
  ];
  if (plan.problems.length) lines.push(...formatProblems(plan.problems, options), '');
  for (const entry of plan.entries) {
    if (entry.action === 'unchanged' && !options.verbose) continue;
    const [sign, code] = SIGN[entry.action];
    const head = `${sign} ${entry.action.padEnd(9)} ${ROLE[entry.role]} ${JSON.stringify(entry.displayName)} (${entry.name})`;
    lines.push(paint(c, code, head));
    if (entry.file) lines.push(`    from ${entry.file}`);
    if (entry.action === 'replace') {
      const kind = entry.desired && 'kind' in entry.desired ? entry.desired.kind : undefined;
      lines.push(`    kind ${entry.current?.kind} → ${kind}: a rule cannot change kind in place`);
    }
    if (entry.drift) {
      lines.push(
        paint(
          c,
          '31',
          '    ! edited in the workspace since this project last published it; the update overwrites that',
        ),
      );
    }
    if (entry.action === 'delete') {
      lines.push('    published by this project and no longer in it');
    }
    for (const change of entry.changes) lines.push(...formatChange(change, c));
    if (entry.action === 'update' && entry.metadata && !entry.metadata.current) {
      lines.push('    + metadata (records that this project published it)');
    }
    for (const change of entry.metadata?.changes ?? []) lines.push(...formatChange(change, c));
  }
  const counts = countActions(plan.entries);
  const errors = plan.problems.filter((p) => p.severity === 'error').length;
  lines.push(
    '',
    `Plan: ${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ` +
      `${counts.delete ? `${counts.delete} to delete, ` : ''}${counts.unchanged} unchanged.` +
      (errors ? ` ${errors} error${errors === 1 ? '' : 's'}: publish would write nothing.` : ''),
  );
  return `${lines.join('\n')}\n`;
}

export function formatProblems(problems: readonly PublishProblem[], options: FormatOptions = {}): string[] {
  return problems.map((p) => {
    const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
    const field = p.path ? ` ${p.path}:` : '';
    const code = p.code ? ` ${p.code}` : '';
    return paint(
      options.color,
      p.severity === 'error' ? '31' : '33',
      `${where}: ${p.severity}${code}${field} ${p.message}`,
    );
  });
}

function formatChange(change: FieldChange, color: boolean | undefined): string[] {
  const { before, after } = change;
  if (
    typeof before === 'string' &&
    typeof after === 'string' &&
    (before.includes('\n') || after.includes('\n'))
  ) {
    return [`    ~ ${change.path}`, ...lineDiff(before, after).map((l) => `        ${paintLine(l, color)}`)];
  }
  return [`    ~ ${change.path}: ${show(before)} → ${show(after)}`];
}

function paintLine(line: string, color: boolean | undefined): string {
  if (line.startsWith('+')) return paint(color, '32', line);
  if (line.startsWith('-')) return paint(color, '31', line);
  return line;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value);
}

/**
 * A line diff of two texts (longest common subsequence), with two lines of context around each change.
 * Texts here are queries: a few hundred lines at most.
 */
export function lineDiff(before: string, after: string): string[] {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push(`+ ${b[j]}`);
      j++;
    } else {
      ops.push(`- ${a[i]}`);
      i++;
    }
  }
  const keep = ops.map((_op, k) => ops.slice(Math.max(0, k - 2), k + 3).some((o) => !o.startsWith(' ')));
  const out: string[] = [];
  ops.forEach((op, k) => {
    if (keep[k]) out.push(op);
    else if (out.at(-1) !== '  …') out.push('  …');
  });
  return out;
}

const DONE: Record<ApplyResult['status'], [string, string]> = {
  created: ['+', '32'],
  updated: ['~', '33'],
  replaced: ['-/+', '33'],
  deleted: ['-', '31'],
  unchanged: ['=', '2'],
  conflict: ['!', '31'],
  failed: ['✗', '31'],
};

/** One line per result, as it completes. */
export function formatResult(result: ApplyResult, options: FormatOptions = {}): string {
  const [sign, code] = DONE[result.status];
  const { entry } = result;
  let line = `${sign} ${result.status.padEnd(9)} ${ROLE[entry.role]} ${JSON.stringify(entry.displayName)} (${entry.name})`;
  if (result.status === 'conflict') {
    line += `: changed in the workspace since it was read; run kqlc plan to see how, or publish --force to overwrite (${result.error})`;
  } else if (result.error) line += `: ${result.error}`;
  return `${paint(options.color, code, line)}\n`;
}

/** The summary after a publish. */
export function formatSummary(report: PublishReport, options: FormatOptions = {}): string {
  if (report.blocked) {
    const errors = report.plan.problems.filter((p) => p.severity === 'error');
    return `${[...formatProblems(report.plan.problems, options), '', `Nothing published: ${errors.length} error${errors.length === 1 ? '' : 's'} in the content.`].join('\n')}\n`;
  }
  const count = (s: ApplyResult['status']) => report.results.filter((r) => r.status === s).length;
  const parts = [
    `${count('created')} created`,
    `${count('updated')} updated`,
    `${count('replaced')} replaced`,
    ...(count('deleted') ? [`${count('deleted')} deleted`] : []),
    `${count('unchanged')} unchanged`,
  ];
  if (count('conflict')) parts.push(`${count('conflict')} in conflict`);
  if (count('failed')) parts.push(`${count('failed')} failed`);
  const failed = report.results.filter((r) => r.status === 'failed' || r.status === 'conflict');
  const lines = [`Published to '${report.plan.environment}': ${parts.join(', ')}.`];
  for (const r of failed)
    lines.push(`  ${r.status}: ${r.entry.displayName} (${r.entry.name}) from ${r.entry.file}`);
  if (failed.length) lines.push('Run kqlc publish again to finish; what was written stays written.');
  return `${lines.join('\n')}\n`;
}

/** Every problem as a Diagnostic (src/report formats them), at line 1 when it has no position. */
export function problemDiagnostics(problems: readonly PublishProblem[]): Diagnostic[] {
  return problems.map((p) => {
    const d: Diagnostic = {
      code: p.code ?? codes.buildInvalid.code,
      severity: p.severity,
      message: p.path ? `${p.path}: ${p.message}` : p.message,
      file: p.file,
    };
    if (p.line !== undefined) d.start = { line: p.line, column: p.column ?? 1 };
    if (p.contentId) d.contentId = p.contentId;
    return d;
  });
}

/**
 * Items that failed to be written, or were in conflict, as `KQLC6001` Diagnostics at the item's file (a
 * failed delete, whose file is gone, at kqlc.yaml), so `--format sarif|github` shows them beside the problems.
 */
export function resultDiagnostics(report: PublishReport, configFile = 'kqlc.yaml'): Diagnostic[] {
  return report.results
    .filter((r) => r.status === 'failed' || r.status === 'conflict')
    .map((r) => {
      const what = r.status === 'conflict' ? 'changed in the workspace since it was read' : 'failed';
      const d: Diagnostic = {
        code: codes.publishFailed.code,
        severity: 'error',
        message: `${r.entry.action} of ${r.entry.displayName} (${r.entry.name}) ${what}: ${r.error ?? 'no answer'}`,
        file: r.entry.file || configFile,
      };
      if (r.entry.file) d.contentId = r.entry.name;
      return d;
    });
}

/** The plan as JSON for machines: no resource bodies' etags, no credentials. */
export function planToJson(plan: PublishPlan): unknown {
  return {
    environment: plan.environment,
    target: {
      subscriptionId: plan.target.subscriptionId,
      resourceGroup: plan.target.resourceGroup,
      workspace: plan.target.workspace,
    },
    summary: countActions(plan.entries),
    entries: plan.entries.map((e) => ({
      action: e.action,
      type: e.type,
      role: e.role,
      name: e.name,
      ...(e.drift ? { drift: true } : {}),
      displayName: e.displayName,
      file: e.file,
      changes: e.changes,
    })),
    problems: plan.problems,
    // The same problems as records of `kqlc check --format json`.
    diagnostics: jsonRecords(problemDiagnostics(plan.problems)),
  };
}

/** The report of a publish as JSON (`--report`). */
export function reportToJson(report: PublishReport): unknown {
  return {
    ...(planToJson(report.plan) as object),
    blocked: report.blocked,
    ok: report.ok,
    results: report.results.map((r) => ({
      name: r.entry.name,
      displayName: r.entry.displayName,
      file: r.entry.file,
      action: r.entry.action,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      ...(r.httpStatus ? { httpStatus: r.httpStatus } : {}),
    })),
  };
}
