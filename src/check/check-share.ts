/**
 * What a check worker does, as a worker thread (check-worker.ts) or as a child process started from
 * the Kusto.Language snapshot (check-child.ts): for each request, it loads the project's tables,
 * watchlists and parsers plus the requested files' items, runs the item checks on those items, and
 * replies with the diagnostics by file.
 *
 * A request may come before the main thread knows which built-in tables the project uses (a cold run
 * deals the files out before it has read them): then the worker loads its files and waits for a second
 * message with the tables before it analyses anything.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resolveProject } from '../kql/project-world.js';
import { loadProject } from '../load/project.js';
import { runChecks } from './check.js';
import { checks } from './index.js';

export interface ShareRequest {
  root: string;
  /** Project-relative paths of the items to check (other paths are ignored). */
  files: string[];
  /** The built-in tables to declare (see usedBuiltinTables); absent: they come in a `TablesMessage`. */
  builtinTables?: string[];
}

export interface TablesMessage {
  builtinTables: string[];
}

export type ShareReply = Record<string, Diagnostic[]>;

/** The side of a message channel a worker has: its parent port, or a child process's IPC channel. */
export interface WorkerPort {
  on(event: 'message', listener: (message: ShareRequest | TablesMessage) => void): unknown;
  postMessage(reply: ShareReply): void;
}

/** Answers check requests on `port`, one at a time, for as long as the worker runs. */
export function serveChecks(port: WorkerPort): void {
  const queue: (ShareRequest | TablesMessage)[] = [];
  let waiting: ((message: ShareRequest | TablesMessage) => void) | undefined;
  port.on('message', (message) => {
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    } else queue.push(message);
  });
  const next = () =>
    new Promise<ShareRequest | TablesMessage>((resolve) => {
      const queued = queue.shift();
      if (queued) resolve(queued);
      else waiting = resolve;
    });
  const serve = async () => {
    for (;;) {
      const request = (await next()) as ShareRequest;
      port.postMessage(
        await checkShare(request, async () => ((await next()) as TablesMessage).builtinTables),
      );
    }
  };
  void serve();
}

/** A child process's IPC channel as a WorkerPort (listening from the start: it delivers nothing before the event loop runs). */
export function ipcPort(): WorkerPort {
  return {
    on: (event, listener) => process.on(event, listener as (message: unknown) => void),
    postMessage: (reply) => process.send?.(reply),
  };
}

/** Checks the items of `request.files`; `tables` gives the built-in tables when the request has none. */
export async function checkShare(
  request: ShareRequest,
  tables: () => Promise<string[]> = () => Promise.reject(new Error('the request names no built-in tables')),
): Promise<ShareReply> {
  const wanted = new Set(request.files);
  const project = await loadProject(request.root, { items: (p) => wanted.has(p) });
  const builtinTables = request.builtinTables ?? (await tables());
  const targets = new Set(project.items.filter((i) => wanted.has(i.source.file.path)));
  const itemChecks = checks.filter((c) => c.scope !== 'project');
  const byFile: ShareReply = {};
  for (const item of targets) byFile[item.source.file.path] = [];
  for (const d of runChecks(itemChecks, resolveProject(project, { builtinTables }), targets)) {
    byFile[d.file] ??= [];
    byFile[d.file].push(d);
  }
  return byFile;
}
