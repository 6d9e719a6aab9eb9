/** `parse_url` (a bag of Scheme, Host, Port, Path, Username, Password, Query Parameters, Fragment; "" parts when absent), `parse_path`, `parse_csv`. */
import { type DynBag, setKey } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';
import { textArgs } from './basic.js';

export default [
  defineFunction({
    names: ['parse_url'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const text = s(c, i) as string;
        let u: URL;
        try {
          u = new URL(text);
        } catch {
          return {};
        }
        const params: DynBag = {};
        u.searchParams.forEach((v, k) => {
          setKey(params, k, v);
        });
        return {
          Scheme: u.protocol.replace(/:$/, ''),
          Host: u.hostname,
          Port: u.port,
          Path: u.pathname,
          Username: decodeURIComponent(u.username),
          Password: decodeURIComponent(u.password),
          'Query Parameters': params,
          Fragment: u.hash.replace(/^#/, ''),
        };
      };
    },
  }),
  defineFunction({
    names: ['parse_path'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const text = s(c, i) as string;
        const sep = text.includes('\\') ? '\\' : '/';
        const at = text.lastIndexOf(sep);
        const filename = text.slice(at + 1);
        const dot = filename.lastIndexOf('.');
        return {
          Scheme: '',
          RootPath: /^[A-Za-z]:/.test(text) ? text.slice(0, 2) : '',
          DirectoryPath: at >= 0 ? text.slice(0, at) : '',
          DirectoryName: at >= 0 ? (text.slice(0, at).split(sep).pop() ?? '') : '',
          Filename: filename,
          Extension: dot > 0 ? filename.slice(dot + 1) : '',
          AlternateDataStreamName: '',
        };
      };
    },
  }),
  defineFunction({
    names: ['parse_csv'],
    compile(call) {
      const [s] = textArgs(call);
      return (c, i) => {
        const text = s(c, i) as string;
        const out: string[] = [];
        let cur = '';
        let quoted = false;
        for (let k = 0; k < text.length; k++) {
          const ch = text[k];
          if (quoted) {
            if (ch === '"' && text[k + 1] === '"') {
              cur += '"';
              k++;
            } else if (ch === '"') quoted = false;
            else cur += ch;
          } else if (ch === '"') quoted = true;
          else if (ch === ',') {
            out.push(cur);
            cur = '';
          } else cur += ch;
        }
        out.push(cur);
        return out;
      };
    },
  }),
];
