/**
 * A fixed-bucket histogram as plain data.
 *
 * @module
 */

/** Default bucket upper bounds, ms: probe latency and schedule lateness. */
export const DEFAULT_BUCKETS_MS: readonly number[] = [
  1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

/** A histogram's contents. */
export interface HistogramSnapshot {
  /** Upper bounds of the buckets, ascending (an implicit last bucket is +Inf). */
  readonly bounds: readonly number[];
  /** Observations per bucket (not cumulative); `counts.length === bounds.length + 1`. */
  readonly counts: readonly number[];
  /** Sum of all observations. */
  readonly sum: number;
  /** Number of observations. */
  readonly count: number;
}

/** A histogram with fixed upper bounds. */
export class Histogram {
  readonly #bounds: readonly number[];
  readonly #counts: number[];
  #sum = 0;
  #count = 0;

  /**
   * @param bounds - ascending upper bounds (default {@link DEFAULT_BUCKETS_MS})
   */
  constructor(bounds: readonly number[] = DEFAULT_BUCKETS_MS) {
    this.#bounds = bounds;
    this.#counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /**
   * Record one value.
   *
   * @param v - the value
   */
  observe(v: number): void {
    const b = this.#bounds;
    let i = 0;
    while (i < b.length && v > (b[i] as number)) i++;
    this.#counts[i] = (this.#counts[i] as number) + 1;
    this.#sum += v;
    this.#count++;
  }

  /** A copy of the contents. */
  snapshot(): HistogramSnapshot {
    return { bounds: this.#bounds, counts: [...this.#counts], sum: this.#sum, count: this.#count };
  }
}
