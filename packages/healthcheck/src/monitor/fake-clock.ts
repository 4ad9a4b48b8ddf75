/**
 * A deterministic virtual clock for tests: timers run only when the test advances time.
 *
 * @module
 */
import type { Clock, TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
  fired: boolean;
  heapIndex: number;
}

/** Let pending promise callbacks (probe results) run: resolves after the current microtask queue drains. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A virtual {@link Clock}: `now()` moves only through {@link FakeClock.advance}. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new MinHeap<FakeTimer>();
  #live = 0;

  /**
   * @param start - initial time, ms (default 0)
   */
  constructor(start = 0) {
    this.#now = start;
  }

  /** Current virtual time. */
  now(): number {
    return this.#now;
  }

  /**
   * Schedule `fn` at now + ms.
   *
   * @param fn - callback
   * @param ms - delay
   */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t: FakeTimer = {
      at: this.#now + Math.max(0, ms),
      seq: this.#seq++,
      fn,
      cancelled: false,
      fired: false,
      heapIndex: -1,
    };
    this.#timers.push(t);
    this.#live++;
    return t;
  }

  /**
   * Cancel a timer.
   *
   * @param handle - the timer
   */
  clearTimeout(handle: TimerHandle): void {
    const t = handle as FakeTimer;
    if (!t.cancelled && !t.fired) this.#live--;
    t.cancelled = true;
  }

  /** Number of timers set and neither fired nor cancelled. */
  get pending(): number {
    return this.#live;
  }

  /**
   * Advance virtual time by `ms`, running every due timer in time order and letting promise
   * callbacks settle after each one.
   *
   * @param ms - how far to advance
   */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await flushMicrotasks();
    for (;;) {
      const top = this.#timers.peek();
      if (top === undefined || top.at > end) break;
      this.#timers.pop();
      if (top.cancelled) continue;
      top.fired = true;
      this.#live--;
      this.#now = Math.max(this.#now, top.at);
      top.fn();
      await flushMicrotasks();
    }
    this.#now = end;
    await flushMicrotasks();
  }
}
