/**
 * A binary min-heap of timed entries, ordered by time then insertion sequence (FIFO for ties).
 *
 * @module
 */

/** An entry of {@link MinHeap}. */
export interface HeapEntry {
  /** Due time. */
  readonly at: number;
  /** Insertion sequence (tie breaker). */
  readonly seq: number;
  /** Position in the heap, maintained by the heap (-1 when not in it). */
  heapIndex: number;
}

function less(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** Binary min-heap: O(log n) push, pop and remove; O(1) peek. */
export class MinHeap<T extends HeapEntry> {
  readonly #a: T[] = [];

  /** Number of entries. */
  get size(): number {
    return this.#a.length;
  }

  /** The earliest entry, without removing it. */
  peek(): T | undefined {
    return this.#a[0];
  }

  /**
   * Insert an entry.
   *
   * @param e - the entry
   */
  push(e: T): void {
    this.#a.push(e);
    this.#up(e, this.#a.length - 1);
  }

  /** Remove and return the earliest entry. */
  pop(): T | undefined {
    const a = this.#a;
    const top = a[0];
    if (top === undefined) return undefined;
    top.heapIndex = -1;
    const last = a.pop() as T;
    if (a.length > 0) this.#down(last, 0);
    return top;
  }

  /**
   * Remove an entry wherever it is (no-op when it is not in the heap).
   *
   * @param e - the entry
   */
  remove(e: T): void {
    const a = this.#a;
    const i = e.heapIndex;
    if (i < 0 || a[i] !== e) return;
    e.heapIndex = -1;
    const last = a.pop() as T;
    if (i === a.length) return;
    if (i > 0 && less(last, a[(i - 1) >> 1] as T)) this.#up(last, i);
    else this.#down(last, i);
  }

  #up(e: T, start: number): void {
    const a = this.#a;
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pe = a[p] as T;
      if (!less(e, pe)) break;
      a[i] = pe;
      pe.heapIndex = i;
      i = p;
    }
    a[i] = e;
    e.heapIndex = i;
  }

  #down(e: T, start: number): void {
    const a = this.#a;
    const n = a.length;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && less(a[r] as T, a[l] as T) ? r : l;
      const ce = a[c] as T;
      if (!less(ce, e)) break;
      a[i] = ce;
      ce.heapIndex = i;
      i = c;
    }
    a[i] = e;
    e.heapIndex = i;
  }

  /** Remove every entry. */
  clear(): void {
    for (const e of this.#a) e.heapIndex = -1;
    this.#a.length = 0;
  }
}
