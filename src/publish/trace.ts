import type { ClientOptions } from './sentinel-client.js';

type PipelinePolicy = NonNullable<ClientOptions['additionalPolicies']>[number]['policy'];

/**
 * A pipeline policy that writes one line per HTTP attempt (retries included) and one per answer. It runs
 * after the bearer token policy, so it sees the Authorization header, and prints only that one was sent:
 * never the token. URLs carry no secrets (api-version, paging tokens).
 */
export function httpTracePolicy(write: (line: string) => void): PipelinePolicy {
  return {
    name: 'kqlcHttpTrace',
    async sendRequest(request, next) {
      const started = performance.now();
      const auth = request.headers.get('authorization');
      const scheme = auth?.split(' ')[0];
      write(`→ ${request.method} ${request.url}${auth ? ` [authorization: ${scheme} <redacted>]` : ''}`);
      try {
        const response = await next(request);
        write(
          `← ${response.status} ${request.method} ${request.url} (${Math.round(performance.now() - started)} ms)`,
        );
        return response;
      } catch (e) {
        write(`✗ ${request.method} ${request.url}: ${(e as Error).message}`);
        throw e;
      }
    },
  };
}

/** SDK client options that trace every request through `write`; none when `write` is undefined. */
export function traceOptions(write: ((line: string) => void) | undefined): ClientOptions {
  return write ? { additionalPolicies: [{ policy: httpTracePolicy(write), position: 'perRetry' }] } : {};
}
