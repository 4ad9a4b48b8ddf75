/**
 * A cache of parsed plain lines for the preprocessor's fast path. A large configuration
 * repeats most of its physical lines verbatim (`    weight 1`, `    }`, `      connect_timeout
 * 3`, …): the result of splitting a plain line into statements and braces depends only on the
 * line's characters, so it is computed once per distinct line and replayed for the repeats,
 * which then cost one hashing pass and one comparison instead of scanning, trimming,
 * splitting and interning.
 *
 * @module
 */
import { hashStep } from './intern.js';

/** One piece of a plain line: a statement, or a lone `{` / `}`. */
export interface LinePart {
  /** 0: a statement; 1: `{`; 2: `}`. */
  kind: 0 | 1 | 2;
  /** The statement's first word (empty for braces). */
  keyword: string;
  /** The remaining words (never handed out: nodes get a copy). */
  args: readonly string[];
  /** The statement's text (keyword first; empty for braces). */
  text: string;
  /** 1-based column of the keyword or brace in the physical line. */
  column: number;
  /**
   * What a reader of the tree derived from `keyword` and `args` alone, kept for the other
   * nodes of the same line (see `PlainNode.derived`); undefined until then.
   */
  derived: unknown;
}

/** The parsed form of a plain physical line; `parts` is empty for a blank line. */
export interface LineShape {
  /** Statements and braces in line order. */
  parts: readonly LinePart[];
}

/** Initial number of slots (a power of two). */
const INITIAL_SLOTS = 4096;

/** True when `text` has `k` at `from` (`from + k.length` must be within `text`). */
function sameRange(k: string, text: string, from: number): boolean {
  for (let j = 0; j < k.length; j++) if (k.charCodeAt(j) !== text.charCodeAt(from + j)) return false;
  return true;
}

/** The {@link hashStep} fold of the character codes of `text[from, to)`, starting from 0. */
export function hashRange(text: string, from: number, to: number): number {
  let h = 0;
  for (let i = from; i < to; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

/**
 * A bounded open-addressing table of {@link LineShape}s keyed by the raw line, looked up by
 * source range (no string is made for a line that is found).
 *
 * Each entry also remembers which entry was looked up right after it last time: configuration
 * text repeats in runs of lines (`real_server … {`, `weight 1`, `TCP_CHECK {`, …), so the
 * entry that followed the previous line is compared with the line first ({@link predict}),
 * which for a hit spares hashing the line and probing the table.
 */
export class LineCache {
  private keys: (string | undefined)[] = new Array<string | undefined>(INITIAL_SLOTS).fill(undefined);
  private values: (LineShape | undefined)[] = new Array<LineShape | undefined>(INITIAL_SLOTS).fill(undefined);
  private hashes = new Int32Array(INITIAL_SLOTS);
  /** Per slot: 1 + the slot looked up after it last time, 0 when none. */
  private nexts = new Int32Array(INITIAL_SLOTS);
  /** The slot of the last line found or stored (-1: none); only a hint, never trusted. */
  private lastSlot = -1;
  private mask = INITIAL_SLOTS - 1;
  private size = 0;
  private readonly maxEntries: number;
  /** Longest line the cache takes. */
  readonly maxLength: number;

  /** A cache of at most `maxEntries` lines of at most `maxLength` characters. */
  constructor(maxEntries: number, maxLength: number) {
    this.maxEntries = maxEntries;
    this.maxLength = maxLength;
  }

  /**
   * The shape stored for `text[from, to)` when it is the entry that followed the last line
   * found or stored (see the class comment); undefined otherwise (then use {@link get}).
   */
  predict(text: string, from: number, to: number): LineShape | undefined {
    const last = this.lastSlot;
    if (last < 0) return undefined;
    const i = (this.nexts[last] as number) - 1;
    if (i < 0) return undefined;
    const k = this.keys[i] as string;
    if (k.length !== to - from || !sameRange(k, text, from)) return undefined;
    this.lastSlot = i;
    return this.values[i];
  }

  /** The shape stored for `text[from, to)` (whose {@link hashRange} is `hash`), if any. */
  get(text: string, from: number, to: number, hash: number): LineShape | undefined {
    const len = to - from;
    const keys = this.keys;
    const hashes = this.hashes;
    let i = hash & this.mask;
    for (;;) {
      const k = keys[i];
      if (k === undefined) return undefined;
      if (hashes[i] === hash && k.length === len && sameRange(k, text, from)) {
        this.follow(i);
        return this.values[i];
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Records that slot `i` came after the last line found or stored. */
  private follow(i: number): void {
    const last = this.lastSlot;
    if (last >= 0) this.nexts[last] = i + 1;
    this.lastSlot = i;
  }

  /** Remember `shape` for `text[from, to)` (not already stored; `hash` as for {@link get}). */
  set(text: string, from: number, to: number, hash: number, shape: LineShape): void {
    if (this.size >= this.maxEntries) {
      this.lastSlot = -1;
      return;
    }
    const keys = this.keys;
    let i = hash & this.mask;
    while (keys[i] !== undefined) i = (i + 1) & this.mask;
    keys[i] = text.slice(from, to);
    this.values[i] = shape;
    this.hashes[i] = hash;
    this.follow(i);
    this.size++;
    if (this.size * 2 > keys.length) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const oldHashes = this.hashes;
    const n = oldKeys.length * 2;
    const keys = new Array<string | undefined>(n).fill(undefined);
    const values = new Array<LineShape | undefined>(n).fill(undefined);
    const hashes = new Int32Array(n);
    const mask = n - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j];
      if (k === undefined) continue;
      const h = oldHashes[j] as number;
      let i = h & mask;
      while (keys[i] !== undefined) i = (i + 1) & mask;
      keys[i] = k;
      values[i] = oldValues[j];
      hashes[i] = h;
    }
    this.keys = keys;
    this.values = values;
    this.hashes = hashes;
    // Slots moved: forget the successors.
    this.nexts = new Int32Array(n);
    this.lastSlot = -1;
    this.mask = mask;
  }
}
