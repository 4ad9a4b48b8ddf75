/**
 * The lossless lexer: cuts ONE file's text into tokens whose texts concatenate back to the
 * input exactly. Follows keepalived's line rules: `#` or `!` outside `"…"` starts a comment
 * (`\#`, `\!` escape them), `{` and `}` outside quotes are their own tokens, a `"` that is
 * not closed on its line runs to the end of the line. `${…}` stays inside its word.
 *
 * @module
 */

/** Kinds of token (`opaque`: text too large to parse, kept whole so printing stays lossless). */
export type TokenKind = 'space' | 'newline' | 'comment' | 'word' | 'lbrace' | 'rbrace' | 'opaque';

/** A token; `offset` is where it started in the text that was lexed (stale after edits). */
export interface Token {
  /** What it is. */
  kind: TokenKind;
  /** Its exact text. */
  text: string;
  /** Offset in the lexed text. */
  offset: number;
}

/** A quote left open at the end of a line (for diagnostics). */
export interface OpenQuote {
  /** Offset of the opening `"`. */
  offset: number;
}

/** Result of {@link lex}. */
export interface LexResult {
  /** Tokens, covering the input exactly. */
  tokens: Token[];
  /** Quotes not closed on their line. */
  openQuotes: OpenQuote[];
  /** Offset of the first NUL character, or -1. */
  nulAt: number;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\r';
}

/** End of the line's content from `i`: before the `\n` and any CRs right before it (or the end of text). */
function lineContentEnd(text: string, i: number): number {
  let j = text.indexOf('\n', i);
  if (j < 0) j = text.length;
  while (j > i && text[j - 1] === '\r') j--;
  return j;
}

/** Cut `text` into tokens. Linear time; never throws. */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const openQuotes: OpenQuote[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i] as string;
    const start = i;
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', offset: i });
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      tokens.push({ kind: 'newline', text: '\r\n', offset: i });
      i += 2;
      continue;
    }
    if (isSpace(c)) {
      while (i < n && isSpace(text[i] as string) && !(text[i] === '\r' && text[i + 1] === '\n')) i++;
      tokens.push({ kind: 'space', text: text.slice(start, i), offset: start });
      continue;
    }
    if (c === '#' || c === '!') {
      i = lineContentEnd(text, i);
      if (i === start) i++;
      tokens.push({ kind: 'comment', text: text.slice(start, i), offset: start });
      continue;
    }
    if (c === '{') {
      tokens.push({ kind: 'lbrace', text: '{', offset: i });
      i++;
      continue;
    }
    if (c === '}') {
      tokens.push({ kind: 'rbrace', text: '}', offset: i });
      i++;
      continue;
    }
    // A word.
    while (i < n) {
      const d = text[i] as string;
      if (d === '\n' || isSpace(d) || d === '{' || d === '}' || d === '#' || d === '!') break;
      if (d === '\\') {
        // `\X` keeps X in the word (so `\#`, `\!`, `\"` lose their meaning) unless X is a
        // blank, a newline or a brace: keepalived still splits there.
        const x = text[i + 1];
        i += x !== undefined && x !== '\n' && x !== '{' && x !== '}' && !isSpace(x) ? 2 : 1;
        continue;
      }
      if (d === '"') {
        // Like keepalived's comment stripper, `\X` inside quotes does not end them.
        let j = i + 1;
        while (j < n && text[j] !== '"' && text[j] !== '\n')
          j += text[j] === '\\' && j + 1 < n && text[j + 1] !== '\n' ? 2 : 1;
        if (j > n) j = n;
        if (j < n && text[j] === '"') {
          i = j + 1;
          continue;
        }
        // Unterminated: runs to the end of the line (CRs before the line end stay out).
        openQuotes.push({ offset: i });
        i = Math.max(i + 1, lineContentEnd(text, i));
        break;
      }
      if (d === '$' && text[i + 1] === '{') {
        let j = i + 2;
        // `${NAME}` / `${_RANDOM 1 5}` stay one word; quotes and comment marks end the group.
        while (j < n && !'}\n{"#!'.includes(text[j] as string)) j++;
        if (j < n && text[j] === '}') {
          i = j + 1;
          continue;
        }
      }
      i++;
    }
    if (i === start) i++; // safety: always progress
    tokens.push({ kind: 'word', text: text.slice(start, i), offset: start });
  }
  return { tokens, openQuotes, nulAt: text.indexOf('\u0000') };
}
