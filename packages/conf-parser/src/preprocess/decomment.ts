/**
 * keepalived's per-line comment stripping: leading blanks go, the first `#` or `!` outside
 * `"…"` starts a comment, `\#` and `\!` outside quotes lose their backslash, trailing blanks
 * go, and a final lone `\` is kept as a continuation mark (even when it sat inside the
 * comment, as keepalived does).
 *
 * @module
 */
import { SrcText } from './src-text.js';

/** Result of {@link decomment}. */
export interface Decommented {
  /** The line without comment and surrounding blanks (with a final `\` when continued). */
  line: SrcText;
  /** True when a `"` was left open (keepalived: "Unterminated quote"). */
  unterminatedQuote: boolean;
  /** True when the line ends with a continuation `\`. */
  continued: boolean;
}

/**
 * A physical line as keepalived sees it before comment stripping: cut at the first NUL (C
 * string), then without trailing CRs.
 */
export function physicalLine(raw: string): string {
  const nul = raw.indexOf('\u0000');
  const cut = nul >= 0 ? raw.slice(0, nul) : raw;
  let end = cut.length;
  while (end > 0 && cut[end - 1] === '\r') end--;
  return end === cut.length ? cut : cut.slice(0, end);
}

/** Strip comments and blanks from one physical line. */
export function decomment(src: SrcText): Decommented {
  const text = src.text;
  const n = text.length;
  let start = 0;
  while (start < n && (text[start] === ' ' || text[start] === '\t')) start++;
  let quote = false;
  let commentAt = -1;
  let contAt = -1;
  const dropped: number[] = [];
  for (let p = start; p < n; p++) {
    const c = text[p];
    if (c === '"') {
      if (commentAt < 0) quote = !quote;
    } else if (c === '\\') {
      if (p + 1 < n) {
        const next = text[p + 1];
        if (!quote && (next === '#' || next === '!')) dropped.push(p);
        p++;
        continue;
      }
      contAt = p;
      break;
    } else if ((c === '#' || c === '!') && !quote && commentAt < 0) {
      commentAt = p;
    }
  }
  let end = n;
  if (contAt >= 0) end = contAt;
  if (commentAt >= 0 && commentAt < end) end = commentAt;
  // Trailing blanks.
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let out: SrcText;
  if (dropped.length === 0) out = src.slice(start, end);
  else {
    out = SrcText.source('', src.originAt(start));
    let from = start;
    for (const d of dropped) {
      if (d >= end) break;
      out = out.concat(src.slice(from, d));
      from = d + 1;
    }
    out = out.concat(src.slice(from, end));
  }
  if (contAt >= 0) out = out.concat(src.slice(contAt, contAt + 1));
  return { line: out, unterminatedQuote: quote, continued: contAt >= 0 };
}
