import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/**
 * `DefaultAzureCredential` (service principal variables, workload identity, Azure CLI, ... managed identity),
 * created only when a token is first needed, so `kqlc plan --help` or a plan blocked by content errors
 * never touches a credential source. `authorityHost` is for sovereign clouds.
 */
export function lazyDefaultCredential(options: { authorityHost?: string } = {}): TokenCredential {
  let inner: Promise<TokenCredential> | undefined;
  return {
    async getToken(
      scopes: string | string[],
      getTokenOptions?: GetTokenOptions,
    ): Promise<AccessToken | null> {
      inner ??= import('@azure/identity').then(
        ({ DefaultAzureCredential }) =>
          new DefaultAzureCredential(options.authorityHost ? { authorityHost: options.authorityHost } : {}),
      );
      return (await inner).getToken(scopes, getTokenOptions);
    },
  };
}
