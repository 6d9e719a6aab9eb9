/** Encodings: base64 (UTF-8), url_encode/url_decode (url_encode_component), tohex, strcat_array, parse_path-free helpers; bad input gives "" or null. */

import { dynToString } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';
import { textArgs } from './basic.js';

export default [
  defineFunction({
    names: ['base64_encode_tostring', 'base64_encodestring'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => Buffer.from(s(c, i) as string, 'utf8').toString('base64');
    },
  }),
  defineFunction({
    names: ['base64_decode_tostring', 'base64_decodestring'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const text = (s(c, i) as string).trim();
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) return '';
        return Buffer.from(text, 'base64').toString('utf8');
      };
    },
  }),
  defineFunction({
    names: ['url_encode', 'url_encode_component'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) =>
        encodeURIComponent(s(c, i) as string)
          .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16)}`)
          .replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())
          .replace(/%20/g, '+');
    },
  }),
  defineFunction({
    names: ['url_decode'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        try {
          return decodeURIComponent((s(c, i) as string).replace(/\+/g, ' '));
        } catch {
          return '';
        }
      };
    },
  }),
  defineFunction({
    names: ['tohex'],
    compile({ args }) {
      const [a, len] = args;
      return (c, i) => {
        const v = a(c, i);
        if (v === null) return '';
        let b = BigInt(v as number | bigint);
        if (b < 0n) b = BigInt.asUintN(64, b);
        const hex = b.toString(16);
        const width = len ? Number(len(c, i) ?? 0) : 0;
        return hex.padStart(width, '0');
      };
    },
  }),
  defineFunction({
    names: ['strcat_array'],
    compile({ args }) {
      const [arr, delim] = args;
      return (c, i) => {
        const v = arr(c, i);
        if (!Array.isArray(v)) return '';
        return (v as Dyn[]).map(dynToString).join(String(delim(c, i)));
      };
    },
  }),
];
