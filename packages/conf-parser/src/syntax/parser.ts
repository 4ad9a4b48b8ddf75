/**
 * `parse(text)`: the lossless CST of one file. Never throws; problems of the file as
 * written become `doc.diagnostics` (the preprocessor reports the keepalived-parity view of
 * the resolved configuration, which can differ when `$NAME` values contain braces).
 *
 * @module
 */
import { decomment, physicalLine } from '../preprocess/decomment.js';
import { SrcText } from '../preprocess/src-text.js';
import type { Origin } from '../types.js';
import { type SyntaxCode, syntaxDiagnostic } from './codes.js';
import {
  Block,
  ConfDocument,
  type CstItem,
  RawLine,
  Statement,
  StrayBrace,
  setFragmentParser,
} from './cst.js';
import { lex, type Token } from './lexer.js';

/** Options of {@link parse}. */
export interface ParseOptions {
  /** File name used in diagnostics' origins. */
  file?: string;
  /** Largest text parsed (UTF-16 code units); larger text becomes one opaque token and HA002. Default 16 MiB. */
  maxBytes?: number;
}

/** Default of {@link ParseOptions.maxBytes}. */
export const PARSE_MAX_BYTES = 16 * 1024 * 1024;

const DEFINITION = /^\$[A-Za-z_][A-Za-z0-9_]*=/;

/** Parse one file's text into a lossless {@link ConfDocument}. Never throws. */
export function parse(text: string, options: ParseOptions = {}): ConfDocument {
  const doc = new ConfDocument();
  doc.file = options.file;
  const file = options.file ?? '<text>';
  let lineStarts: number[] | undefined;
  const originOf = (offset: number): Origin => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file, line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const report = (code: SyntaxCode, message: string, offset: number): void => {
    doc.diagnostics.push(syntaxDiagnostic(code, message, originOf(offset)));
  };
  const maxBytes = options.maxBytes ?? PARSE_MAX_BYTES;
  if (text.length > maxBytes) {
    const at = { file, line: 1, column: 1 };
    doc.diagnostics.push(
      syntaxDiagnostic(
        'HA002',
        `text of ${text.length} characters is larger than ${maxBytes}; not parsed`,
        at,
      ),
    );
    if (text.length > 0) doc.trailing = [{ kind: 'opaque', text, offset: 0 }];
    return doc;
  }
  const lexed = lex(text);
  if (lexed.nulAt >= 0) report('HA001', 'binary data (NUL byte) in the file', lexed.nulAt);
  for (const q of lexed.openQuotes) report('KA001', 'Unterminated quote', q.offset);
  new Parser(lexed.tokens, text, report).run(doc);
  return doc;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
    private readonly report: (code: SyntaxCode, message: string, offset: number) => void,
  ) {}

  private peek(k = 0): Token | undefined {
    return this.tokens[this.pos + k];
  }

  /** True when the current token is the first non-blank of its line. */
  private atLineStart(): boolean {
    for (let k = this.pos - 1; k >= 0; k--) {
      const t = this.tokens[k] as Token;
      if (t.kind === 'newline') return true;
      if (t.kind !== 'space') return false;
    }
    return true;
  }

  /**
   * Parse the whole token stream into `doc`. Iterative (an explicit stack of open blocks),
   * so any nesting depth works without recursion.
   */
  run(doc: ConfDocument): void {
    interface Frame {
      parent: ConfDocument | Block;
      block: Block | undefined;
      items: CstItem[];
      trivia: Token[];
    }
    const stack: Frame[] = [{ parent: doc, block: undefined, items: [], trivia: [] }];
    const open = (owner: Statement, beforeOpen: Token[]): void => {
      const b = new Block();
      b.owner = owner;
      b.beforeOpen = beforeOpen;
      b.open = this.peek() as Token;
      this.pos++;
      b.openTrailing = this.lineTrailing();
      owner.block = b;
      stack.push({ parent: b, block: b, items: [], trivia: [] });
    };
    for (;;) {
      const f = stack[stack.length - 1] as Frame;
      const t = this.peek();
      if (!t || (t.kind === 'rbrace' && f.block)) {
        if (!f.block) {
          doc.children.push(...f.items);
          doc.trailing = f.trivia;
          return;
        }
        const b = f.block;
        b.children.push(...f.items);
        b.beforeClose = f.trivia;
        if (t) {
          b.close = t;
          this.pos++;
        } else this.report('KA004', "Missing '}' at end of input", b.open.offset);
        stack.pop();
        const owner = b.owner as Statement;
        owner.trailing = this.lineTrailing();
        continue;
      }
      if (t.kind === 'space' || t.kind === 'newline' || t.kind === 'comment') {
        f.trivia.push(t);
        this.pos++;
        continue;
      }
      if (t.kind === 'rbrace') {
        const s = new StrayBrace();
        s.leading = f.trivia;
        s.token = t;
        this.pos++;
        s.trailing = this.lineTrailing();
        s.parent = f.parent;
        this.report('KA003', "Extra '}' found", t.offset);
        f.items.push(s);
        f.trivia = [];
        continue;
      }
      if (t.kind === 'lbrace') {
        // `{` on a later line than its keyword: attach to the previous statement.
        const prev = f.items[f.items.length - 1];
        if (prev instanceof Statement && !prev.block && prev.words.length > 0 && this.atLineStart()) {
          const before = [...prev.trailing, ...f.trivia];
          prev.trailing = [];
          f.trivia = [];
          open(prev, before);
          continue;
        }
        this.report('KA005', "Unexpected '{'", t.offset);
        const st = new Statement();
        st.leading = f.trivia;
        st.parent = f.parent;
        f.items.push(st);
        f.trivia = [];
        open(st, []);
        continue;
      }
      // A word: definition, sequence or statement.
      const item = this.lineItem(f.parent, f.trivia);
      f.items.push(item);
      f.trivia = [];
      if (item instanceof Statement) {
        let j = 0;
        while (this.peek(j)?.kind === 'space') j++;
        if (this.peek(j)?.kind === 'lbrace') {
          const before = this.tokens.slice(this.pos, this.pos + j);
          this.pos += j;
          open(item, before);
          continue;
        }
      }
      item.trailing = this.lineTrailing();
    }
  }

  private lineItem(parent: ConfDocument | Block, leading: Token[]): CstItem {
    const first = this.peek() as Token;
    const lineStart = this.atLineStart();
    let w = first.text;
    if (w.startsWith('@') && lineStart) {
      // look past the condition word
      let j = 1;
      while (this.peek(j)?.kind === 'space') j++;
      const nx = this.peek(j);
      if (nx?.kind === 'word') w = nx.text;
    }
    if (lineStart && (DEFINITION.test(w) || w.startsWith('~'))) {
      const raw = new RawLine();
      raw.leading = leading;
      raw.parent = parent;
      raw.rawKind = w.startsWith('~') ? 'sequence' : 'definition';
      raw.tokens = this.rawLine(raw.rawKind === 'definition');
      return raw;
    }
    const st = new Statement();
    st.leading = leading;
    st.parent = parent;
    st.words.push(first);
    this.pos++;
    for (;;) {
      const a = this.peek();
      const b = this.peek(1);
      if (a?.kind === 'space' && b?.kind === 'word') {
        st.words.push(a, b);
        this.pos += 2;
      } else if (a?.kind === 'word') {
        st.words.push(a);
        this.pos++;
      } else break;
    }
    return st;
  }

  /** Blanks + optional comment + newline, when that is all that is left of the line. */
  private lineTrailing(): Token[] {
    let j = 0;
    while (this.peek(j)?.kind === 'space') j++;
    if (this.peek(j)?.kind === 'comment') j++;
    const end = this.peek(j);
    if (end === undefined || end.kind === 'newline') {
      if (end) j++;
      const out = this.tokens.slice(this.pos, this.pos + j);
      this.pos += j;
      return out;
    }
    return [];
  }

  /** Tokens of a definition/sequence line up to its comment; definitions take `\` continuation lines. */
  private rawLine(definition: boolean): Token[] {
    const out: Token[] = [];
    for (;;) {
      // Consume to end of line, stopping before blanks+comment+newline.
      const lineFrom = this.pos;
      while (this.peek() && this.peek()?.kind !== 'newline') {
        let j = 0;
        while (this.peek(j)?.kind === 'space') j++;
        const nx = this.peek(j);
        if (nx === undefined || nx.kind === 'newline' || nx.kind === 'comment') break;
        out.push(...this.tokens.slice(this.pos, this.pos + j + 1));
        this.pos += j + 1;
      }
      if (!definition) return out;
      // Does this physical line (decommented) end with a continuation `\`?
      const startTok = this.tokens[lineFrom];
      if (!startTok) return out;
      let lineStart = startTok.offset;
      while (lineStart > 0 && this.text[lineStart - 1] !== '\n') lineStart--;
      let lineEnd = this.text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = this.text.length;
      const raw = physicalLine(this.text.slice(lineStart, lineEnd));
      // keepalived looks at the decommented text: a final `\` (even from `\\`) continues.
      if (!decomment(SrcText.source(raw, { file: '', line: 0, column: 0 })).line.text.endsWith('\\'))
        return out;
      // Next line must be non-blank (after decomment) to belong to the definition.
      let j = 0;
      while (this.peek(j)?.kind === 'space' || this.peek(j)?.kind === 'comment') j++;
      const nl = this.peek(j);
      if (nl?.kind !== 'newline') return out;
      const after = this.peek(j + 1);
      if (!after) return out;
      const nextStart = after.offset;
      let nextEnd = this.text.indexOf('\n', nextStart);
      if (nextEnd < 0) nextEnd = this.text.length;
      const nextRaw = physicalLine(this.text.slice(nextStart, nextEnd));
      const d = decomment(SrcText.source(nextRaw, { file: '', line: 0, column: 0 }));
      if (d.line.length === 0) return out;
      // Take the trivia up to and including the newline, then continue with the next line.
      out.push(...this.tokens.slice(this.pos, this.pos + j + 1));
      this.pos += j + 1;
      // Leading blanks of the continuation line.
      while (this.peek()?.kind === 'space') {
        out.push(this.peek() as Token);
        this.pos++;
      }
      if (this.peek()?.kind === 'newline' || this.peek() === undefined) return out;
    }
  }
}

/** Parse a fragment for insertion: formatted at `indent`, as items. */
function parseFragment(text: string, indent: string, unit: string): CstItem[] {
  const formatted = formatFragment(text, unit);
  const indented = formatted
    .split('\n')
    .map((l) => (l.length > 0 ? indent + l : l))
    .join('\n');
  const doc = parse(indented);
  const items = [...doc.children];
  const last = items[items.length - 1];
  if (last && doc.trailing.length > 0)
    last.trailing = [...last.trailing, ...doc.trailing.filter((t) => t.kind !== 'newline')];
  return items;
}

/** Set by format.ts to avoid a cycle. */
let formatFragment: (text: string, unit: string) => string = (t) => t;

/** Register the formatter used for inserted fragments (called once by format.ts). */
export function setFragmentFormatter(fn: (text: string, unit: string) => string): void {
  formatFragment = fn;
}

setFragmentParser(parseFragment);
