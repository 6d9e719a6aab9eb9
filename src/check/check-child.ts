/**
 * A child process of `CheckWorkers` started from the Kusto.Language snapshot (see
 * src/kql/kusto-snapshot.ts), which loads this module with require: no top-level await here or in
 * what it imports. Kusto.Language is loaded and warmed up already; it answers check requests (see
 * check-share.ts) over its IPC channel.
 */
import { serveChecks } from './check-share.js';

serveChecks({
  // Listening from the start: the IPC channel delivers nothing before the event loop runs.
  on: (event, listener) => process.on(event, listener as (message: unknown) => void),
  postMessage: (reply) => process.send?.(reply),
});
