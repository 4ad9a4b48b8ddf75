/**
 * The clock and timer interface the monitor runs on: real by default, fake in tests.
 *
 * @module
 */

/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = unknown;

/** Time source and one-shot timers. Times are milliseconds on a monotonic scale. */
export interface Clock {
  /** Current time, ms. */
  now(): number;
  /**
   * Call `fn` once after `ms` milliseconds.
   *
   * @param fn - callback
   * @param ms - delay, ms
   */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * Cancel a timer from {@link Clock.setTimeout}.
   *
   * @param handle - the timer
   */
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and Node's timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
