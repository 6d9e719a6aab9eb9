/**
 * The CLI's credential is DefaultAzureCredential, made only when a token is first asked for. Here the
 * module is mocked: the real DefaultAzureCredential is never constructed in a test (it would probe
 * 169.254.169.254 when nothing else is configured).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const constructed: unknown[] = [];
vi.mock('@azure/identity', () => ({
  DefaultAzureCredential: class {
    constructor(options: unknown) {
      constructed.push(options);
    }
    async getToken() {
      return { token: 'mocked', expiresOnTimestamp: Date.now() + 60_000 };
    }
  },
}));

const { lazyDefaultCredential } = await import('../../src/publish/credential.js');
const { defaultAccess } = await import('../../src/cli/commands/plan.js');

beforeEach(() => {
  constructed.length = 0;
});

describe('lazyDefaultCredential', () => {
  it('makes no credential until a token is needed, then exactly one', async () => {
    const credential = lazyDefaultCredential();
    expect(constructed).toEqual([]);
    await credential.getToken('https://management.azure.com/.default');
    await credential.getToken('https://management.azure.com/.default');
    expect(constructed).toEqual([{}]);
  });

  it('passes the environment authority host (sovereign clouds)', async () => {
    await lazyDefaultCredential({ authorityHost: 'https://login.microsoftonline.us' }).getToken('x');
    expect(constructed).toEqual([{ authorityHost: 'https://login.microsoftonline.us' }]);
  });

  it('building the CLI client for an environment makes no credential', () => {
    defaultAccess.createClient({ subscriptionId: 's', resourceGroup: 'rg', workspace: 'ws' });
    expect(constructed).toEqual([]);
  });
});
