import { isMap, parseDocument } from 'yaml';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Project } from '../model/content.js';

const QUERY_KEYS = ['query', 'FunctionQuery', 'ParserQuery'];
const VERSION_KEYS = ['version', 'Version', 'ParserVersion'];

/**
 * `--base <ref>`: an item's id never changes once published (Sentinel keys the resource on it), and a
 * changed query needs a higher `version` (Sentinel shows updates by version). `base` maps a
 * project-relative path to the file's text at the base ref, for files that existed there.
 */
export function compareWithBase(project: Project, base: ReadonlyMap<string, string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of project.items) {
    const before = base.get(item.source.file.path);
    if (before === undefined) continue;
    const old = parseOld(before);
    if (!old) continue;
    const file = item.source.file.path;
    const at = (path: string[]) => ({ file, ...item.source.span(path), contentId: item.id });
    if (typeof old.id === 'string' && old.id.toLowerCase() !== item.id.toLowerCase()) {
      out.push(
        diagnostic(
          'idChangedSinceBase',
          `id changed from ${old.id} to ${item.id}: a published item keeps its id (a new id is a new item)`,
          at(['id']),
        ),
      );
    }
    const oldQuery = first(old, QUERY_KEYS);
    if (typeof oldQuery !== 'string' || normalise(oldQuery) === normalise((item.template ?? item.query).text))
      continue;
    const value = item.source.value as Record<string, unknown>;
    const versionKey = VERSION_KEYS.find((k) => k in value);
    const now = versionKey ? String(value[versionKey]) : undefined;
    const was = first(old, VERSION_KEYS);
    if (now !== undefined && was !== undefined && compareVersions(now, String(was)) > 0) continue;
    const message =
      now === undefined
        ? 'the query changed since the base ref; add a version and raise it when the query changes'
        : `the query changed since the base ref but the version is still ${now}${was !== undefined && String(was) !== now ? ` (was ${String(was)})` : ''}; raise it`;
    out.push(diagnostic('versionNotBumped', message, at(versionKey ? [versionKey] : ['query'])));
  }
  return out;
}

function parseOld(text: string): Record<string, unknown> | undefined {
  try {
    const doc = parseDocument(text, { uniqueKeys: false });
    if (doc.errors.length || !isMap(doc.contents)) return undefined;
    return doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function first(doc: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (doc[k] !== undefined && doc[k] !== null) return doc[k];
  return undefined;
}

/** Line ends and trailing spaces do not make a query change. */
function normalise(query: string): string {
  return query
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

/** Compares dotted versions numerically (`1.10.0` > `1.9.3`); non-numeric parts compare as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.trim().split('.');
  const pb = b.trim().split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}
