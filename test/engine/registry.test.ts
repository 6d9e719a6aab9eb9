import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGGREGATES, unknownAggregateNames } from '../../src/engine/aggregates/index.js';
import { BINARY_OPERATORS } from '../../src/engine/functions/binary.js';
import { SCALAR_FUNCTIONS, unknownFunctionNames } from '../../src/engine/functions/index.js';
import { OPERATORS } from '../../src/engine/operators/index.js';
import { syntaxKind } from '../../src/kql/syntax.js';

const root = join(import.meta.dirname, '../../src/engine');

describe('registries', () => {
  it('names only functions and aggregates that Kusto.Language knows', () => {
    expect(unknownFunctionNames()).toEqual([]);
    expect(unknownAggregateNames()).toEqual([]);
    expect(SCALAR_FUNCTIONS.length).toBeGreaterThan(50);
    expect(AGGREGATES.length).toBeGreaterThan(10);
  });

  it('keys operators and binary operators on real syntax kinds, each kind once', () => {
    const kinds = [...OPERATORS.flatMap((o) => o.kinds), ...BINARY_OPERATORS.flatMap((o) => o.kinds)];
    for (const k of kinds) expect(() => syntaxKind(k as never), k).not.toThrow();
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it('registers every operator file', async () => {
    const helpers = new Set(['define.ts', 'index.ts', 'columns.ts', 'sort-keys.ts', 'join-keys.ts']);
    const files = readdirSync(join(root, 'operators')).filter((f) => f.endsWith('.ts') && !helpers.has(f));
    for (const f of files) {
      const mod = (await import(join(root, 'operators', f))) as { default: unknown };
      expect(OPERATORS, f).toContain(mod.default);
    }
  });

  it('has a semantics comment at the top of every operator and function file', async () => {
    const { readFileSync } = await import('node:fs');
    const dirs = [
      'operators',
      'aggregates',
      ...readdirSync(join(root, 'functions'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `functions/${d.name}`),
    ];
    for (const dir of dirs)
      for (const f of readdirSync(join(root, dir)).filter((x) => x.endsWith('.ts') && x !== 'index.ts')) {
        const text = readFileSync(join(root, dir, f), 'utf8');
        expect(text.trimStart().startsWith('/**'), `${dir}/${f}`).toBe(true);
      }
  });
});
