/**
 * `format()`: canonical layout — one statement per line, `{` on the keyword line, one
 * indent unit (4 spaces by default) per block level, single blanks between words, comments
 * kept, runs of blank lines collapsed to one, `\n` line ends, a final newline.
 *
 * keepalived is line-oriented, so the formatter works on physical lines and only splits
 * them where keepalived itself splits (at braces). Lines whose meaning depends on the exact
 * line are kept whole (only re-indented): lines with a `$` (substitution may produce
 * braces, conditionals or a multiline value), `@id` conditional lines and the rest of a line
 * after a brace-separated `@id`, `~SEQ`/`~LST` lines, and `$NAME=` definitions with their
 * `\` continuation lines (kept verbatim). So `preprocess(format(x))` equals
 * `preprocess(x)` apart from origins, and `format(format(x)) === format(x)`.
 *
 * @module
 */
import { decomment, physicalLine } from '../preprocess/decomment.js';
import { SrcText } from '../preprocess/src-text.js';
import type { ConfDocument } from './cst.js';
import { lex, type Token } from './lexer.js';
import { PARSE_MAX_BYTES, setFragmentFormatter } from './parser.js';

/** Options of {@link format}. */
export interface FormatConfigOptions {
  /** One indentation unit. Default four spaces (as keepalived's samples). */
  indent?: string;
  /** Largest text formatted (UTF-16 code units); larger text is returned unchanged. Default 16 MiB. */
  maxBytes?: number;
}

const DEFINITION = /^\$[A-Za-z_][A-Za-z0-9_]*=/;
const INCLUDE = /^include[rmwba]?$/;

/** Deepest indentation written by {@link format}; deeper blocks share it. */
export const MAX_INDENT_LEVELS = 32;

/** One physical input line, as tokens (no newline token). */
interface PhysLine {
  tokens: Token[];
  raw: string;
}

function splitLines(text: string): PhysLine[] {
  const { tokens } = lex(text);
  const lines: PhysLine[] = [];
  let cur: Token[] = [];
  let from = 0;
  for (const t of tokens) {
    if (t.kind === 'newline') {
      lines.push({ tokens: cur, raw: text.slice(from, t.offset) });
      cur = [];
      from = t.offset + t.text.length;
    } else cur.push(t);
  }
  if (cur.length > 0 || from < text.length) lines.push({ tokens: cur, raw: text.slice(from) });
  return lines;
}

function continued(raw: string): boolean {
  // keepalived looks at the decommented text: a final `\` (even from `\\`) continues.
  return decomment(SrcText.source(physicalLine(raw), { file: '', line: 0, column: 0 })).line.text.endsWith(
    '\\',
  );
}

function blankAfterDecomment(raw: string): boolean {
  return decomment(SrcText.source(physicalLine(raw), { file: '', line: 0, column: 0 })).line.length === 0;
}

/** Count `{` and `}` of tokens (braces inside words — quotes, `${…}` — do not count). */
function braceDelta(tokens: readonly Token[]): { opens: number; closes: number; leadingCloses: number } {
  let opens = 0;
  let closes = 0;
  let leadingCloses = 0;
  let seenOther = false;
  for (const t of tokens) {
    if (t.kind === 'lbrace') {
      opens++;
      seenOther = true;
    } else if (t.kind === 'rbrace') {
      if (opens > 0) opens--;
      else {
        closes++;
        if (!seenOther) leadingCloses++;
      }
    } else if (t.kind === 'word') seenOther = true;
  }
  return { opens, closes, leadingCloses };
}

/** True when a word (as lexed) has a `"` that is not closed. */
function hasOpenQuote(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '\\') i++;
    else if (c === '"') {
      const close = word.indexOf('"', i + 1);
      if (close < 0) return true;
      i = close;
    }
  }
  return false;
}

/** Output builder. */
class Out {
  readonly lines: string[] = [];
  /** Index of the last line that is a plain statement line which may receive a `{`. */
  openable = -1;
  pendingBlank = false;

  push(line: string, openable = false): void {
    if (this.pendingBlank && this.lines.length > 0) this.lines.push('');
    this.pendingBlank = false;
    this.lines.push(line);
    this.openable = openable ? this.lines.length - 1 : -1;
  }

  blank(): void {
    if (this.lines.length > 0) this.pendingBlank = true;
    this.openable = -1;
  }

  appendComment(comment: string): void {
    const i = this.lines.length - 1;
    if (i >= 0) this.lines[i] = `${this.lines[i]} ${comment}`;
    this.openable = -1;
  }
}

/** Format text (or a parsed document) into canonical layout. Never throws. */
export function format(input: string | ConfDocument, options: FormatConfigOptions = {}): string {
  const text = typeof input === 'string' ? input : input.toString();
  const unit = options.indent ?? '    ';
  if (text.length > (options.maxBytes ?? PARSE_MAX_BYTES)) return text;
  const lines = splitLines(text);
  const out = new Out();
  let depth = 0;
  // Indentation stops growing at MAX_INDENT_LEVELS (pathological nesting must not explode the output).
  const ind = (d: number): string => unit.repeat(Math.max(0, Math.min(d, MAX_INDENT_LEVELS)));
  // After a line whose decommented text ends with `\` (a multiline definition may be
  // collecting it, e.g. one that starts after a brace), following lines stay verbatim.
  let carry = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as PhysLine;
    const toks = line.tokens;
    const wasCarry = carry;
    carry = continued(line.raw);
    if (wasCarry && !blankAfterDecomment(line.raw)) {
      out.push(line.raw.replace(/\r+$/, ''));
      out.openable = -1;
      const delta = braceDelta(toks);
      depth = Math.max(0, depth - delta.closes + delta.opens);
      continue;
    }
    let c = 0;
    while (c < toks.length && (toks[c] as Token).kind === 'space') c++;
    if (c >= toks.length) {
      out.blank();
      continue;
    }
    // Split off the end-of-line comment.
    let end = toks.length;
    while (end > c && (toks[end - 1] as Token).kind === 'space') end--;
    let comment: string | undefined;
    if (end > c && (toks[end - 1] as Token).kind === 'comment') {
      // keepalived drops trailing CRs before it looks at a line.
      comment = (toks[end - 1] as Token).text.replace(/\r+$/, '');
      end--;
      while (end > c && (toks[end - 1] as Token).kind === 'space') end--;
    }
    const body = toks.slice(c, end);
    if (body.length === 0) {
      out.push(ind(depth) + (comment ?? ''));
      continue;
    }
    const first = body[0] as Token;
    let lead = first.text;
    if (first.kind === 'word' && lead.startsWith('@')) {
      const nx = body.find((t, i) => i > 0 && t.kind === 'word');
      if (nx) lead = nx.text;
    }
    // Definitions with continuation lines: verbatim.
    if (first.kind === 'word' && DEFINITION.test(lead)) {
      const firstText = line.raw.replace(/\r+$/, '').replace(/^[ \t]+/, '');
      const trimmed = firstText.replace(/[ \t]+$/, '');
      // Trimming must not leave a CR at the end (keepalived would then drop it).
      out.push(ind(depth) + (trimmed.endsWith('\r') ? firstText : trimmed));
      let cont = continued(line.raw);
      while (cont && li + 1 < lines.length) {
        const next = lines[li + 1] as PhysLine;
        if (blankAfterDecomment(next.raw)) break;
        li++;
        out.push(next.raw.replace(/\r+$/, ''));
        cont = continued(next.raw);
      }
      carry = cont;
      out.openable = -1;
      continue;
    }
    if (line.raw.includes('\u0000') || line.raw.includes('\\"') || /[\v\f]|\r(?!\r*$)/.test(line.raw)) {
      // keepalived ignores everything after a NUL; its comment stripper honours `\"` but its
      // word splitter and brace splitter do not; it only strips blanks and tabs (not CR, VT,
      // FF) before `@`/`$`/`~` checks and a final `\`: keep such a line exactly as it is.
      out.push(line.raw.replace(/\r+$/, ''));
      out.openable = -1;
      const delta = braceDelta(toks);
      depth = Math.max(0, depth - delta.closes + delta.opens);
      continue;
    }
    const rigidLine =
      (first.kind === 'word' && (first.text.startsWith('@') || first.text.startsWith('~'))) ||
      // keepalived recognises `include FILE` before splitting braces, so an include keyword on
      // a line with braces must stay on that line.
      (body.some((t) => t.kind === 'word' && INCLUDE.test(t.text)) &&
        body.some((t) => t.kind === 'lbrace' || t.kind === 'rbrace')) ||
      body.some(
        (t) =>
          t.kind === 'word' &&
          // `$`: substitution; a word ending in `\` is (or would become) a continuation mark,
          // which eats the blanks before it.
          (t.text.includes('$') || t.text.endsWith('\\')),
      );
    if (rigidLine) {
      // A final `\` followed by blanks is not a continuation mark: keep one blank after it.
      const after = toks.slice(c + body.length);
      const keepBlank =
        (body[body.length - 1] as Token).text.endsWith('\\') &&
        comment === undefined &&
        after.some((t) => t.kind === 'space' && /[ \t]/.test(t.text));
      depth = emitRigid(out, body, comment, depth, ind, keepBlank);
      continue;
    }
    // Plain line: split at braces like keepalived.
    let seg: string[] = [];
    const flush = (): void => {
      // A line ending in an open quote must not receive a `{` (the quote would swallow it),
      // nor an `include` line (keepalived counts its words before splitting braces).
      if (seg.length > 0)
        out.push(
          ind(depth) + seg.join(' '),
          !hasOpenQuote(seg[seg.length - 1] as string) && !INCLUDE.test(seg[0] as string),
        );
      seg = [];
    };
    for (let k = 0; k < body.length; k++) {
      const t = body[k] as Token;
      if (t.kind === 'space') continue;
      if (t.kind === 'word') {
        if (seg.length === 0 && (t.text.startsWith('@') || t.text.startsWith('~'))) {
          // `@id` or `~SEQ` after a brace swallows the rest of the line (keepalived checks
          // residues); whitespace other than blanks before it is kept (it defeats the check).
          const prev = body[k - 1];
          const from = prev && prev.kind === 'space' && /[^ \t]/.test(prev.text) ? k - 1 : k;
          depth = emitRigid(out, body.slice(from), undefined, depth, ind);
          seg = [];
          break;
        }
        seg.push(t.text);
        continue;
      }
      if (t.kind === 'lbrace') {
        if (seg.length > 0) {
          out.push(`${ind(depth) + seg.join(' ')} {`);
          seg = [];
        } else if (out.openable >= 0) {
          out.lines[out.openable] = `${out.lines[out.openable]} {`;
        } else out.push(`${ind(depth)}{`);
        out.openable = -1;
        depth++;
        continue;
      }
      if (t.kind === 'rbrace') {
        flush();
        depth = Math.max(0, depth - 1);
        out.push(`${ind(depth)}}`);
        continue;
      }
      // A comment token in the middle cannot happen (comments end lines); keep it safe.
      seg.push(t.text);
    }
    flush();
    if (comment !== undefined) out.appendComment(comment);
    else if (out.openable >= 0 && out.openable !== out.lines.length - 1) out.openable = -1;
  }
  const result = out.lines.join('\n');
  return result.length > 0 ? `${result}\n` : '';
}

/** Emit tokens as one line kept whole (re-indented); returns the new depth. */
function emitRigid(
  out: Out,
  body: readonly Token[],
  comment: string | undefined,
  depth: number,
  ind: (d: number) => string,
  keepBlank = false,
): number {
  let s = '';
  // Blanks and tabs are interchangeable; other whitespace (\v, \f, \r) can matter to `$NAME`.
  for (const t of body) s += t.kind === 'space' && /^[ \t]+$/.test(t.text) ? ' ' : t.text;
  s = s.replace(/ +$/, '');
  const { opens, closes, leadingCloses } = braceDelta(body);
  const here = Math.max(0, depth - leadingCloses);
  out.push(ind(here) + s + (keepBlank ? ' ' : ''));
  if (comment !== undefined) out.appendComment(comment);
  out.openable = -1;
  return Math.max(0, depth - closes + opens);
}

setFragmentFormatter((text, unit) => format(text, { indent: unit }));
