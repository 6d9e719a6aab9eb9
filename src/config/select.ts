import type { ContentItem } from '../model/content.js';
import type { EnvironmentConfig, SelectorDoc } from './schema.js';

/**
 * A glob of project-relative paths as a regular expression: `**` any number of folders, `*` and `?` within
 * one name, `{a,b}` alternatives. A pattern also matches everything under a folder it matches, so
 * `analytics/identity` and `analytics/identity/**` select the same files.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let braces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  while (i < g.length) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 3 : 2;
      continue;
    }
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      braces++;
    } else if (c === '}' && braces > 0) {
      re += ')';
      braces--;
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${re}(?:/.*)?$`, 'i');
}

const many = <V>(v: V | V[] | undefined): V[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** The item's string tags (Azure-Sentinel `tags:`), lower case; object tags are not matched. */
function tagsOf(item: ContentItem): string[] {
  if (item.kind !== 'analytic' && item.kind !== 'hunting') return [];
  return (item.doc.tags ?? []).filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

/** True when every field the selector gives matches the item. */
export function selectorMatches(selector: SelectorDoc, item: ContentItem): boolean {
  const paths = many(selector.path);
  if (paths && !paths.some((p) => globToRegExp(p).test(item.source.file.path))) return false;
  const kinds = many(selector.kind);
  if (kinds && !kinds.includes(item.kind)) return false;
  const tags = many(selector.tag);
  if (tags) {
    const have = tagsOf(item);
    if (!tags.some((t) => have.includes(t.toLowerCase()))) return false;
  }
  return true;
}

/** Whether an environment publishes the item: it matches an `include` (if any are given) and no `exclude`. */
export function environmentSelects(env: EnvironmentConfig, item: ContentItem): boolean {
  if (env.include && !env.include.some((s) => selectorMatches(s, item))) return false;
  return !(env.exclude ?? []).some((s) => selectorMatches(s, item));
}
