import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/check/index.js';
import { codes } from '../../src/diagnostics/codes.js';

const root = new URL('../../', import.meta.url);

describe('check registry', () => {
  it('registers every file under src/check/checks, with an id equal to its file name', () => {
    const files = readdirSync(new URL('src/check/checks/', root)).map((f) => f.replace(/\.ts$/, ''));
    expect(checks.map((c) => c.id).sort()).toEqual(files.sort());
  });

  it('documents every check in docs/checks/<id>.md with a wrong and a right example', () => {
    for (const check of checks) {
      const doc = new URL(`docs/checks/${check.id}.md`, root);
      expect(existsSync(doc), `docs/checks/${check.id}.md`).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text, check.id).toMatch(/Wrong/);
      expect(text, check.id).toMatch(/Right/);
    }
  });

  it('gives every catalogue entry a unique code', () => {
    const all = Object.values(codes).map((c) => c.code);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('rule help for SARIF', () => {
  it('points every code a check reports under at its documentation', async () => {
    const { ruleInfo } = await import('../../src/check/rule-info.js');
    const info = ruleInfo();
    for (const check of checks) {
      for (const name of [check.code, ...(check.otherCodes ?? [])]) {
        expect(info.get(codes[name].code)?.help, `${check.id} ${name}`).toContain(
          `docs/checks/${check.id}.md`,
        );
      }
    }
  });
});
