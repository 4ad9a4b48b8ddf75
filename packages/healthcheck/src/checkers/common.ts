/**
 * Shared plumbing of the checkers: the attempt runner (deadline + abort, never rejects),
 * errno → result-code mapping, connection options shared by the socket checkers, and the
 * configuration error every factory throws on invalid options.
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { CheckResult } from '../types.js';
import type { ProbeEngineChoice } from './engine.js';

/** Thrown synchronously by a checker factory when its options are invalid (a probe itself never throws). */
export class CheckerConfigError extends Error {
  /** Stable machine-readable code: always `ERR_HA_CHECK_CONFIG`. */
  readonly code = 'ERR_HA_CHECK_CONFIG';
  /** The option at fault, e.g. `urls[0].statusCode`. */
  readonly option: string;
  /**
   * @param option - the option at fault.
   * @param message - what is wrong with it.
   */
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'CheckerConfigError';
    this.option = option;
  }
}

/** Options shared by every checker that opens a socket (keepalived's "generic connection options"). */
export interface ConnectOptions {
  /** Address to probe. keepalived: `connect_ip` (default: the real server's address). */
  host: string;
  /** Port to probe. keepalived: `connect_port` (default: the real server's port). */
  port: number;
  /** Source address of the probe. keepalived: `bindto` (default: chosen by the kernel). */
  bindto?: string;
  /** Source port of the probe. keepalived: `bind_port` (default: ephemeral). */
  bindPort?: number;
  /**
   * Interface for an IPv6 link-local `host`. keepalived: `bind_if`. Applied as the address's scope
   * (`fe80::1%eth0`) when `host` is link-local and has no scope yet.
   */
  bindIf?: string;
  /**
   * Deadline of one attempt in ms, covering connect AND the whole exchange (a server trickling bytes
   * fails at the deadline). keepalived: `connect_timeout` (default 5 s; keepalived restarts the timer on
   * every read, this library does not, so a slow-drip server cannot hold a probe open).
   */
  connectTimeoutMs?: number;
  /**
   * keepalived: `fwmark`: SO_MARK on the checker's socket (needs CAP_NET_ADMIN). Set by the native
   * engine (see {@link ConnectOptions.engine}); the `node:net` transport cannot set it, and emits a
   * process warning (code `HA_CHECK_FWMARK_UNSUPPORTED`) once when it sends unmarked packets.
   */
  fwmark?: number;
  /**
   * Transport (not a keepalived keyword): `native` (`@ha/socket`'s probe engine), `node` (`node:net`)
   * or `auto` (default: native when `@ha/socket` loads and `host` is an IP literal). Same verdicts.
   */
  engine?: ProbeEngineChoice;
}

/** keepalived's default `connect_timeout`: 5 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** A probe's result without its latency (the attempt runner measures it). */
export type Outcome = Omit<CheckResult, 'latencyMs'>;

/** A passing outcome. */
export function pass(reason: string, weight?: number): Outcome {
  return weight === undefined ? { ok: true, reason } : { ok: true, reason, weight };
}

/**
 * The result of outcome `o` that took `latencyMs`. Built field by field, never as
 * `{ ...o, latencyMs }`: on Node 20's V8 every object made by an object spread survives the next
 * scavenge even when it is dropped at once (measured: a spread clone per probe put ~100 bytes per
 * probe into the old generation, so at 10,000 probes a second full collections ran every few
 * seconds; a literal dies young). nodejs/node#32049 reports the same effect of cloning.
 *
 * @param o - the outcome
 * @param latencyMs - how long the probe took
 */
export function withLatency(o: Outcome, latencyMs: number): CheckResult {
  const r: CheckResult = { ok: o.ok, reason: o.reason, latencyMs };
  if (o.weight !== undefined) r.weight = o.weight;
  if (o.code !== undefined) r.code = o.code;
  return r;
}

/**
 * A boolean option, or its default when absent.
 *
 * @param value - the option as given
 * @param option - its name, for the error
 * @param fallback - the default
 * @throws {@link CheckerConfigError} when it is neither a boolean nor absent
 */
export function booleanOption(value: unknown, option: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new CheckerConfigError(option, 'must be a boolean');
  return value;
}

/** A failing outcome with a machine-readable code. */
export function fail(code: string, reason: string): Outcome {
  return { ok: false, reason, code };
}

/** Context handed to an attempt body: its abort signal and a way to say what it is doing (for timeout reasons). */
export interface AttemptContext {
  /** Aborted when the attempt ends for any reason (deadline, caller abort, or the body's own result). */
  readonly signal: AbortSignal;
  /** Records the current phase, e.g. `connect` or `waiting for headers`; quoted in a timeout's reason. */
  phase(name: string): void;
  /**
   * Runs `fn` when the attempt ends, just before {@link AttemptContext.signal} aborts (at once if it has
   * ended). Cheaper than an abort listener: the signal is only created when the body reads it.
   */
  onEnd(fn: () => void): void;
}

let fwmarkWarned = false;

/** Validates the shared connection options; returns the effective deadline in ms. */
export function checkConnectOptions(opts: ConnectOptions, _checker: string): number {
  if (typeof opts.host !== 'string' || opts.host === '') throw new CheckerConfigError('host', 'required');
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
    throw new CheckerConfigError('port', `must be an integer 1..65535, got ${String(opts.port)}`);
  }
  if (
    opts.bindPort !== undefined &&
    (!Number.isInteger(opts.bindPort) || opts.bindPort < 0 || opts.bindPort > 65535)
  ) {
    throw new CheckerConfigError('bindPort', `must be an integer 0..65535, got ${String(opts.bindPort)}`);
  }
  const t = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!Number.isFinite(t) || t <= 0)
    throw new CheckerConfigError('connectTimeoutMs', `must be > 0, got ${t}`);
  if (
    opts.fwmark !== undefined &&
    (!Number.isInteger(opts.fwmark) || opts.fwmark < 0 || opts.fwmark > 0xffffffff)
  ) {
    throw new CheckerConfigError('fwmark', `must be a 32-bit unsigned integer, got ${String(opts.fwmark)}`);
  }
  return t;
}

/** Warns once that the `node:net` transport sends a probe without its `fwmark`. */
export function warnFwmarkIgnored(checker: string, fwmark: number | undefined): void {
  if (fwmark === undefined || fwmark === 0 || fwmarkWarned) return;
  fwmarkWarned = true;
  process.emitWarning(
    `${checker}: fwmark ${fwmark} ignored: the node:net transport cannot set SO_MARK (use engine 'native')`,
    { code: 'HA_CHECK_FWMARK_UNSUPPORTED' },
  );
}

/**
 * Why a socket check cannot use the native engine (it needs IP literals), or undefined when it can.
 *
 * @param opts - the connection options
 */
export function nativeUnsupported(opts: ConnectOptions): string | undefined {
  if (isIP(opts.host.split('%')[0] ?? '') === 0) return `host '${opts.host}' is not an IP address`;
  if (opts.bindto !== undefined && isIP(opts.bindto) === 0)
    return `bindto '${opts.bindto}' is not an IP address`;
  return undefined;
}

/** The host with `bindIf` applied as IPv6 scope when it is link-local. */
export function scopedHost(opts: ConnectOptions): string {
  if (opts.bindIf && isIP(opts.host) === 6 && /^fe80:/i.test(opts.host) && !opts.host.includes('%')) {
    return `${opts.host}%${opts.bindIf}`;
  }
  return opts.host;
}

/** `host:port` for reasons, with IPv6 bracketed. */
export function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const RESOLVE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** The `code` property of an error, if it has a string one. */
export function errCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const c = (err as { code: unknown }).code;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** The message of anything thrown. */
export function errMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && 'message' in err) {
    const m = (err as { message: unknown }).message;
    if (typeof m === 'string') return m;
  }
  return String(err);
}

/** Maps a socket error to a failing outcome (`refused`, `timeout`, `unreachable`, `reset`, `resolve`, `network`). */
export function errorOutcome(err: unknown, what: string): Outcome {
  const c = errCode(err);
  const msg = errMessage(err);
  if (c === 'ECONNREFUSED') return fail('refused', `${what}: connection refused`);
  if (c === 'ETIMEDOUT') return fail('timeout', `${what}: ${msg}`);
  if (c !== undefined && UNREACHABLE.has(c)) return fail('unreachable', `${what}: ${c}`);
  if (c !== undefined && RESET.has(c)) return fail('reset', `${what}: ${c}`);
  if (c !== undefined && RESOLVE.has(c)) return fail('resolve', `${what}: ${msg}`);
  return fail('network', `${what}: ${msg}`);
}

/** Signals already allowed any number of listeners (one shared signal may watch thousands of probes). */
const unlimited = new WeakSet<AbortSignal>();

/**
 * Reason the attempt's own signal is aborted with when the attempt ends. A constant: `abort()` without
 * a reason would build a `DOMException` (with a stack trace) on every probe.
 */
const ATTEMPT_ENDED: Error = Object.freeze(new Error('attempt ended'));

/** One running attempt: its state in fields, its callbacks as methods bound once (fewer closures per probe). */
class Attempt implements AttemptContext {
  #ac: AbortController | undefined;
  #onEnd: (() => void) | undefined;
  #moreOnEnd: (() => void)[] | undefined;
  readonly #outer: AbortSignal;
  readonly #timeoutMs: number;
  readonly #what: string;
  readonly #start: number;
  readonly #resolve: (r: CheckResult) => void;
  readonly #timer: ReturnType<typeof setTimeout>;
  #phaseName = 'start';
  #done = false;

  constructor(
    outer: AbortSignal,
    timeoutMs: number,
    what: string,
    start: number,
    resolve: (r: CheckResult) => void,
  ) {
    this.#outer = outer;
    this.#timeoutMs = timeoutMs;
    this.#what = what;
    this.#start = start;
    this.#resolve = resolve;
    this.#timer = setTimeout(this.#onTimeout, timeoutMs);
    outer.addEventListener('abort', this.#onAbort, { once: true });
  }

  get signal(): AbortSignal {
    this.#ac ??= new AbortController();
    if (this.#done && !this.#ac.signal.aborted) this.#ac.abort(ATTEMPT_ENDED);
    return this.#ac.signal;
  }

  onEnd(fn: () => void): void {
    if (this.#done) fn();
    else if (this.#onEnd === undefined) this.#onEnd = fn;
    else if (this.#moreOnEnd === undefined) this.#moreOnEnd = [fn];
    else this.#moreOnEnd.push(fn);
  }

  phase(name: string): void {
    this.#phaseName = name;
  }

  readonly finish = (o: Outcome): void => {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#outer.removeEventListener('abort', this.#onAbort);
    this.#onEnd?.();
    if (this.#moreOnEnd !== undefined) for (const fn of this.#moreOnEnd) fn();
    this.#ac?.abort(ATTEMPT_ENDED);
    this.#resolve(withLatency(o, performance.now() - this.#start));
  };

  readonly fail = (e: unknown): void => {
    this.finish(fail('internal', `${this.#what}: ${errMessage(e)}`));
  };

  readonly #onAbort = (): void => {
    this.finish(fail('aborted', `${this.#what}: aborted during ${this.#phaseName}`));
  };

  readonly #onTimeout = (): void => {
    this.finish(
      fail('timeout', `${this.#what}: timeout after ${this.#timeoutMs} ms during ${this.#phaseName}`),
    );
  };
}

/**
 * Runs one attempt body under a deadline and the caller's abort signal, measuring latency.
 * Always resolves; the body's rejection becomes a failing outcome. When the attempt ends the
 * context's signal is aborted so the body releases its sockets/processes.
 */
export function runAttempt(
  outer: AbortSignal,
  timeoutMs: number,
  body: (ctx: AttemptContext) => Promise<Outcome>,
  what = 'probe',
): Promise<CheckResult> {
  const start = performance.now();
  if (outer.aborted)
    return Promise.resolve({ ok: false, reason: `${what}: aborted`, code: 'aborted', latencyMs: 0 });
  if (!unlimited.has(outer)) {
    unlimited.add(outer);
    setMaxListeners(0, outer);
  }
  return new Promise<CheckResult>((resolve) => {
    const attempt = new Attempt(outer, timeoutMs, what, start, resolve);
    let p: Promise<Outcome>;
    try {
      p = body(attempt);
    } catch (e) {
      attempt.fail(e);
      return;
    }
    p.then(attempt.finish, attempt.fail);
  });
}
