/**
 * `has_ipv4(text, ip)`, `has_ipv4_prefix(text, prefix)`, `has_any_ipv4(text, ips…)`, `has_any_ipv4_prefix`:
 * IPv4 addresses found in text where bounded by non-alphanumeric characters; an invalid address
 * (`127.0.0.256`) never matches; `ipv4_netmask_suffix("a.b.c.d/n")` gives n (32 without a suffix).
 */

import { dynToString } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';
import { textArgs } from '../string/basic.js';
import { parseIpv4 } from './ipv4.js';

// Our own fixed pattern (not a user pattern), so JavaScript's RegExp is safe here.
const CANDIDATE = /(?<![A-Za-z0-9])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![A-Za-z0-9])/g;

function addresses(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const p = parseIpv4(m[1]);
    if (p) out.push(m[1]);
  }
  return out;
}

function listArgs(values: unknown[]): string[] {
  return values.flatMap((v) => (Array.isArray(v) ? (v as Dyn[]).map(dynToString) : [String(v)]));
}

export default [
  defineFunction({
    names: ['has_ipv4'],
    compile(call) {
      const [text, ip] = textArgs(call);
      return (c, i) => {
        const wanted = ip(c, i) as string;
        if (!parseIpv4(wanted)) return false;
        return addresses(text(c, i) as string).includes(wanted);
      };
    },
  }),
  defineFunction({
    names: ['has_ipv4_prefix'],
    compile(call) {
      const [text, prefix] = textArgs(call);
      return (c, i) => {
        const p = prefix(c, i) as string;
        return addresses(text(c, i) as string).some((a) => a.startsWith(p));
      };
    },
  }),
  defineFunction({
    names: ['has_any_ipv4'],
    compile(call) {
      const [text] = textArgs(call);
      const rest = call.args.slice(1);
      return (c, i) => {
        const found = new Set(addresses(text(c, i) as string));
        return listArgs(rest.map((r) => r(c, i))).some((ip) => found.has(ip));
      };
    },
  }),
  defineFunction({
    names: ['has_any_ipv4_prefix'],
    compile(call) {
      const [text] = textArgs(call);
      const rest = call.args.slice(1);
      return (c, i) => {
        const found = addresses(text(c, i) as string);
        const prefixes = listArgs(rest.map((r) => r(c, i)));
        return found.some((a) => prefixes.some((p) => a.startsWith(p)));
      };
    },
  }),
  defineFunction({
    names: ['ipv4_netmask_suffix'],
    compile(call) {
      const [ip] = textArgs(call);
      return (c, i) => {
        const p = parseIpv4(ip(c, i) as string);
        return p ? p[1] : null;
      };
    },
  }),
];
