/** RE2 regular expressions through re2js (linear time; never JavaScript's backtracking RegExp on user patterns). */
import { RE2JS } from 're2js';
import type { CompileContext } from '../compile/context.js';
import type { Node } from '../compile/node.js';
import { EngineError } from '../errors.js';

const cache = new Map<string, RE2JS>();

export function compileRegex(pattern: string, ctx: CompileContext, node: Node, flags = 0): RE2JS {
  const key = `${flags}\u0000${pattern}`;
  let re = cache.get(key);
  if (!re) {
    try {
      re = RE2JS.compile(pattern, flags);
    } catch (e) {
      throw new EngineError(
        `invalid regular expression '${pattern}': ${(e as Error).message}`,
        ctx.offsetOf(node),
      );
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** Kusto regex flags string (`i`, `m`, `s`, `U`) → re2js flags. */
export function regexFlags(text: string): number {
  let f = 0;
  if (text.includes('i')) f |= RE2JS.CASE_INSENSITIVE;
  if (text.includes('m')) f |= RE2JS.MULTILINE;
  if (text.includes('s')) f |= RE2JS.DOTALL;
  return f;
}
