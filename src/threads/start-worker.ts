import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on `script`. From dist/ the script is plain JavaScript. From the TypeScript
 * sources (tests, tsx) the worker first registers tsx's loader, which it does not inherit from its
 * parent, and then imports the script.
 */
export function startWorker(script: URL, options: WorkerOptions): Worker {
  if (!script.href.endsWith('.ts')) return new Worker(script, options);
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { ...options, eval: true });
}

/** `name` beside the calling module, with the calling module's own extension (.ts from the sources, .js from dist). */
export function siblingScript(callerUrl: string, name: string): URL {
  return new URL(`./${name}${callerUrl.endsWith('.ts') ? '.ts' : '.js'}`, callerUrl);
}
