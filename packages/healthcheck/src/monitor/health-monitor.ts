/**
 * The engine: runs probes on a scheduler (staggered, concurrency-limited, drift-free, never
 * overlapping with itself), feeds results to the pure {@link HealthCore}, and emits typed events.
 *
 * @module
 */
import { getEventListeners } from 'node:events';
import { EventEmitter } from 'eventemitter3';
import type { CoreAction } from '../core/actions.js';
import { HealthcheckError } from '../core/errors.js';
import { type CheckView, HealthCore, type ServerView, type VirtualServerView } from '../core/health-core.js';
import type { CheckSpec, VirtualServerSpec } from '../core/spec.js';
import { isListenerClean } from '../listener-clean.js';
import { CheckMetrics, type MonitorMetrics } from '../metrics/check-metrics.js';
import { Histogram } from '../metrics/histogram.js';
import type { CheckResult, Probe } from '../types.js';
import { type Clock, realClock } from './clock.js';
import type { HealthMonitorEvents } from './events.js';
import { type ScheduledTask, Scheduler } from './scheduler.js';

/** A check the monitor runs: a core {@link CheckSpec} plus the probe that performs it. */
export interface MonitorCheck extends CheckSpec {
  /** One attempt (from `createHttpGetCheck`, `createTcpCheck`, …). */
  probe: Probe;
  /** Time limit of one attempt, ms (default: the resolved `connectTimeoutMs`; 0: none). */
  timeoutMs?: number;
}

/** Options of {@link HealthMonitor}. */
export interface HealthMonitorOptions {
  /** What to watch. */
  virtualServers: readonly VirtualServerSpec<MonitorCheck>[];
  /** Clock and timers (default: the real clock). */
  clock?: Clock;
  /** Most probes running at once (default 1000). */
  concurrency?: number;
  /** Aborting it closes the monitor. */
  signal?: AbortSignal;
  /** Seed for warmup delays (default random). */
  seed?: number;
  /** `random` (keepalived warmup) or `even` spreading of first probes. Default `random`. */
  stagger?: 'random' | 'even';
  /** Start right after construction, in a microtask, so listeners attached synchronously see the initial pool events (default true); otherwise call {@link HealthMonitor.start}. */
  autoStart?: boolean;
  /** Latency / lateness histogram bounds, ms. */
  buckets?: readonly number[];
  /** Longest run of due probe starts before yielding to the event loop, ms (default 10). */
  sliceMs?: number;
}

interface ProbeRt {
  readonly key: string;
  readonly type: string;
  readonly probe: Probe;
  readonly timeoutMs: number;
  readonly metrics: CheckMetrics;
  /** An attempt is running (a check never runs concurrently with itself). */
  running: boolean;
  /** Controller of the running attempt. */
  ac: AbortController | undefined;
  /** Built-in probe: its listeners never pile up on its signal, so its controller is reused unchecked. */
  readonly listenerClean: boolean;
  /**
   * A controller whose last run ended without an abort and left no `abort` listener on its signal
   * (or belongs to a listener-clean probe), kept for the next run.
   */
  spare: AbortController | undefined;
  // A check is at any time in one of: scheduled, queued (concurrency limit), running. So one slot
  // task, one deadline task and the fields of the next or current attempt serve every run: at
  // 10,000 checks a second, per-run objects that wait a whole delay_loop are promoted by the
  // scavenger and then cost full collections.
  /** Planned start of the scheduled, queued or running attempt. */
  plannedAt: number;
  /** That attempt is a retry. */
  retry: boolean;
  /** When the running attempt started. */
  startedAt: number;
  /** The running attempt hit the monitor's deadline. */
  timedOut: boolean;
  /** Fires at `plannedAt` (created on first use, then rescheduled). */
  slot: ScheduledTask | undefined;
  /** The running attempt's deadline (created on first use, then rescheduled). */
  deadline: ScheduledTask | undefined;
  /** Settles the running attempt (bound once). */
  onResult: (result: CheckResult) => void;
  /** Settles the running attempt whose probe rejected (bound once). */
  onReject: (err: unknown) => void;
}

/**
 * Runs keepalived-style health checks and reports up/down, weights, quorum and sorry-server changes.
 *
 * @example
 * ```ts
 * await using monitor = new HealthMonitor({ virtualServers });
 * monitor.on('down', (e) => console.log(`${e.rs} down: ${e.reason}`));
 * ```
 */
export class HealthMonitor extends EventEmitter<HealthMonitorEvents> {
  readonly #core: HealthCore<MonitorCheck>;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #concurrency: number;
  readonly #probes = new Map<string, ProbeRt>();
  readonly #queue: ProbeRt[] = [];
  #queueHead = 0;
  #inFlight = 0;
  #idle: (() => void) | undefined;
  readonly #lateness: Histogram;
  readonly #signal: AbortSignal | undefined;
  #started = false;
  #closing: Promise<void> | undefined;

  /**
   * @param options - what to watch and how
   * @throws {@link HealthcheckError} `E_CONFIG` for invalid configuration
   */
  constructor(options: HealthMonitorOptions) {
    super();
    this.#clock = options.clock ?? realClock;
    this.#scheduler = new Scheduler(this.#clock, options.sliceMs);
    this.#concurrency = options.concurrency ?? 1000;
    if (!(this.#concurrency >= 1)) throw new HealthcheckError('E_CONFIG', 'concurrency must be >= 1');
    const coreOptions: { seed?: number; stagger?: 'random' | 'even' } = {};
    if (options.seed !== undefined) coreOptions.seed = options.seed;
    if (options.stagger !== undefined) coreOptions.stagger = options.stagger;
    this.#core = new HealthCore(options.virtualServers, coreOptions);
    this.#lateness = new Histogram(options.buckets);
    for (const key of this.#core.keys()) {
      const view = this.#core.check(key) as CheckView<MonitorCheck>;
      const spec = view.spec;
      const target = spec.target ? `${spec.target.host}:${spec.target.port}` : '';
      const rt: ProbeRt = {
        key,
        type: spec.type,
        probe: spec.probe,
        timeoutMs: spec.timeoutMs ?? view.timing.connectTimeoutMs,
        metrics: new CheckMetrics(key, spec.type, target, options.buckets),
        running: false,
        ac: undefined,
        listenerClean: isListenerClean(spec.probe),
        spare: undefined,
        plannedAt: 0,
        retry: false,
        startedAt: 0,
        timedOut: false,
        slot: undefined,
        deadline: undefined,
        onResult: (result) => this.#finish(rt, result),
        onReject: (err) => this.#rejected(rt, err),
      };
      this.#probes.set(key, rt);
    }
    this.#signal = options.signal;
    if (this.#signal?.aborted) {
      this.#closing = Promise.resolve();
      return;
    }
    this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
    // Deferred to a microtask so listeners attached right after construction see the initial events.
    if (options.autoStart ?? true) queueMicrotask(() => this.start());
  }

  /** Begin checking (idempotent). */
  start(): void {
    if (this.#started || this.#closing) return;
    this.#started = true;
    this.#execute(this.#core.apply({ type: 'start', now: this.#clock.now() }));
  }

  /** True once {@link HealthMonitor.close} was called or the signal aborted. */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Views of every real server (status, weight, pool membership, last reason). */
  servers(): ServerView[] {
    return this.#core.servers();
  }

  /** Views of every virtual server (quorum, live weight, sorry server). */
  virtualServers(): VirtualServerView[] {
    return this.#core.virtualServers();
  }

  /** Views of every (deduplicated) check. */
  checks(): CheckView<MonitorCheck>[] {
    return this.#core.keys().map((k) => this.#core.check(k) as CheckView<MonitorCheck>);
  }

  /** Probes running now (cheap; {@link HealthMonitor.metrics} has it too). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Due probes waiting for the concurrency limit now (cheap). */
  get queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** Counters and histograms as plain data. */
  metrics(): MonitorMetrics {
    const checks = [];
    for (const rt of this.#probes.values()) checks.push(rt.metrics.snapshot());
    return {
      checks,
      lateness: this.#lateness.snapshot(),
      inFlight: this.#inFlight,
      queued: this.#queue.length - this.#queueHead,
    };
  }

  /**
   * Stop: cancel scheduled probes, abort running ones and wait for them to settle; with `omega`,
   * emit the shutdown notifications. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closing = this.#doClose();
    return this.#closing;
  }

  /** Same as {@link HealthMonitor.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  readonly #onAbort = (): void => {
    void this.close();
  };

  async #doClose(): Promise<void> {
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#scheduler.stop();
    this.#queue.length = 0;
    this.#queueHead = 0;
    const reason = new HealthcheckError('E_CLOSED', 'health monitor closed');
    for (const rt of this.#probes.values()) rt.ac?.abort(reason);
    if (this.#inFlight > 0) await new Promise<void>((resolve) => (this.#idle = resolve));
    if (this.#started) this.#execute(this.#core.apply({ type: 'shutdown', now: this.#clock.now() }));
  }

  #execute(actions: readonly CoreAction[]): void {
    for (const a of actions) {
      switch (a.type) {
        case 'probe': {
          const rt = this.#probes.get(a.key);
          if (!rt) break;
          rt.metrics.skipped += a.skipped;
          rt.plannedAt = a.at;
          rt.retry = a.retry;
          if (rt.slot === undefined) rt.slot = this.#scheduler.schedule(a.at, () => this.#due(rt));
          else this.#scheduler.reschedule(rt.slot, a.at);
          break;
        }
        case 'timer':
          this.#scheduler.schedule(a.at, (now) => {
            if (!this.#closing) this.#execute(this.#core.apply({ type: 'tick', now }));
          });
          break;
        case 'addServer':
        case 'removeServer':
          this.#emit('pool', a);
          break;
        case 'setWeight':
          this.#emit('pool', a);
          this.#emit('weight', a);
          break;
        case 'notify':
          switch (a.event) {
            case 'up':
            case 'down':
              this.#emit(a.event, a);
              break;
            case 'quorumUp':
            case 'quorumDown':
              this.#emit(a.event, a);
              break;
            case 'sorryServer':
              this.#emit('sorryServer', a);
              break;
          }
          break;
      }
    }
  }

  #emit<E extends keyof HealthMonitorEvents>(event: E, ...args: Parameters<HealthMonitorEvents[E]>): void {
    try {
      (this.emit as (e: E, ...a: Parameters<HealthMonitorEvents[E]>) => boolean)(event, ...args);
    } catch (err) {
      if (event === 'error') return;
      try {
        this.emit(
          'error',
          new HealthcheckError('E_LISTENER', `a '${String(event)}' listener threw: ${String(err)}`, {
            cause: err,
          }),
        );
      } catch {
        // an error listener that throws is ignored
      }
    }
  }

  #due(rt: ProbeRt): void {
    if (this.#closing) return;
    if (this.#inFlight < this.#concurrency && this.#queueHead === this.#queue.length) this.#run(rt);
    else this.#queue.push(rt);
  }

  #drain(): void {
    while (this.#inFlight < this.#concurrency && this.#queueHead < this.#queue.length) {
      const rt = this.#queue[this.#queueHead] as ProbeRt;
      this.#queue[this.#queueHead] = undefined as unknown as ProbeRt;
      this.#queueHead++;
      this.#run(rt);
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue.length = 0;
      this.#queueHead = 0;
    } else if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
  }

  #run(rt: ProbeRt): void {
    if (rt.running) return; // never concurrently with itself (cannot happen: next run is planned on completion)
    rt.running = true;
    this.#inFlight++;
    const startedAt = this.#clock.now();
    rt.startedAt = startedAt;
    rt.timedOut = false;
    this.#lateness.observe(Math.max(0, startedAt - rt.plannedAt));
    // `new AbortController()` is a measurable share of a probe's cost at 10,000 probes a second; a
    // built-in probe leaves nothing on the signal, so its never-aborted controller serves again.
    let ac = rt.spare;
    rt.spare = undefined;
    if (ac === undefined || ac.signal.aborted) ac = new AbortController();
    rt.ac = ac;
    if (rt.timeoutMs > 0) {
      const at = startedAt + rt.timeoutMs;
      if (rt.deadline === undefined) rt.deadline = this.#scheduler.schedule(at, () => this.#deadline(rt));
      else this.#scheduler.reschedule(rt.deadline, at);
    }
    let promise: Promise<CheckResult>;
    try {
      promise = rt.probe(ac.signal);
    } catch (err) {
      promise = Promise.reject(err);
    }
    promise.then(rt.onResult, rt.onReject);
  }

  /** The monitor's deadline of the running attempt passed: abort it (it settles as a timeout). */
  #deadline(rt: ProbeRt): void {
    if (!rt.running || rt.ac === undefined) return;
    rt.timedOut = true;
    rt.ac.abort(new HealthcheckError('E_TIMEOUT', `no result within ${rt.timeoutMs} ms`));
  }

  #rejected(rt: ProbeRt, err: unknown): void {
    this.#emit(
      'error',
      new HealthcheckError('E_PROBE_THREW', `probe ${rt.key} rejected: ${String(err)}`, { cause: err }),
    );
    this.#finish(rt, {
      ok: false,
      reason: `probe error: ${err instanceof Error ? err.message : String(err)}`,
      latencyMs: this.#clock.now() - rt.startedAt,
      code: 'error',
    });
  }

  #finish(rt: ProbeRt, raw: CheckResult): void {
    const ac = rt.ac as AbortController;
    const { plannedAt, startedAt, retry } = rt;
    rt.running = false;
    rt.ac = undefined;
    // Reused unless aborted or left with listeners: on Node 20 a new AbortSignal per run is both
    // slow and promoted garbage (the signal survives scavenges), a cost every custom probe paid.
    if (!ac.signal.aborted && (rt.listenerClean || getEventListeners(ac.signal, 'abort').length === 0))
      rt.spare = ac;
    this.#inFlight--;
    if (rt.deadline !== undefined) this.#scheduler.cancel(rt.deadline);
    if (this.#inFlight === 0 && this.#idle) this.#idle();
    const timedOut =
      rt.timedOut ||
      (ac.signal.aborted &&
        ac.signal.reason instanceof HealthcheckError &&
        ac.signal.reason.code === 'E_TIMEOUT');
    if (this.#closing) return;
    // A literal, not `{ ...raw, … }`: on Node 20 objects made by a spread outlive the next scavenge
    // (see withLatency in checkers/common.ts), and a failure storm times out thousands a second.
    let result = raw;
    if (timedOut) {
      result = {
        ok: false,
        reason: raw.ok ? `timeout after ${rt.timeoutMs} ms` : raw.reason,
        latencyMs: raw.latencyMs,
        code: 'timeout',
      };
      if (raw.weight !== undefined) result.weight = raw.weight;
    }
    const now = this.#clock.now();
    rt.metrics.record(result.ok, timedOut, result.latencyMs);
    if (this.listenerCount('result') > 0) {
      this.#emit('result', { key: rt.key, type: rt.type, result, plannedAt, startedAt, at: now, retry });
    }
    try {
      this.#execute(this.#core.apply({ type: 'result', now, key: rt.key, plannedAt, result }));
    } catch (err) {
      this.#emit(
        'error',
        new HealthcheckError('E_UNKNOWN_CHECK', `core rejected a result of ${rt.key}: ${String(err)}`, {
          cause: err,
        }),
      );
    }
    this.#drain();
  }
}
