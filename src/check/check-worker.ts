/**
 * A worker thread of `CheckWorkers`: warms Kusto.Language up as soon as it starts, then answers check
 * requests (see check-share.ts).
 */
import { parentPort } from 'node:worker_threads';
import { warmUpKusto } from '../kql/kusto.js';
import type { WorkerPort } from './check-share.js';

// Queued until serveChecks listens: a worker thread's port holds its messages until then.
const port = parentPort as unknown as WorkerPort;
warmUpKusto();
// Imported after the warm-up so that Kusto.Language's initialisation starts as early as it can.
const { serveChecks } = await import('./check-share.js');
serveChecks(port);
