/**
 * One min-heap of due tasks behind a single active timer: 10,000 checks cost one pending
 * `setTimeout`, not 10,000 intervals.
 *
 * @module
 */
import type { Clock, TimerHandle } from './clock.js';
import { MinHeap } from './heap.js';

/** A scheduled task; cancel it with {@link Scheduler.cancel}. */
export interface ScheduledTask {
  /** Due time. */
  readonly at: number;
  /** Insertion sequence. */
  readonly seq: number;
  /** The callback, given the time it ran. */
  readonly run: (now: number) => void;
  /** Set by {@link Scheduler.cancel}. */
  cancelled: boolean;
  /** Position in the heap (managed by the scheduler). */
  heapIndex: number;
}

/**
 * Runs tasks at their due time on a {@link Clock} with one armed timer. A firing runs due tasks for
 * at most `sliceMs` of clock time, then yields to the event loop (so I/O completions and deadlines
 * are not starved when many expensive tasks, e.g. process spawns, fall due together).
 */
export class Scheduler {
  readonly #clock: Clock;
  readonly #sliceMs: number;
  readonly #heap = new MinHeap<ScheduledTask>();
  #seq = 0;
  #handle: TimerHandle | undefined;
  #armedAt = Number.POSITIVE_INFINITY;
  #firing = false;
  #stopped = false;

  /**
   * @param clock - time source and timers
   * @param sliceMs - longest run of due tasks before yielding to the event loop (default 10 ms)
   */
  constructor(clock: Clock, sliceMs = 10) {
    this.#clock = clock;
    this.#sliceMs = sliceMs;
  }

  /** Tasks pending. */
  get size(): number {
    return this.#heap.size;
  }

  /**
   * Run `run` at time `at` (or as soon as possible if `at` has passed).
   *
   * @param at - due time on the clock's scale
   * @param run - callback
   */
  schedule(at: number, run: (now: number) => void): ScheduledTask {
    const task: ScheduledTask = { at, seq: 0, run, cancelled: false, heapIndex: -1 };
    this.reschedule(task, at);
    return task;
  }

  /**
   * Move a task to a new due time: re-arms a task that ran or was cancelled, or moves a pending
   * one. A recurring job keeps one task object this way instead of allocating one per run (at
   * 10,000 runs a second, tasks that wait a whole cycle are promoted to the old generation by the
   * scavenger, and the old generation then needs full collections).
   *
   * @param task - a task from {@link Scheduler.schedule}
   * @param at - the new due time
   */
  reschedule(task: ScheduledTask, at: number): void {
    if (task.heapIndex >= 0) this.#heap.remove(task);
    const t = task as { at: number; seq: number; cancelled: boolean };
    t.at = at;
    t.seq = this.#seq++;
    if (this.#stopped) {
      t.cancelled = true;
      return;
    }
    t.cancelled = false;
    this.#heap.push(task);
    if (!this.#firing && at < this.#armedAt) this.#arm();
  }

  /**
   * Cancel a task: O(log n) removal from the heap, so cancelled tasks (probe deadlines) hold no memory.
   *
   * @param task - the task
   */
  cancel(task: ScheduledTask): void {
    if (task.cancelled) return;
    task.cancelled = true;
    this.#heap.remove(task);
  }

  /** Cancel everything and disarm the timer. */
  stop(): void {
    this.#stopped = true;
    this.#heap.clear();
    if (this.#handle !== undefined) this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }

  #arm(): void {
    const top = this.#heap.peek();
    if (this.#handle !== undefined) {
      if (top !== undefined && top.at === this.#armedAt) return;
      this.#clock.clearTimeout(this.#handle);
      this.#handle = undefined;
    }
    if (top === undefined || this.#stopped) {
      this.#armedAt = Number.POSITIVE_INFINITY;
      return;
    }
    this.#armedAt = top.at;
    this.#handle = this.#clock.setTimeout(this.#fire, Math.max(0, top.at - this.#clock.now()));
  }

  readonly #fire = (): void => {
    this.#handle = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    this.#firing = true;
    try {
      const now = this.#clock.now();
      const sliceEnd = now + this.#sliceMs;
      let ran = 0;
      for (;;) {
        const top = this.#heap.peek();
        if (top === undefined || top.at > now || this.#stopped) break;
        // Yield after the time slice (checked every 16 tasks to keep clock reads cheap).
        if ((++ran & 15) === 0 && this.#clock.now() > sliceEnd) break;
        this.#heap.pop();
        top.run(now);
      }
    } finally {
      this.#firing = false;
      if (!this.#stopped) this.#arm();
    }
  };
}
