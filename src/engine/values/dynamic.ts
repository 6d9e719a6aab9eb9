/**
 * Dynamic values. JSON null is the dynamic null; a JS number that is an integer is a long, any other
 * number a real; a real with an integral value (`2.0`) is boxed as DynReal so int and real stay apart;
 * a long beyond ±2^53 is a bigint. Datetimes, timespans and guids stored in a bag become strings.
 */
export class DynReal {
  constructor(readonly value: number) {}
}

export type Dyn = null | boolean | string | number | bigint | DynReal | Dyn[] | { [key: string]: Dyn };

export type DynBag = { [key: string]: Dyn };

/** Sets a bag key as an own property, even `__proto__` (plain assignment would change the prototype). */
export function setKey(bag: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(bag, key, { value, enumerable: true, writable: true, configurable: true });
  else bag[key] = value;
}

export function isBag(v: unknown): v is DynBag {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof DynReal);
}

/** A real as a dynamic value (boxed when integral so it is not mistaken for a long). */
export function dynReal(n: number): Dyn {
  return Number.isInteger(n) || !Number.isFinite(n) ? new DynReal(n) : n;
}

/** A long as a dynamic value. */
export function dynLong(n: number | bigint): Dyn {
  if (typeof n === 'bigint') return n >= -9007199254740992n && n <= 9007199254740992n ? Number(n) : n;
  return n;
}

/** The numeric value of a dynamic number, or undefined. */
export function dynNumber(v: Dyn | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof DynReal) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

export function isDynReal(v: unknown): boolean {
  return v instanceof DynReal || (typeof v === 'number' && !Number.isInteger(v));
}

class JsonParser {
  i = 0;
  constructor(readonly s: string) {}
  fail(): never {
    throw new SyntaxError(`bad JSON at ${this.i}`);
  }
  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }
  value(): Dyn {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      const o: DynBag = {};
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return o;
      }
      for (;;) {
        this.ws();
        if (this.s[this.i] !== '"') this.fail();
        const k = this.string();
        this.ws();
        if (this.s[this.i] !== ':') this.fail();
        this.i++;
        setKey(o, k, this.value());
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === '}') {
          this.i++;
          return o;
        }
        this.fail();
      }
    }
    if (c === '[') {
      this.i++;
      const a: Dyn[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return a;
      }
      for (;;) {
        a.push(this.value());
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === ']') {
          this.i++;
          return a;
        }
        this.fail();
      }
    }
    if (c === '"') return this.string();
    if (this.s.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.s.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (this.s.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    this.i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : dynLong(BigInt(m[0]));
    }
    return dynReal(Number(m[0]));
  }
  string(): string {
    const s = this.s;
    const start = ++this.i;
    let simple = true;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        this.i += 2;
      } else this.i++;
    }
    if (this.i >= s.length) this.fail();
    const raw = s.slice(start, this.i);
    this.i++;
    return simple ? raw : (JSON.parse(`"${raw}"`) as string);
  }
}

/**
 * Numbers that JSON.parse would get wrong for us: integral reals (`2.0`, `1e3`) and integers past 15 digits.
 * Text without them (the usual case) goes through the native parser, whose output is already a valid Dyn.
 */
const NEEDS_OWN_PARSER = /\d\.0+(?![0-9])|\d[eE][+-]?\d|\d{16,}/;

/** Parses JSON text keeping long vs real apart; throws SyntaxError on bad JSON. */
export function parseJsonText(text: string): Dyn {
  if (!NEEDS_OWN_PARSER.test(text)) return JSON.parse(text) as Dyn;
  const p = new JsonParser(text);
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.fail();
  return v;
}

/** Converts a plain JS value (from JSON.parse or a test fixture) to a dynamic value. */
export function fromJsValue(v: unknown): Dyn {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? v : dynReal(v);
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint' || v instanceof DynReal)
    return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(fromJsValue);
  if (typeof v === 'object') {
    const o: DynBag = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) setKey(o, k, fromJsValue(x));
    return o;
  }
  return String(v);
}

/** JSON form of a dynamic value for the caller: numbers as numbers (bigint longs as strings). */
export function toJsValue(v: Dyn): unknown {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'bigint') return v.toString();
    return v;
  }
  if (v instanceof DynReal) return v.value;
  if (Array.isArray(v)) return v.map(toJsValue);
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setKey(o, k, toJsValue(v[k]));
  return o;
}

function realText(n: number): string {
  if (Number.isNaN(n)) return '"NaN"';
  if (n === Infinity) return '"Infinity"';
  if (n === -Infinity) return '"-Infinity"';
  return String(n);
}

/** Compact JSON text of a dynamic value, as `tostring()` prints bags and arrays. */
export function stringifyDyn(v: Dyn): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return realText(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof DynReal) return realText(v.value);
  if (Array.isArray(v)) return `[${v.map(stringifyDyn).join(',')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${stringifyDyn(v[k])}`)
    .join(',')}}`;
}

/** Structural equality of dynamic values (numbers compare by value, int and real alike). */
export function dynEquals(a: Dyn, b: Dyn): boolean {
  if (a === b) return true;
  const na = dynNumber(a);
  const nb = dynNumber(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && na === nb;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => dynEquals(x, b[i]));
  }
  const ka = Object.keys(a as DynBag);
  const kb = Object.keys(b as DynBag);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && dynEquals((a as DynBag)[k], (b as DynBag)[k]));
}
