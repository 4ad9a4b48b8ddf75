/**
 * Checker timing options (keepalived's `delay_loop`, `retry`, `delay_before_retry`, `connect_timeout`,
 * `warmup`, `alpha`) with keepalived's per-checker defaults and VS → RS → checker inheritance.
 *
 * @module
 */
import { HealthcheckError } from './errors.js';

/** Timing options as written in configuration; every field optional, inherited VS → RS → checker. */
export interface TimingOptions {
  /** Interval between check cycles, ms (keepalived `delay_loop`, default 60 s). */
  delayLoopMs?: number;
  /** Extra attempts after a failure of a checker that is up (keepalived `retry`; default 1, MISC 0, DNS 3). */
  retry?: number;
  /** Delay between a failure and its retry, ms (keepalived `delay_before_retry`; 3 s HTTP/SSL, delay_loop DNS, else 1 s). */
  delayBeforeRetryMs?: number;
  /** Time limit of one probe, ms (keepalived `connect_timeout`, default 5 s; `misc_timeout` for MISC). */
  connectTimeoutMs?: number;
  /** Upper bound of the random delay before the first probe, ms (keepalived `warmup`; default delay_loop, 0 disables). */
  warmupMs?: number;
  /** Start down: the checker must pass once before it counts as up (keepalived `alpha`). */
  alpha?: boolean;
}

/** Fully resolved timing of one checker. */
export interface CheckTiming {
  /** Interval between check cycles, ms. */
  readonly delayLoopMs: number;
  /** Extra attempts after a failure of a checker that is up. */
  readonly retry: number;
  /** Delay between a failure and its retry, ms. */
  readonly delayBeforeRetryMs: number;
  /** Time limit of one probe, ms. */
  readonly connectTimeoutMs: number;
  /** Upper bound of the random delay before the first probe, ms (0: none). */
  readonly warmupMs: number;
  /** Whether the checker starts down. */
  readonly alpha: boolean;
}

/** keepalived's default `delay_loop`: 60 s. */
export const KEEPALIVED_DELAY_LOOP_MS = 60_000;
/** keepalived's default `connect_timeout`: 5 s. */
export const KEEPALIVED_CONNECT_TIMEOUT_MS = 5_000;

/** keepalived's default `retry` for a checker type (MISC_CHECK 0, DNS_CHECK 3, others 1). */
export function defaultRetry(type: string): number {
  if (type === 'MISC_CHECK') return 0;
  if (type === 'DNS_CHECK') return 3;
  return 1;
}

/** keepalived's default `delay_before_retry` for a checker type (HTTP/SSL 3 s, DNS delay_loop, others 1 s). */
export function defaultDelayBeforeRetryMs(type: string, delayLoopMs: number): number {
  if (type === 'HTTP_GET' || type === 'SSL_GET') return 3_000;
  if (type === 'DNS_CHECK') return delayLoopMs;
  return 1_000;
}

function pick<K extends keyof TimingOptions>(
  key: K,
  layers: readonly (TimingOptions | undefined)[],
): TimingOptions[K] | undefined {
  for (const layer of layers) {
    const v = layer?.[key];
    if (v !== undefined) return v;
  }
  return undefined;
}

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0)
    throw new HealthcheckError('E_CONFIG', `${name} must be a finite number >= 0, got ${v}`);
  return v;
}

/**
 * Resolve a checker's timing: the first layer that sets a field wins (pass checker, real server,
 * virtual server in that order), then keepalived's defaults for `type`.
 *
 * @param type - checker type, e.g. `HTTP_GET`
 * @param layers - option layers, most specific first
 */
export function resolveTiming(type: string, ...layers: readonly (TimingOptions | undefined)[]): CheckTiming {
  const delayLoopMs = nonNegative('delayLoopMs', pick('delayLoopMs', layers) ?? KEEPALIVED_DELAY_LOOP_MS);
  if (delayLoopMs <= 0) throw new HealthcheckError('E_CONFIG', 'delayLoopMs must be > 0');
  const retry = nonNegative('retry', pick('retry', layers) ?? defaultRetry(type));
  if (!Number.isInteger(retry))
    throw new HealthcheckError('E_CONFIG', `retry must be an integer, got ${retry}`);
  return {
    delayLoopMs,
    retry,
    delayBeforeRetryMs: nonNegative(
      'delayBeforeRetryMs',
      pick('delayBeforeRetryMs', layers) ?? defaultDelayBeforeRetryMs(type, delayLoopMs),
    ),
    connectTimeoutMs: nonNegative(
      'connectTimeoutMs',
      pick('connectTimeoutMs', layers) ?? KEEPALIVED_CONNECT_TIMEOUT_MS,
    ),
    warmupMs: nonNegative('warmupMs', pick('warmupMs', layers) ?? delayLoopMs),
    alpha: pick('alpha', layers) ?? false,
  };
}
