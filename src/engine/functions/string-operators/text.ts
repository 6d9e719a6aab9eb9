/** String operands of the string operators: non-strings are converted with tostring() rules, null becomes "". */
import type { KqlType } from '../../../kql/types.js';
import type { Scalar } from '../../compile/context.js';
import { valueToString } from '../../values/convert.js';

export function asText(fn: Scalar, type: KqlType): Scalar {
  if (type === 'string') return fn;
  return (c, i) => valueToString(fn(c, i), type);
}

const ALNUM = /[\p{L}\p{N}]/u;

export function isTermChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const code = ch.charCodeAt(0);
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return ALNUM.test(ch);
}

/**
 * `has`: the needle matches whole terms (maximal alphanumeric runs). A needle with non-alphanumeric
 * characters must match a substring whose alphanumeric ends are term boundaries.
 */
export function hasTerm(
  haystack: string,
  needle: string,
  mode: 'term' | 'prefix' | 'suffix' = 'term',
): boolean {
  if (needle.length === 0) return true;
  const needStart = isTermChar(needle[0]);
  const needEnd = isTermChar(needle[needle.length - 1]);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const startOk = !needStart || mode === 'suffix' || !isTermChar(haystack[at - 1]);
    const endOk = !needEnd || mode === 'prefix' || !isTermChar(haystack[at + needle.length]);
    if (startOk && endOk) return true;
    from = at + 1;
  }
}
