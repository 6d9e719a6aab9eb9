/** Basic string functions; strings are never null, so a null argument reads as "" (after tostring()). */
import type { KqlType } from '../../../kql/types.js';
import type { Scalar } from '../../compile/context.js';
import { valueToString } from '../../values/convert.js';
import { type CallInfo, defineFunction } from '../define.js';

/** Each argument as text, by its bound type. */
export function textArgs(call: CallInfo): Scalar[] {
  return call.args.map((a, k) => {
    const t: KqlType = call.argTypes[k];
    return t === 'string' ? a : (c: unknown[][], i: number) => valueToString(a(c, i), t);
  });
}

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/** Kusto counts string positions in UTF-16 code units here; surrogate pairs are not split specially. */
export default [
  defineFunction({
    names: ['strcat'],
    compile(call) {
      const parts = textArgs(call);
      if (parts.length === 2) {
        const [a, b] = parts;
        return (c, i) => (a(c, i) as string) + (b(c, i) as string);
      }
      return (c, i) => {
        let s = '';
        for (const p of parts) s += p(c, i) as string;
        return s;
      };
    },
  }),
  defineFunction({
    names: ['strcat_delim'],
    compile(call) {
      const [delim, ...parts] = textArgs(call);
      return (c, i) => parts.map((p) => p(c, i)).join(delim(c, i) as string);
    },
  }),
  defineFunction({
    names: ['tolower'],
    compile(call) {
      const [a] = textArgs(call);
      return (c, i) => (a(c, i) as string).toLowerCase();
    },
  }),
  defineFunction({
    names: ['toupper'],
    compile(call) {
      const [a] = textArgs(call);
      return (c, i) => (a(c, i) as string).toUpperCase();
    },
  }),
  defineFunction({
    names: ['strlen'],
    compile(call) {
      const [a] = textArgs(call);
      return (c, i) => [...(a(c, i) as string)].length;
    },
  }),
  defineFunction({
    names: ['substring'],
    compile(call) {
      const [s] = textArgs(call);
      const start = call.args[1];
      const len = call.args[2];
      return (c, i) => {
        const chars = [...(s(c, i) as string)];
        let from = num(start(c, i));
        if (from === null) return '';
        if (from < 0) from = Math.max(0, chars.length + from);
        const l = len ? num(len(c, i)) : null;
        return chars.slice(from, l === null ? undefined : from + Math.max(0, l)).join('');
      };
    },
  }),
  defineFunction({
    names: ['split'],
    compile(call) {
      const [s, d] = textArgs(call);
      const index = call.args[2];
      return (c, i) => {
        const text = s(c, i) as string;
        const delim = d(c, i) as string;
        const parts = delim === '' ? [text] : text.split(delim);
        if (!index) return parts;
        const k = num(index(c, i));
        if (k === null) return null;
        const at = k < 0 ? parts.length + k : k;
        return at >= 0 && at < parts.length ? [parts[at]] : [];
      };
    },
  }),
  defineFunction({
    names: ['replace_string'],
    compile(call) {
      const [s, find, repl] = textArgs(call);
      return (c, i) => {
        const f = find(c, i) as string;
        return f === '' ? s(c, i) : (s(c, i) as string).split(f).join(repl(c, i) as string);
      };
    },
  }),
  defineFunction({
    names: ['indexof'],
    compile(call) {
      const [s, find] = textArgs(call);
      const start = call.args[2];
      const length = call.args[3];
      const occurrence = call.args[4];
      return (c, i) => {
        const text = s(c, i) as string;
        let from = start ? num(start(c, i)) : 0;
        if (from === null) return null;
        if (from < 0) from = Math.max(0, text.length + from);
        if (from > text.length) return null;
        const len = length ? num(length(c, i)) : -1;
        const limit = len === null || len < 0 ? text.length : Math.min(text.length, from + len);
        const needle = find(c, i) as string;
        let n = occurrence ? (num(occurrence(c, i)) ?? 1) : 1;
        let at = from - 1;
        while (n-- > 0) {
          at = text.indexOf(needle, at + 1);
          if (at < 0) return -1;
        }
        return at + needle.length <= limit ? at : -1;
      };
    },
  }),
  defineFunction({
    names: ['countof'],
    compile(call) {
      const [s, find] = textArgs(call);
      if (call.args.length > 2) return call.ctx.unsupported('countof() with a kind argument', call.node);
      return (c, i) => {
        const text = s(c, i) as string;
        const needle = find(c, i) as string;
        if (needle === '') return 0;
        let n = 0;
        let at = text.indexOf(needle);
        while (at >= 0) {
          n++;
          at = text.indexOf(needle, at + needle.length);
        }
        return n;
      };
    },
  }),
  defineFunction({
    names: ['reverse'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => [...(s(c, i) as string)].reverse().join('');
    },
  }),
  defineFunction({
    names: ['strrep'],
    compile(call) {
      const [s] = textArgs(call);
      const times = call.args[1];
      const delim = call.args[2] ? textArgs(call)[2] : undefined;
      return (c, i) => {
        const n = num(times(c, i));
        if (n === null || n <= 0) return '';
        return new Array(Math.min(n, 1024)).fill(s(c, i)).join(delim ? (delim(c, i) as string) : '');
      };
    },
  }),
];
