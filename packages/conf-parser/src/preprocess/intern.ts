/**
 * A string table for the preprocessor's fast path: a word of a large configuration is
 * usually one of few distinct strings (`weight`, `1`, `connect_timeout 3`, …). Looking a
 * range of the source up by a hash computed while scanning it avoids allocating a fresh
 * string per word, and the tree then shares one copy per distinct word, which keeps the
 * garbage collector's work small.
 *
 * @module
 */

/** Initial number of slots (a power of two). */
const INITIAL_SLOTS = 1024;

/** One step of the string hash used by {@link Interner.get}: `(h * 31 + c) | 0`. */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

/** True when `text` has `k` at `from` (`from + k.length` must be within `text`). */
function sameRange(k: string, text: string, from: number): boolean {
  for (let j = 0; j < k.length; j++) if (k.charCodeAt(j) !== text.charCodeAt(from + j)) return false;
  return true;
}

/** A bounded open-addressing table of strings, looked up by source range. */
export class Interner {
  private keys: (string | undefined)[] = new Array<string | undefined>(INITIAL_SLOTS).fill(undefined);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private size = 0;
  private readonly maxEntries: number;
  private readonly maxLength: number;

  /** A table remembering at most `maxEntries` strings of at most `maxLength` characters. */
  constructor(maxEntries: number, maxLength: number) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
  }

  /**
   * `text.slice(from, to)`, as the stored copy when there is one. `hash` must be the
   * {@link hashStep} fold of the range's character codes, starting from 0.
   */
  get(text: string, from: number, to: number, hash: number): string {
    const len = to - from;
    if (len > this.maxLength) return text.slice(from, to);
    const keys = this.keys;
    const hashes = this.hashes;
    let i = hash & this.mask;
    for (;;) {
      const k = keys[i];
      if (k === undefined) break;
      if (hashes[i] === hash && k.length === len && sameRange(k, text, from)) return k;
      i = (i + 1) & this.mask;
    }
    const s = text.slice(from, to);
    if (this.size >= this.maxEntries) return s;
    keys[i] = s;
    hashes[i] = hash;
    this.size++;
    if (this.size * 2 > keys.length) this.grow();
    return s;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    const n = oldKeys.length * 2;
    const keys = new Array<string | undefined>(n).fill(undefined);
    const hashes = new Int32Array(n);
    const mask = n - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === undefined) continue;
      const h = oldHashes[j] as number;
      let i = h & mask;
      while (keys[i] !== undefined) i = (i + 1) & mask;
      keys[i] = k;
      hashes[i] = h;
    }
    this.keys = keys;
    this.hashes = hashes;
    this.mask = mask;
  }
}
