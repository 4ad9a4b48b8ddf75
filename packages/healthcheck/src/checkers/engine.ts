/**
 * The choice between the two transports of the socket and script checkers:
 *
 * - `native`: `@ha/socket`'s `ProbeEngine` — one epoll set for every probe, deadlines in a native
 *   timer heap, results handed to JS in batches, scripts started with `posix_spawnp` and watched
 *   through pidfds. This is what lets one core run 10,000 checks a second; it also sets `fwmark`.
 * - `node`: `node:net` sockets and `child_process.spawn`; pure JavaScript, any OS.
 *
 * `auto` (the default) uses `native` when the optional `@ha/socket` package loads (Linux) and the
 * check can run on it (IP literal addresses, no TLS, no `user` for scripts), else `node`. Both give
 * the same verdicts and reasons; the test suite runs every checker test on both.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { markListenerClean } from '../listener-clean.js';
import type { CheckResult } from '../types.js';
import type { ConnectOptions, Outcome } from './common.js';
import { CheckerConfigError, errorOutcome, fail, withLatency } from './common.js';

/** Which transport a socket or script checker uses. Not a keepalived keyword. Default `auto`. */
export type ProbeEngineChoice = 'auto' | 'native' | 'node';

/** The events of a TCP operation (structurally `@ha/socket`'s `TcpProbeHandler`). */
export interface EngineTcpHandler {
  onConnected(): void;
  onData(chunk: Buffer): void;
  onEnd(): void;
  onError(errno: number, code: string, phase: string): void;
  onTimeout(phase: string): void;
}

/** The events of a program run (structurally `@ha/socket`'s `SpawnProbeHandler`). */
export interface EngineSpawnHandler {
  onExit(status: number | null, signal: string | null, output: Buffer): void;
  onTimeout(): void;
  onSpawnError(errno: number, code: string): void;
}

/** Per-operation options (structurally `@ha/socket`'s `TcpProbeOptions`). */
export interface EngineTcpOptions {
  readonly reset?: boolean;
}

/** An encoded TCP destination (structurally `@ha/socket`'s `TcpTarget`). */
export interface EngineTcpTarget {
  readonly sockaddr: Buffer;
  readonly bind: Buffer | null;
  readonly mark: number;
}

/** The part of `@ha/socket`'s `ProbeEngine` the checkers use. */
export interface Engine {
  readonly canSpawn: boolean;
  tcp(
    target: EngineTcpTarget,
    timeoutMs: number,
    request: Buffer | undefined,
    handler: EngineTcpHandler,
    options?: EngineTcpOptions,
  ): number;
  spawn(
    opts: {
      argv: readonly string[];
      env?: readonly string[];
      cwd?: string;
      timeoutMs: number;
      outputLimit?: number;
    },
    handler: EngineSpawnHandler,
  ): number;
  cancel(id: number): boolean;
}

/** The functions the checkers load from `@ha/socket`. */
export interface EngineModule {
  /** The process-wide engine. */
  sharedProbeEngine(): Engine;
  /** Encodes a destination; throws on a non-literal address. */
  tcpTarget(opts: {
    address: string;
    port: number;
    bindAddress?: string;
    bindPort?: number;
    mark?: number;
    bindIf?: string;
  }): EngineTcpTarget;
}

/** The engine's target options for a socket checker's connection options. */
export function engineTargetOptions(opts: ConnectOptions): Parameters<EngineModule['tcpTarget']>[0] {
  return {
    address: opts.host,
    port: opts.port,
    ...(opts.bindto !== undefined ? { bindAddress: opts.bindto } : {}),
    ...(opts.bindPort !== undefined ? { bindPort: opts.bindPort } : {}),
    ...(opts.fwmark !== undefined ? { mark: opts.fwmark } : {}),
    ...(opts.bindIf !== undefined ? { bindIf: opts.bindIf } : {}),
  };
}

const SOCKET_MODULE = '@ha/socket';

/** Probes run per transport since the process started (see {@link probeEngineStatus}). */
const runs = { native: 0, node: 0 };

/** What {@link probeEngineStatus} reports. */
export interface ProbeEngineStatus {
  /** The native engine has loaded. */
  loaded: boolean;
  /** Why it could not load, once a load failed. */
  error?: string;
  /** Probe attempts run on the native engine (TCP_CHECK, HTTP_GET, MISC_CHECK). */
  nativeRuns: number;
  /** Probe attempts of those checkers run on `node:net` / `child_process`. */
  nodeRuns: number;
}

/**
 * Which transport the socket and script checkers are using, and how often each ran: shows at a
 * glance whether this process got the native engine (`auto` falls back silently otherwise).
 */
export function probeEngineStatus(): ProbeEngineStatus {
  const s: ProbeEngineStatus = { loaded: loaded !== undefined, nativeRuns: runs.native, nodeRuns: runs.node };
  if (loadError !== undefined) s.error = loadError;
  return s;
}

/**
 * Loads the native probe engine now (it otherwise loads on the first probe that can use it), so a
 * monitor's first burst of probes does not wait for it. Never rejects.
 *
 * @returns the status once the load has settled
 */
export async function preloadProbeEngine(): Promise<ProbeEngineStatus> {
  await loadEngineModule();
  return probeEngineStatus();
}

let loaded: EngineModule | undefined;
let loadError: string | undefined;
let loading: Promise<EngineModule | undefined> | undefined;

/**
 * Loads `@ha/socket` once. Resolves to `undefined` (and remembers why, see {@link engineLoadError})
 * when the package is absent or its addon cannot load on this system.
 */
export function loadEngineModule(): Promise<EngineModule | undefined> {
  if (loaded !== undefined || loadError !== undefined) return Promise.resolve(loaded);
  loading ??= (async () => {
    try {
      if (process.platform !== 'linux') throw new Error(`not available on ${process.platform}`);
      const mod = (await import(SOCKET_MODULE)) as EngineModule;
      mod.sharedProbeEngine();
      loaded = mod;
    } catch (e) {
      loadError = e instanceof Error ? e.message : String(e);
    }
    return loaded;
  })();
  return loading;
}

/**
 * Validates a checker's `engine` option and says whether the check may run natively.
 *
 * @param choice - the option (default `auto`)
 * @param unsupported - why this check cannot run natively (e.g. a host name), or undefined
 * @returns true when probes should try the native engine
 * @throws {@link CheckerConfigError} for an unknown choice, or `native` with `unsupported` set
 */
export function wantsNative(choice: ProbeEngineChoice | undefined, unsupported: string | undefined): boolean {
  const c = choice ?? 'auto';
  if (c !== 'auto' && c !== 'native' && c !== 'node') {
    throw new CheckerConfigError('engine', `must be 'auto', 'native' or 'node', got ${String(c)}`);
  }
  if (c === 'native' && unsupported !== undefined)
    throw new CheckerConfigError('engine', `'native' is impossible here: ${unsupported}`);
  return c !== 'node' && unsupported === undefined;
}

/**
 * Builds a probe that runs natively when the engine module is (or becomes) available and falls
 * back to the `node:` implementation otherwise (`auto`), or fails with code `unsupported` when
 * `native` was required.
 *
 * @param useNative - from {@link wantsNative}
 * @param required - the user asked for `engine: 'native'`
 * @param what - reason prefix for `unsupported`
 * @param prepare - builds the native runner once the module has loaded (called once)
 * @param node - the pure JavaScript probe
 */
export function engineProbe(
  useNative: boolean,
  required: boolean,
  what: string,
  prepare: (mod: EngineModule) => (signal: AbortSignal) => Promise<CheckResult>,
  node: (signal: AbortSignal) => Promise<CheckResult>,
): (signal: AbortSignal) => Promise<CheckResult> {
  const onNode = (signal: AbortSignal): Promise<CheckResult> => {
    runs.node++;
    return node(signal);
  };
  if (!useNative) return markListenerClean(onNode);
  let run: ((signal: AbortSignal) => Promise<CheckResult>) | undefined;
  const unavailable =
    (why: string) =>
    (signal: AbortSignal): Promise<CheckResult> =>
      required ? Promise.resolve(nativeUnavailable(what, why)) : onNode(signal);
  // A target the engine refuses (e.g. an unknown bind_if) falls back or fails; a probe never rejects.
  const build = (m: EngineModule): ((signal: AbortSignal) => Promise<CheckResult>) => {
    try {
      const native = prepare(m);
      return (signal) => {
        runs.native++;
        return native(signal);
      };
    } catch (e) {
      return unavailable(e instanceof Error ? e.message : String(e));
    }
  };
  return markListenerClean((signal) => {
    if (run !== undefined) return run(signal);
    const mod = loaded;
    if (mod !== undefined) {
      run = build(mod);
      return run(signal);
    }
    if (loadError !== undefined) return unavailable(loadError)(signal);
    return loadEngineModule().then((m) => {
      if (m === undefined) return unavailable(loadError ?? 'not loaded')(signal);
      run ??= build(m);
      return run(signal);
    });
  });
}

/** A failure for a check that asked for `engine: 'native'` where the engine cannot run. */
function nativeUnavailable(what: string, why: string): CheckResult {
  return {
    ok: false,
    code: 'unsupported',
    reason: `${what}: native probe engine unavailable: ${why}`,
    latencyMs: 0,
  };
}

/**
 * The outcome of a connection the engine could not open (phase `connect`, or `setup`: bind or
 * SO_MARK), mapped like the `node:net` path maps its errors; the message is Node-style, e.g.
 * `connect ECONNREFUSED 127.0.0.1:80`.
 *
 * @param code - errno name
 * @param phase - the engine's phase
 * @param where - `host:port`
 */
export function engineConnectError(code: string, phase: string, where: string): Outcome {
  const call = phase === 'setup' ? 'socket setup (bind, SO_MARK)' : 'connect';
  return errorOutcome({ code, message: `${call} ${code} ${where}` }, `connect ${where}`);
}

/**
 * Runs one native attempt: resolves `aborted` at once when `signal` is already aborted (as the
 * `node:` path does), else constructs the attempt, which starts its engine operation.
 *
 * @param Attempt - the attempt class
 * @param def - what every attempt of the check shares
 * @param signal - the caller's signal
 * @param what - reason prefix
 */
export function startNative<D>(
  Attempt: new (def: D, signal: AbortSignal, resolve: (r: CheckResult) => void) => NativeAttempt,
  def: D,
  signal: AbortSignal,
  what: string,
): Promise<CheckResult> {
  if (signal.aborted)
    return Promise.resolve({ ok: false, reason: `${what}: aborted`, code: 'aborted', latencyMs: 0 });
  return new Promise<CheckResult>((resolve) => {
    new Attempt(def, signal, resolve);
  });
}

/**
 * The native attempts currently watching one caller signal. One `abort` listener per signal for
 * its whole life, instead of an add + remove per attempt (a measurable share of a probe at 10,000
 * a second): the monitor hands a check the same never-aborted signal run after run.
 */
class AbortFanout {
  // An array, not a Set: one attempt at a time per signal is the rule, and a Set's hash table
  // rebuilt at 10,000 adds and deletes a second leaves obsolete tables pointing at their successors
  // (and at the attempts they held), which the scavenger then promotes.
  readonly attempts: NativeAttempt[] = [];

  add(a: NativeAttempt): void {
    this.attempts.push(a);
  }

  delete(a: NativeAttempt): void {
    const list = this.attempts;
    const i = list.lastIndexOf(a);
    if (i < 0) return;
    const last = list.pop() as NativeAttempt;
    if (i < list.length) list[i] = last;
  }

  handleEvent(): void {
    const list = this.attempts.splice(0);
    for (const a of list) a.abortFromCaller();
  }
}

const fanouts = new WeakMap<AbortSignal, AbortFanout>();

function watch(signal: AbortSignal, attempt: NativeAttempt): AbortFanout {
  let f = fanouts.get(signal);
  if (f === undefined) {
    f = new AbortFanout();
    fanouts.set(signal, f);
    signal.addEventListener('abort', f, { once: true });
  }
  f.add(attempt);
  return f;
}

/**
 * One probe attempt on the native engine: deadline (native), the caller's abort signal, latency,
 * and exactly one resolution. Subclasses implement the engine handler and call `finish`.
 */
export abstract class NativeAttempt {
  /** Engine operation id, once started. */
  protected id = -1;
  /** The engine running it. */
  protected readonly engine: Engine;
  /** Prefix of reasons, e.g. `HTTP_GET /health`. */
  protected readonly what: string;
  /** The deadline in ms (quoted by timeout reasons). */
  protected readonly timeoutMs: number;
  #done = false;
  readonly #start = performance.now();
  readonly #fanout: AbortFanout;
  readonly #resolve: (r: CheckResult) => void;

  /**
   * @param engine - the engine
   * @param outer - the caller's signal (not aborted yet)
   * @param timeoutMs - the deadline
   * @param what - reason prefix
   * @param resolve - resolves the probe's promise
   */
  constructor(
    engine: Engine,
    outer: AbortSignal,
    timeoutMs: number,
    what: string,
    resolve: (r: CheckResult) => void,
  ) {
    this.engine = engine;
    this.timeoutMs = timeoutMs;
    this.what = what;
    this.#resolve = resolve;
    this.#fanout = watch(outer, this);
  }

  /** True once the attempt has its result (later engine events are ignored). */
  protected get settled(): boolean {
    return this.#done;
  }

  /** What the attempt is doing now (quoted by timeout and abort reasons). */
  protected abstract phaseText(enginePhase?: string): string;

  /** Ends the attempt with `o` (later calls are ignored) and stops the engine operation if it runs. */
  protected finish(o: Outcome, cancel = false): void {
    if (this.#done) return;
    this.#done = true;
    this.#fanout.delete(this);
    if (cancel && this.id >= 0) this.engine.cancel(this.id);
    this.#resolve(withLatency(o, performance.now() - this.#start));
  }

  /** Ends with the engine's timeout. */
  protected timedOut(enginePhase?: string): void {
    this.finish(
      fail(
        'timeout',
        `${this.what}: timeout after ${this.timeoutMs} ms during ${this.phaseText(enginePhase)}`,
      ),
    );
  }

  /** The caller's signal was aborted: stop the operation. */
  abortFromCaller(): void {
    this.finish(fail('aborted', `${this.what}: aborted during ${this.phaseText()}`), true);
  }
}
