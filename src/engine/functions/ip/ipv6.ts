/** IPv6 functions (IPv4 addresses are compared as IPv4-mapped IPv6): unparsable input gives null. */
import { defineFunction } from '../define.js';
import { textArgs } from '../string/basic.js';
import { parseIpv4 } from './ipv4.js';

/** 128-bit address as a bigint and its prefix, or null. */
export function parseIpv6(text: string): [bigint, number] | null {
  let s = text.trim();
  let prefix = 128;
  const slash = s.indexOf('/');
  if (slash >= 0) {
    prefix = Number(s.slice(slash + 1));
    s = s.slice(0, slash);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128) return null;
  }
  const v4 = parseIpv4(s);
  if (v4) return [0xffff00000000n + BigInt(v4[0]), slash >= 0 ? Math.min(128, prefix + 96) : 128];
  let tail: number[] = [];
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const p = parseIpv4(dotted[2]);
    if (!p) return null;
    tail = [p[0] >>> 16, p[0] & 0xffff];
    s = `${dotted[1]}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) + BigInt(Number.parseInt(g, 16));
  if (tail.length) value = (value & ~0xffffffffn) + (BigInt(tail[0]) << 16n) + BigInt(tail[1]);
  return [value, prefix];
}

function mask(v: bigint, prefix: number): bigint {
  const bits = BigInt(128 - prefix);
  return (v >> bits) << bits;
}

function formatIpv6(v: bigint): string {
  const groups: string[] = [];
  for (let k = 7; k >= 0; k--) groups.push(((v >> BigInt(k * 16)) & 0xffffn).toString(16).padStart(4, '0'));
  return groups.join(':');
}

function compare(a: string, b: string, p: number | null): number | null {
  const x = parseIpv6(a);
  const y = parseIpv6(b);
  if (!x || !y) return null;
  const prefix = Math.min(x[1], y[1], p ?? 128);
  const mx = mask(x[0], prefix);
  const my = mask(y[0], prefix);
  return mx < my ? -1 : mx > my ? 1 : 0;
}

export default [
  defineFunction({
    names: ['parse_ipv6'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const p = parseIpv6(s(c, i) as string);
        return p ? formatIpv6(mask(p[0], p[1])) : null;
      };
    },
  }),
  defineFunction({
    names: ['ipv6_compare'],
    compile(call) {
      const [a, b] = textArgs(call);
      const p = call.args[2];
      return (c, i) => compare(a(c, i) as string, b(c, i) as string, p ? (p(c, i) as number) : null);
    },
  }),
  defineFunction({
    names: ['ipv6_is_match'],
    compile(call) {
      const [a, b] = textArgs(call);
      const p = call.args[2];
      return (c, i) => {
        const r = compare(a(c, i) as string, b(c, i) as string, p ? (p(c, i) as number) : null);
        return r === null ? null : r === 0;
      };
    },
  }),
];
