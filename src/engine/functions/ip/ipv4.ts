/** IPv4 functions: text `a.b.c.d[/prefix]`; an unparsable address gives null (a test on it gives null, not false). */
import { defineFunction } from '../define.js';
import { textArgs } from '../string/basic.js';

/** [address as number, prefix bits] or null. */
export function parseIpv4(text: string): [number, number] | null {
  const m = /^\s*(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const parts = [m[1], m[2], m[3], m[4]].map(Number);
  if (parts.some((p) => p > 255)) return null;
  const prefix = m[5] === undefined ? 32 : Number(m[5]);
  if (prefix > 32) return null;
  return [((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3], prefix];
}

function masked(address: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (address & ((0xffffffff << (32 - prefix)) >>> 0)) >>> 0;
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  (r) => parseIpv4(r) as [number, number],
);

export function compareIpv4(a: string, b: string, prefixArg: number | null): number | null {
  const x = parseIpv4(a);
  const y = parseIpv4(b);
  if (!x || !y) return null;
  const prefix = Math.min(x[1], y[1], prefixArg ?? 32);
  const mx = masked(x[0], prefix);
  const my = masked(y[0], prefix);
  return mx < my ? -1 : mx > my ? 1 : 0;
}

export default [
  defineFunction({
    names: ['parse_ipv4'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const p = parseIpv4(s(c, i) as string);
        return p ? masked(p[0], p[1]) : null;
      };
    },
  }),
  defineFunction({
    names: ['parse_ipv4_mask'],
    compile(call) {
      const [s] = textArgs(call);
      const mask = call.args[1];
      return (c, i) => {
        const p = parseIpv4(s(c, i) as string);
        const m = mask(c, i);
        return p && m !== null ? masked(p[0], Math.min(p[1], Number(m))) : null;
      };
    },
  }),
  defineFunction({
    names: ['ipv4_is_in_range'],
    compile(call) {
      const [ip, range] = textArgs(call);
      return (c, i) => {
        const a = parseIpv4(ip(c, i) as string);
        const r = parseIpv4(range(c, i) as string);
        if (!a || !r) return null;
        return masked(a[0], r[1]) === masked(r[0], r[1]);
      };
    },
  }),
  defineFunction({
    names: ['ipv4_is_in_any_range'],
    compile(call) {
      const [ip] = textArgs(call);
      const ranges = call.args.slice(1);
      return (c, i) => {
        const a = parseIpv4(ip(c, i) as string);
        if (!a) return null;
        const list = ranges.flatMap((r) => {
          const v = r(c, i);
          return Array.isArray(v) ? v.map(String) : [String(v)];
        });
        return list.some((text) => {
          const r = parseIpv4(text);
          return r !== null && masked(a[0], r[1]) === masked(r[0], r[1]);
        });
      };
    },
  }),
  defineFunction({
    names: ['ipv4_is_private'],
    compile(call) {
      const [ip] = textArgs(call);
      return (c, i) => {
        const a = parseIpv4(ip(c, i) as string);
        if (!a) return null;
        return PRIVATE.some((r) => masked(a[0], r[1]) === r[0]);
      };
    },
  }),
  defineFunction({
    names: ['ipv4_compare'],
    compile(call) {
      const [a, b] = textArgs(call);
      const p = call.args[2];
      return (c, i) => compareIpv4(a(c, i) as string, b(c, i) as string, p ? (p(c, i) as number) : null);
    },
  }),
  defineFunction({
    names: ['ipv4_is_match'],
    compile(call) {
      const [a, b] = textArgs(call);
      const p = call.args[2];
      return (c, i) => {
        const r = compareIpv4(a(c, i) as string, b(c, i) as string, p ? (p(c, i) as number) : null);
        return r === null ? null : r === 0;
      };
    },
  }),
];
