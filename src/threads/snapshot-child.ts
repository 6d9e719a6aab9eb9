import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { PoolWorker } from './worker-pool.js';

/** How much of a child's standard error an error message quotes. */
const STDERR_TAIL = 2000;

/**
 * A child process started from a V8 startup snapshot (`node --snapshot-blob`), with the interface of
 * a worker thread that `WorkerPool` and `request` use: `postMessage`, the 'message', 'error' and 'exit'
 * events, and `terminate`. Messages go over the IPC channel with the structured-clone serialisation
 * that worker threads use. The child's standard output is dropped and the end of its standard error is
 * kept for the error that reports an unexpected exit.
 */
export class SnapshotChild extends EventEmitter implements PoolWorker {
  private readonly child: ChildProcess;
  private stderr = '';
  /** How it exited ('code 1', 'SIGSEGV'), once it has. */
  private exited: string | undefined;
  private terminating = false;

  constructor(script: URL, blob: string, args: string[] = []) {
    super();
    this.child = fork(fileURLToPath(script), args, {
      execArgv: ['--snapshot-blob', blob],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL);
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('error', (e) => this.fail(e.message));
    this.child.on('exit', (code, signal) => {
      this.exited = signal ?? `code ${code}`;
      if (!this.terminating) this.fail(`it exited (${this.exited})`);
      this.emit('exit', signal ?? code ?? 0);
    });
  }

  postMessage(message: unknown): void {
    if (this.exited || !this.child.connected) {
      // Gone before it was given work (its 'exit' came and went): whoever waits for a reply hears why.
      setImmediate(() =>
        this.fail(`it had exited (${this.exited ?? 'disconnected'}) before it was given work`),
      );
      return;
    }
    this.child.send(message as never, (e) => {
      if (e) this.fail(`a message to it failed: ${e.message}`);
    });
  }

  async terminate(): Promise<void> {
    this.terminating = true;
    if (this.exited) return;
    const exit = once(this.child, 'exit');
    this.child.kill();
    await exit;
  }

  /** An 'error' for whoever waits on this child (nobody may be: an unused child is not an error). */
  private fail(reason: string): void {
    if (this.listenerCount('error') === 0) return;
    const stderr = this.stderr.trim();
    this.emit('error', new Error(`${reason}${stderr ? `; its standard error ends: ${stderr}` : ''}`));
  }
}
