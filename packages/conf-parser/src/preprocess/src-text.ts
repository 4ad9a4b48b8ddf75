/**
 * Text that remembers where each character came from. The preprocessor cuts, joins and
 * substitutes lines; a `SrcText` keeps a short list of spans so that any character of the
 * result maps back to a file, line and column.
 *
 * @module
 */
import type { Origin } from '../types.js';

/** One run of characters with a common source. */
export interface SrcSpan {
  /** Offset in the text where the span starts. */
  readonly start: number;
  /** Origin of the span's first character. */
  readonly origin: Origin;
  /** True when the span is a verbatim copy (columns advance with characters); false for substituted text. */
  readonly advance: boolean;
}

/** An immutable string with an origin map. */
export class SrcText {
  /** The characters. */
  readonly text: string;
  /** Spans, sorted by `start`; the first starts at 0 (when there is any text). */
  readonly spans: readonly SrcSpan[];

  /** Use {@link SrcText.source} or {@link SrcText.synthetic}. */
  constructor(text: string, spans: readonly SrcSpan[]) {
    this.text = text;
    this.spans = spans;
  }

  /** Text copied from a file, starting at `origin`. */
  static source(text: string, origin: Origin): SrcText {
    return new SrcText(text, [{ start: 0, origin, advance: true }]);
  }

  /** Text that does not come from the file verbatim (e.g. a built-in value); every character maps to `origin`. */
  static synthetic(text: string, origin: Origin): SrcText {
    return new SrcText(text, [{ start: 0, origin, advance: false }]);
  }

  /** Number of characters. */
  get length(): number {
    return this.text.length;
  }

  /** Where the character at `index` came from (clamped to the text). */
  originAt(index: number): Origin {
    const spans = this.spans;
    if (spans.length === 0) return { file: '', line: 0, column: 0 };
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const s = spans[mid] as SrcSpan;
      if (s.start <= index) lo = mid;
      else hi = mid - 1;
    }
    const span = spans[lo] as SrcSpan;
    if (!span.advance) return span.origin;
    const delta = Math.max(0, index - span.start);
    return { file: span.origin.file, line: span.origin.line, column: span.origin.column + delta };
  }

  /** Characters `[from, to)`. */
  slice(from: number, to: number = this.text.length): SrcText {
    const a = Math.max(0, Math.min(from, this.text.length));
    const b = Math.max(a, Math.min(to, this.text.length));
    if (a === 0 && b === this.text.length) return this;
    const out: SrcSpan[] = [];
    const spans = this.spans;
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i] as SrcSpan;
      const next = i + 1 < spans.length ? (spans[i + 1] as SrcSpan).start : Number.POSITIVE_INFINITY;
      if (next <= a || s.start >= b) {
        if (s.start >= b) break;
        continue;
      }
      if (s.start >= a) out.push({ start: s.start - a, origin: s.origin, advance: s.advance });
      else out.push({ start: 0, origin: this.originAt(a), advance: s.advance });
    }
    if (out.length === 0 && spans.length > 0) out.push({ start: 0, origin: this.originAt(a), advance: true });
    return new SrcText(this.text.slice(a, b), out);
  }

  /** This text followed by `other`. */
  concat(other: SrcText): SrcText {
    if (other.text.length === 0) return this;
    if (this.text.length === 0) return other;
    const n = this.text.length;
    const spans = this.spans.slice();
    for (const s of other.spans) spans.push({ start: s.start + n, origin: s.origin, advance: s.advance });
    return new SrcText(this.text + other.text, spans);
  }

  /** Replace `[from, to)` with `insert`. */
  splice(from: number, to: number, insert: SrcText): SrcText {
    return this.slice(0, from).concat(insert).concat(this.slice(to));
  }
}
