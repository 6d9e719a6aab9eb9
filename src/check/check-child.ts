/**
 * A child process of `CheckWorkers` started from the Kusto.Language snapshot (see
 * src/kql/kusto-snapshot.ts) that does not hold the checker (snapshot-checker.ts) itself: it loads this module
 * with require (no top-level await here or in what it imports). Kusto.Language is loaded and warmed up
 * already; it answers check requests (see check-share.ts) over its IPC channel.
 */
import { ipcPort, serveChecks } from './check-share.js';

serveChecks(ipcPort());
