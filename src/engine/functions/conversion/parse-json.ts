/** `parse_json`/`todynamic`: JSON text → dynamic; text that is not JSON stays a dynamic string; a dynamic argument passes through. */
import { toDynamic } from '../../values/convert.js';
import { parseJsonText } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export function parseJsonValue(text: string): unknown {
  try {
    return parseJsonText(text);
  } catch {
    return text;
  }
}

export default [
  defineFunction({
    names: ['parse_json', 'todynamic', 'toobject'],
    compile({ args, argTypes }) {
      const a = args[0];
      const t = argTypes[0];
      if (t === 'string')
        return (c, i) => {
          const s = a(c, i) as string;
          return s === '' ? null : parseJsonValue(s);
        };
      return (c, i) => toDynamic(a(c, i), t);
    },
  }),
];
