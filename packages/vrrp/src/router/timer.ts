/**
 * Timers that fire close to an absolute `performance.now()` deadline.
 *
 * Node's `setTimeout` sleeps in `epoll_wait`, whose timeout the kernel may stretch by 0.1 % for
 * normal tasks (timer slack: ~3.6 ms on a 3.6 s Master_Down_Timer), and truncates to whole
 * milliseconds. keepalived fires within ~0.5 ms. So a deadline is approached in stages: a long
 * sleep that ends 20 ms early, a short one that ends ~1 ms early, then `setImmediate` turns
 * (I/O keeps flowing) until the deadline — at most ~1.5 ms of polling per expiry.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';

/** A pending timer. */
export interface PreciseTimer {
  /** Cancels it (no-op once fired). */
  cancel(): void;
}

/**
 * Calls `fire` once `performance.now() >= at`.
 *
 * @param at - deadline, `performance.now()` milliseconds
 * @param fire - the callback, given the time it ran
 * @returns a handle to cancel it
 */
export function setPreciseTimer(at: number, fire: (now: number) => void): PreciseTimer {
  let timeout: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let cancelled = false;
  const step = (): void => {
    timeout = undefined;
    immediate = undefined;
    if (cancelled) return;
    const now = performance.now();
    const rem = at - now;
    if (rem <= 0) {
      cancelled = true;
      fire(now);
    } else if (rem > 25) {
      timeout = setTimeout(step, rem - Math.max(20, rem * 0.003));
    } else if (rem > 1.5) {
      timeout = setTimeout(step, Math.floor(rem - 1));
    } else {
      immediate = setImmediate(step);
    }
  };
  step();
  return {
    cancel(): void {
      cancelled = true;
      if (timeout !== undefined) clearTimeout(timeout);
      if (immediate !== undefined) clearImmediate(immediate);
    },
  };
}
