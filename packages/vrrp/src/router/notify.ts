/**
 * keepalived's notify scripts (`notify_master`, `notify_backup`, `notify_fault`, `notify_stop`,
 * `notify`), run with `execFile` (never a shell) one at a time, in the order of the state
 * changes.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import type { VrrpState } from '../fsm/events.js';

/** Notify scripts: program and arguments, run on the matching transition. */
export interface NotifyScripts {
  /** Run on entering Master (`notify_master`). */
  master?: readonly [string, ...string[]];
  /** Run on entering Backup (`notify_backup`). */
  backup?: readonly [string, ...string[]];
  /** Run on entering Fault (`notify_fault`). */
  fault?: readonly [string, ...string[]];
  /** Run when the instance stops (`notify_stop`). */
  stop?: readonly [string, ...string[]];
  /** Run on every transition with `INSTANCE <name> <STATE> <priority>` appended (`notify`). */
  generic?: readonly [string, ...string[]];
  /** Kill a script after this many ms (default 10000). */
  timeoutMs?: number;
}

const KEEPALIVED_STATE: Record<VrrpState, string> = {
  Initialize: 'STOP',
  Backup: 'BACKUP',
  Master: 'MASTER',
  Fault: 'FAULT',
};

/** Runs notify scripts sequentially. */
export class Notifier {
  readonly #scripts: NotifyScripts;
  readonly #onError: (err: Error) => void;
  #queue: Promise<void> = Promise.resolve();

  /**
   * @param scripts - the scripts
   * @param onError - called when a script fails or cannot be run
   */
  constructor(scripts: NotifyScripts, onError: (err: Error) => void) {
    this.#scripts = scripts;
    this.#onError = onError;
  }

  /**
   * Queues the scripts for a transition.
   *
   * @param instance - instance name
   * @param to - new state
   * @param priority - current effective priority
   */
  notify(instance: string, to: VrrpState, priority: number): void {
    const specific =
      to === 'Master'
        ? this.#scripts.master
        : to === 'Backup'
          ? this.#scripts.backup
          : to === 'Fault'
            ? this.#scripts.fault
            : this.#scripts.stop;
    if (specific) this.#enqueue(specific);
    if (this.#scripts.generic) {
      this.#enqueue([...this.#scripts.generic, 'INSTANCE', instance, KEEPALIVED_STATE[to], String(priority)]);
    }
  }

  #enqueue(command: readonly string[]): void {
    const [file, ...args] = command;
    if (file === undefined) return;
    this.#queue = this.#queue.then(
      () =>
        new Promise<void>((resolve) => {
          execFile(file, args, { timeout: this.#scripts.timeoutMs ?? 10_000 }, (err) => {
            if (err) this.#onError(err);
            resolve();
          });
        }),
    );
  }

  /** Resolves when every queued script has finished. */
  drain(): Promise<void> {
    return this.#queue;
  }
}
