/**
 * Splitting a resolved line into words, the way keepalived does.
 *
 * keepalived has two splitters. The default one (used for almost every keyword) splits on
 * whitespace; a `"` starts a word that runs to the next `"` (no escapes, the quotes are
 * dropped), and an unquoted word also ends at a `"`. Single quotes are ordinary characters.
 * The second one (used by script keywords, see keepalived.conf(5) "Quoted strings") knows
 * both quote characters, shell-like escapes, and concatenates adjacent pieces.
 *
 * @module
 */

/** Characters keepalived treats as word separators. */
const WHITE = new Set([' ', '\t', '\n', '\r', '\v', '\f']);

/** True for a keepalived word separator. */
export function isWhite(ch: string | undefined): boolean {
  return ch !== undefined && WHITE.has(ch);
}

/** One word of a line, with the offset of its first character (the opening quote for a quoted word). */
export interface Word {
  /** The word, quotes removed. */
  value: string;
  /** Offset in the line of the word's first character. */
  offset: number;
}

/** Result of {@link splitWords}. */
export interface SplitResult {
  /** Words found before any error. */
  words: Word[];
  /** Offset of a `"` that has no closing partner, when there is one. */
  unmatchedQuoteAt?: number;
}

/** Split a line with keepalived's default rules (see module comment). Never throws. */
export function splitWords(line: string): SplitResult {
  const words: Word[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && WHITE.has(line[i] as string)) i++;
    if (i >= n) break;
    const start = i;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) return { words, unmatchedQuoteAt: start };
      words.push({ value: line.slice(i + 1, close), offset: start });
      i = close + 1;
    } else {
      while (i < n && !WHITE.has(line[i] as string) && line[i] !== '"') i++;
      words.push({ value: line.slice(start, i), offset: start });
    }
  }
  return { words };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Split a line with keepalived's "quoted and escaped" rules (keepalived.conf(5) "Quoted
 * strings"): `"` and `'` quote, adjacent quoted and unquoted pieces form one word,
 * `\a \b \E \f \n \r \t \v \nnn \xXX \cC` are decoded, any other `\C` is `C`.
 * Used by script keywords; exposed for the typed model. Never throws; an unterminated quote
 * runs to the end of the line.
 */
export function splitQuotedEscaped(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && WHITE.has(line[i] as string)) i++;
    if (i >= n) break;
    let word = '';
    let quote = '';
    while (i < n) {
      const ch = line[i] as string;
      if (!quote && WHITE.has(ch)) break;
      if (ch === '\\' && i + 1 < n) {
        const [text, used] = decodeEscape(line, i + 1);
        word += text;
        i += 1 + used;
        continue;
      }
      if (quote && ch === quote) {
        quote = '';
        i++;
        continue;
      }
      if (!quote && (ch === '"' || ch === "'")) {
        quote = ch;
        i++;
        continue;
      }
      word += ch;
      i++;
    }
    out.push(word);
  }
  return out;
}

/** Decode the escape whose letter is at `at`; returns the text and how many characters were used. */
function decodeEscape(line: string, at: number): [string, number] {
  const c = line[at] as string;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  if (c >= '0' && c <= '7') {
    let j = at;
    let v = 0;
    while (j < line.length && j - at < 3 && (line[j] as string) >= '0' && (line[j] as string) <= '7') {
      v = v * 8 + Number(line[j]);
      j++;
    }
    return [String.fromCharCode(v & 0xff), j - at];
  }
  if (c === 'x') {
    let j = at + 1;
    let v = 0;
    while (j < line.length && /[0-9a-fA-F]/.test(line[j] as string)) {
      v = (v * 16 + Number.parseInt(line[j] as string, 16)) & 0xff;
      j++;
    }
    if (j === at + 1) return ['x', 1];
    return [String.fromCharCode(v), j - at];
  }
  if (c === 'c' && at + 1 < line.length) {
    const ctl = (line.charCodeAt(at + 1) & 0x1f) | 0;
    return [String.fromCharCode(ctl), 2];
  }
  return [c, 1];
}
