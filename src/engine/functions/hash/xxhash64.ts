/**
 * `hash(x [, mod])` and `hash_xxhash64(x [, mod])`: xxHash64 (seed 0) of the UTF-8 bytes of a string, or
 * of a datetime's/long's 8 little-endian bytes; Microsoft's examples (`"World"`, `datetime(2015-01-01)`)
 * are reproduced. Other types are refused. Null gives null.
 */
import { normLong } from '../../values/convert.js';
import { defineFunction } from '../define.js';

const M = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint) => ((x << r) | (x >> (64n - r))) & M;
const round = (acc: bigint, lane: bigint) => (rotl((acc + lane * P2) & M, 31n) * P1) & M;
const merge = (acc: bigint, v: bigint) => ((((acc ^ round(0n, v)) * P1) & M) + P4) & M;

function u64(b: Uint8Array, i: number): bigint {
  let v = 0n;
  for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(b[i + k]);
  return v;
}

function u32(b: Uint8Array, i: number): bigint {
  return BigInt((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) >>> 0) + (BigInt(b[i + 3]) << 24n);
}

export function xxhash64(b: Uint8Array): bigint {
  const len = b.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & M;
    for (; i + 32 <= len; i += 32) {
      v1 = round(v1, u64(b, i));
      v2 = round(v2, u64(b, i + 8));
      v3 = round(v3, u64(b, i + 16));
      v4 = round(v4, u64(b, i + 24));
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M;
    h = merge(merge(merge(merge(h, v1), v2), v3), v4);
  } else h = P5;
  h = (h + BigInt(len)) & M;
  for (; i + 8 <= len; i += 8) h = (((rotl(h ^ round(0n, u64(b, i)), 27n) * P1) & M) + P4) & M;
  if (i + 4 <= len) {
    h = (((rotl(h ^ ((u32(b, i) * P1) & M), 23n) * P2) & M) + P3) & M;
    i += 4;
  }
  for (; i < len; i++) h = (rotl(h ^ ((BigInt(b[i]) * P5) & M), 11n) * P1) & M;
  h = ((h ^ (h >> 33n)) * P2) & M;
  h = ((h ^ (h >> 29n)) * P3) & M;
  return h ^ (h >> 32n);
}

function bytesOf(v: unknown, type: string): Uint8Array | undefined {
  if (type === 'string') return Buffer.from(v as string, 'utf8');
  if (type === 'datetime' || type === 'timespan' || type === 'long') {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(v as number | bigint));
    return b;
  }
  return undefined;
}

export default [
  defineFunction({
    names: ['hash', 'hash_xxhash64'],
    compile({ args, argTypes, ctx, node }) {
      const [value, mod] = args;
      const type = argTypes[0];
      if (!['string', 'datetime', 'timespan', 'long'].includes(type))
        return ctx.unsupported(`hash() of a ${type}`, node);
      return (c, i) => {
        const v = value(c, i);
        if (v === null || v === undefined) return null;
        const h = BigInt.asIntN(64, xxhash64(bytesOf(v, type) as Uint8Array));
        if (!mod) return normLong(h);
        const m = mod(c, i);
        if (m === null) return null;
        const mm = BigInt(m as number);
        return normLong(((h % mm) + mm) % mm);
      };
    },
  }),
];
