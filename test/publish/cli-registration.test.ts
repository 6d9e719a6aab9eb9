/** plan and publish are registered in the real CLI. These stop before any client is made: no network. */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';

describe('registration in the real CLI (no network: these stop before any client call)', () => {
  it('lists plan, publish and import in kqlc --help', async () => {
    let out = '';
    const io: CliIO = {
      stdout: (t) => (out += t),
      stderr: (t) => (out += t),
      isTTY: false,
      env: {},
      cwd: '.',
    };
    expect(await runCli(['--help'], io)).toBe(0);
    expect(out).toMatch(/\bplan \[options\] \[dir\]/);
    expect(out).toMatch(/\bpublish \[options\] \[dir\]/);
    expect(out).toMatch(/\bimport \[options\] \[dir\]/);
  });

  it('requires --env', async () => {
    let err = '';
    const io: CliIO = {
      stdout: () => {},
      stderr: (t) => (err += t),
      isTTY: false,
      env: {},
      cwd: '.',
    };
    expect(await runCli(['publish'], io)).toBe(2);
    expect(err).toContain("required option '--env <name>' not specified");
  });
});
