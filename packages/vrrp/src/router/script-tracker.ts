/**
 * keepalived's `vrrp_script`: a command run every `interval`, killed after `timeout`, whose
 * exit status (0 = OK) is turned into a tracker state with `rise` / `fall` hysteresis. The
 * command is run with `execFile` — never through a shell.
 *
 * @module
 */
import { execFile } from 'node:child_process';

/** One `vrrp_script`. */
export interface ScriptTrackerConfig {
  /** Script name (the tracker name in the instance's `trackers`). */
  name: string;
  /** Program and arguments (`['/usr/bin/pgrep', 'haproxy']`). */
  command: readonly [string, ...string[]];
  /** `interval` between runs, ms (default 1000). */
  intervalMs?: number;
  /** `timeout`: a run taking longer is killed and counts as a failure, ms (default = interval). */
  timeoutMs?: number;
  /** `rise`: consecutive successes needed to become OK (default 1). */
  rise?: number;
  /** `fall`: consecutive failures needed to become failing (default 1). */
  fall?: number;
  /** `init_fail`: start as failing (default: OK, as keepalived). */
  initFail?: boolean;
}

/** Runs one script periodically and reports state changes. */
export class ScriptTracker {
  readonly #config: ScriptTrackerConfig;
  readonly #onChange: (name: string, ok: boolean) => void;
  #timer: NodeJS.Timeout | undefined;
  #ok: boolean;
  #streak = 0;
  #closed = false;
  #abort = new AbortController();

  /**
   * @param config - the script
   * @param onChange - called with the script name and its new state
   */
  constructor(config: ScriptTrackerConfig, onChange: (name: string, ok: boolean) => void) {
    this.#config = config;
    this.#onChange = onChange;
    this.#ok = config.initFail !== true;
  }

  /** Current state (after hysteresis). */
  get ok(): boolean {
    return this.#ok;
  }

  /** Starts running the script (first run at once). */
  start(): void {
    if (this.#closed || this.#timer) return;
    this.#run();
  }

  #run(): void {
    if (this.#closed) return;
    const interval = this.#config.intervalMs ?? 1000;
    const [file, ...args] = this.#config.command;
    execFile(
      file,
      args,
      { timeout: this.#config.timeoutMs ?? interval, signal: this.#abort.signal, windowsHide: true },
      (err) => {
        if (this.#closed) return;
        this.#result(err === null);
        this.#timer = setTimeout(() => this.#run(), interval);
      },
    );
  }

  #result(success: boolean): void {
    if (success === this.#ok) {
      this.#streak = 0;
      return;
    }
    this.#streak++;
    const needed = success ? (this.#config.rise ?? 1) : (this.#config.fall ?? 1);
    if (this.#streak >= needed) {
      this.#ok = success;
      this.#streak = 0;
      this.#onChange(this.#config.name, success);
    }
  }

  /** Stops (a running script is killed). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
  }
}
