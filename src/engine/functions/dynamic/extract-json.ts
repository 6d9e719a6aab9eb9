/**
 * `extract_json(path, json [, typeof(T)])` (alias `extractjson`): the value at a JSONPath of the form
 * `$.a.b[0]['c d']` in JSON text; a missing path or bad JSON gives "" (or T's null); other JSONPath
 * features (wildcards, filters, `..`) are refused.
 */
import type { KqlType } from '../../../kql/types.js';
import { dynToString, fromDynamic } from '../../values/convert.js';
import { type Dyn, isBag, parseJsonText } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export function parsePath(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return null;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]));
  }
  return out;
}

export default [
  defineFunction({
    names: ['extract_json', 'extractjson'],
    compile({ args, argTypes, resultType, ctx, node }) {
      const [path, json] = args;
      const target: KqlType = resultType;
      const empty = target === 'string' ? '' : null;
      return (c, i) => {
        const p = parsePath(String(path(c, i)));
        if (!p) return ctx.unsupported('extract_json path beyond $.member and [index]', node);
        let v: Dyn;
        const src = json(c, i);
        if (argTypes[1] === 'dynamic') v = src as Dyn;
        else {
          try {
            v = parseJsonText(String(src));
          } catch {
            return empty;
          }
        }
        for (const step of p) {
          if (typeof step === 'number' && Array.isArray(v)) v = step < v.length ? v[step] : null;
          else if (typeof step === 'string' && isBag(v) && Object.hasOwn(v, step)) v = v[step];
          else return empty;
        }
        if (v === null) return empty;
        return target === 'string' ? dynToString(v) : fromDynamic(v, target);
      };
    },
  }),
];
