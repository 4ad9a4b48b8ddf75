/**
 * A virtual clock: an event queue ordered by time. Events due at the same time run in the
 * order they were scheduled (a sequence number breaks ties), so runs are deterministic.
 *
 * @module
 */

/** A scheduled callback; pass it to {@link VirtualClock.cancel} to drop it. */
export interface ScheduledEvent {
  /** Due time, ms. */
  readonly at: number;
  /** Tie-breaker: scheduling order. */
  readonly seq: number;
  /** Set once cancelled or run. */
  done: boolean;
  /** What to run. */
  readonly run: () => void;
}

/** Virtual time in milliseconds, starting at 0. */
export class VirtualClock {
  #now = 0;
  #seq = 0;
  #heap: ScheduledEvent[] = [];
  #processed = 0;

  /** Current virtual time, ms. */
  get now(): number {
    return this.#now;
  }

  /** Number of callbacks run so far. */
  get processed(): number {
    return this.#processed;
  }

  /** Number of queued entries (including cancelled ones not yet discarded). */
  get pending(): number {
    return this.#heap.length;
  }

  /**
   * Schedules `run` at absolute time `at` (clamped to now: the past is not reachable).
   *
   * @param at - due time, ms
   * @param run - callback
   * @returns a handle for {@link VirtualClock.cancel}
   */
  schedule(at: number, run: () => void): ScheduledEvent {
    const ev: ScheduledEvent = { at: Math.max(at, this.#now), seq: this.#seq++, done: false, run };
    this.#push(ev);
    return ev;
  }

  /**
   * Cancels a scheduled callback (no-op if it already ran).
   *
   * @param ev - the handle returned by {@link VirtualClock.schedule}
   */
  cancel(ev: ScheduledEvent | undefined): void {
    if (ev) ev.done = true;
  }

  /**
   * Runs every callback due at or before `t`, then sets the clock to `t`.
   *
   * @param t - target time, ms
   * @returns the number of callbacks run
   */
  runUntil(t: number): number {
    let n = 0;
    for (;;) {
      const top = this.#heap[0];
      if (!top || top.at > t) break;
      this.#pop();
      if (top.done) continue;
      top.done = true;
      this.#now = top.at;
      top.run();
      n++;
    }
    if (t > this.#now) this.#now = t;
    this.#processed += n;
    return n;
  }

  /**
   * Time of the next live callback, if any.
   *
   * @returns due time in ms, or undefined when nothing is queued
   */
  peek(): number | undefined {
    while (this.#heap[0]?.done) this.#pop();
    return this.#heap[0]?.at;
  }

  #less(a: ScheduledEvent, b: ScheduledEvent): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #push(ev: ScheduledEvent): void {
    const h = this.#heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as ScheduledEvent;
      if (!this.#less(ev, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = ev;
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop() as ScheduledEvent;
    if (h.length === 0) return;
    let i = 0;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.#less(h[r] as ScheduledEvent, h[l] as ScheduledEvent)) c = r;
      const child = h[c] as ScheduledEvent;
      if (!this.#less(child, last)) break;
      h[i] = child;
      i = c;
    }
    h[i] = last;
  }
}
