/**
 * The lossless concrete syntax tree of ONE configuration file, with editing.
 *
 * Every character of the input belongs to exactly one token of one node, so printing the
 * tree gives the input back byte for byte. Whitespace, newlines and comments ("trivia") sit
 * in `leading` (full comment/blank lines and indentation before a node) and `trailing`
 * (blanks, a comment and the newline that end the node's line).
 *
 * Editing methods change only the tokens of the node they are called on (plus the newline
 * and indentation needed around inserted text), so untouched lines print byte-identical.
 *
 * @module
 */
import type { Diagnostic } from '../types.js';
import type { Token } from './lexer.js';

/** Anything that can stand in a block or at the top level. */
export type CstItem = Statement | RawLine | StrayBrace;

/** Something that holds items: the document or a block. */
export interface CstContainer {
  /** The items, in order. */
  readonly children: CstItem[];
}

/** Text of a token list. */
export function tokensText(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text;
  return s;
}

function tok(kind: Token['kind'], text: string): Token {
  return { kind, text, offset: -1 };
}

/** True when a word needs quoting to stay one word. */
function needsQuotes(value: string): boolean {
  return value === '' || /[\s{}#!"]/.test(value);
}

/** Quote `value` when needed so keepalived reads it back as one word. */
export function quoteWord(value: string): string {
  return needsQuotes(value) ? `"${value}"` : value;
}

/** Remove keepalived-default quoting (`"…"` pieces) from a word's text. */
export function unquoteWord(text: string): string {
  return text.replace(/"([^"]*)"?/g, '$1');
}

/** Base for the three item kinds: leading/trailing trivia and a place in a container. */
abstract class ItemBase {
  /** Comment lines, blank lines and indentation before the item. */
  leading: Token[] = [];
  /** Blanks, an end-of-line comment and the newline after the item (empty if more follows on its line). */
  trailing: Token[] = [];
  /** The document or block that holds the item (undefined once removed). */
  parent: ConfDocument | Block | undefined;

  /** Indentation of the item's line (the blanks after the last newline of `leading`). */
  get indent(): string {
    let s = '';
    for (let i = this.leading.length - 1; i >= 0; i--) {
      const t = this.leading[i] as Token;
      if (t.kind === 'newline') break;
      if (t.kind === 'space') s = t.text + s;
      else return s;
    }
    return s;
  }

  /** Comments attached to the item: full-line comments just before it and its end-of-line comment. */
  get comments(): string[] {
    return [...this.leading, ...this.trailing].filter((t) => t.kind === 'comment').map((t) => t.text);
  }

  /** Remove the item; comment and blank lines before it stay in place. */
  remove(): void {
    const parent = this.parent;
    if (!parent) return;
    const list = parent.children;
    const i = list.indexOf(this as unknown as CstItem);
    if (i < 0) return;
    list.splice(i, 1);
    let lastNl = -1;
    for (let k = this.leading.length - 1; k >= 0; k--) {
      if ((this.leading[k] as Token).kind === 'newline') {
        lastNl = k;
        break;
      }
    }
    const keep = this.leading.slice(0, lastNl + 1);
    if (keep.length > 0) {
      const next = list[i];
      if (next) next.leading = [...keep, ...next.leading];
      else if (parent instanceof Block) parent.beforeClose = [...keep, ...parent.beforeClose];
      else parent.trailing = [...keep, ...parent.trailing];
    }
    this.parent = undefined;
  }

  /** Insert statements (text, formatted to the item's indentation) before this item. Returns the new items. */
  insertBefore(text: string): CstItem[] {
    const parent = this.parent;
    if (!parent) return [];
    return parent.insertStatement(text, parent.children.indexOf(this as unknown as CstItem));
  }

  /** Insert statements (text, formatted to the item's indentation) after this item. Returns the new items. */
  insertAfter(text: string): CstItem[] {
    const parent = this.parent;
    if (!parent) return [];
    return parent.insertStatement(text, parent.children.indexOf(this as unknown as CstItem) + 1);
  }

  /** The item as printed (leading and trailing trivia included). */
  abstract toString(): string;
}

/** `{ … }` after a statement's words. */
export class Block implements CstContainer {
  /** Trivia between the statement's last word and `{` (blanks; newlines when `{` is on its own line). */
  beforeOpen: Token[] = [];
  /** The `{` token. */
  open: Token = tok('lbrace', '{');
  /** Blanks, comment and newline ending the `{` line (empty when more follows on that line). */
  openTrailing: Token[] = [];
  /** The items inside. */
  readonly children: CstItem[] = [];
  /** Trivia before `}` (comment lines, indentation). */
  beforeClose: Token[] = [];
  /** The `}` token; undefined when the input ended first. */
  close: Token | undefined;
  /** The statement that owns the block. */
  owner: Statement | undefined;

  /** First statement matching the selector path (see {@link ConfDocument.find}). */
  find(...path: string[]): Statement | undefined {
    return findIn(this, path)[0];
  }

  /** All statements matching the selector path. */
  findAll(...path: string[]): Statement[] {
    return findIn(this, path);
  }

  /** Statements (not raw lines or stray braces) directly inside. */
  get statements(): Statement[] {
    return this.children.filter((c): c is Statement => c instanceof Statement);
  }

  /** Indentation used for the block's children: that of the first child on its own line, else the owner's plus `unit`. */
  childIndent(unit = '    '): string {
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children[i] as CstItem;
      if (hasNewline(c.leading) || (i === 0 && hasNewline(this.openTrailing))) return c.indent;
    }
    return (this.owner?.indent ?? '') + unit;
  }

  /**
   * Insert statements parsed from `text` at `index` (default: at the end), indented like
   * their siblings. A one-line block is opened up so that each statement gets its own line.
   */
  insertStatement(text: string, index: number = this.children.length): CstItem[] {
    return insertInto(this, text, index);
  }
}

/** A statement: words (the first is the keyword), maybe an `@id` condition, maybe a block. */
export class Statement extends ItemBase {
  /** Discriminator. */
  readonly kind = 'statement' as const;
  /** Word tokens and the blanks between them (first and last are words; empty for a bare `{ … }`). */
  words: Token[] = [];
  /** The block, when the statement has one. */
  block: Block | undefined;

  /** The `@id` / `@^id` prefix, when the line is conditional. */
  get condition(): string | undefined {
    const w = this.wordTokens()[0];
    return w?.text.startsWith('@') ? w.text : undefined;
  }

  /** Word tokens without the blanks. */
  wordTokens(): Token[] {
    return this.words.filter((t) => t.kind === 'word');
  }

  /** Word texts after the condition, as written (quotes kept). */
  private texts(): string[] {
    const ws = this.wordTokens().map((t) => t.text);
    return ws[0]?.startsWith('@') ? ws.slice(1) : ws;
  }

  /** The keyword as written ('' for a bare block). */
  get keyword(): string {
    return this.texts()[0] ?? '';
  }

  /** The arguments as written (quotes kept). */
  get args(): string[] {
    return this.texts().slice(1);
  }

  /** The arguments with keepalived's default quote removal. */
  get values(): string[] {
    return this.args.map(unquoteWord);
  }

  /** Statements inside the block (empty without a block). */
  get children(): CstItem[] {
    return this.block ? this.block.children : [];
  }

  /** Statements (not raw lines or stray braces) directly inside the block. */
  get statements(): Statement[] {
    return this.block ? this.block.statements : [];
  }

  /** First statement in the block matching the selector path. */
  find(...path: string[]): Statement | undefined {
    return this.block ? findIn(this.block, path)[0] : undefined;
  }

  /** All statements in the block matching the selector path. */
  findAll(...path: string[]): Statement[] {
    return this.block ? findIn(this.block, path) : [];
  }

  /**
   * Replace the arguments. Values are quoted when they contain blanks, braces, `#`, `!` or
   * `"`, or are empty. The keyword, the condition and the rest of the line are untouched;
   * the blanks before the first argument are kept.
   */
  setArgs(args: readonly string[]): void {
    const words = this.words;
    const wordIdx: number[] = [];
    words.forEach((t, i) => {
      if (t.kind === 'word') wordIdx.push(i);
    });
    const headCount = this.condition !== undefined ? 2 : 1;
    const headEnd = wordIdx[headCount - 1];
    if (headEnd === undefined) return;
    const firstSep = words[headEnd + 1]?.kind === 'space' ? (words[headEnd + 1] as Token) : tok('space', ' ');
    const out = words.slice(0, headEnd + 1);
    args.forEach((a, i) => {
      out.push(i === 0 ? firstSep : tok('space', ' '));
      out.push(tok('word', quoteWord(a)));
    });
    this.words = out;
    if (this.block && args.length > 0 && this.block.beforeOpen.length === 0)
      this.block.beforeOpen = [tok('space', ' ')];
  }

  /** Replace the keyword (the condition, if any, is kept). */
  setKeyword(keyword: string): void {
    const idx = this.words.findIndex(
      (t) => t.kind === 'word' && !(t.text.startsWith('@') && this.condition === t.text),
    );
    if (idx >= 0) this.words[idx] = tok('word', quoteWord(keyword));
  }

  /** Add an (empty) block if there is none, and return it. */
  ensureBlock(): Block {
    if (this.block) return this.block;
    const b = new Block();
    b.owner = this;
    b.beforeOpen = [tok('space', ' ')];
    const nl = this.trailing.find((t) => t.kind === 'newline');
    const comment = this.trailing.filter((t) => t.kind !== 'newline');
    b.openTrailing = [...comment, tok('newline', nl?.text ?? '\n')];
    b.beforeClose = [tok('space', this.indent)];
    b.close = tok('rbrace', '}');
    this.trailing = nl ? [nl] : [];
    this.block = b;
    return b;
  }

  /** Insert statements into the block (created when missing); see {@link Block.insertStatement}. */
  insertStatement(text: string, index?: number): CstItem[] {
    return this.ensureBlock().insertStatement(text, index);
  }

  /** The statement as printed. */
  toString(): string {
    return printItem(this);
  }
}

/**
 * A line kept verbatim because its meaning depends on the exact line: a `$NAME=` definition
 * (with its `\` continuation lines) or a `~SEQ`/`~LST` line.
 */
export class RawLine extends ItemBase {
  /** Discriminator. */
  readonly kind = 'raw' as const;
  /** What the line is. */
  rawKind: 'definition' | 'sequence' = 'definition';
  /** Its tokens (continuation lines and their newlines included; the final newline is in `trailing`). */
  tokens: Token[] = [];

  /** The raw text (without leading/trailing trivia). */
  get text(): string {
    return tokensText(this.tokens);
  }

  /** For a definition, its name. */
  get name(): string | undefined {
    if (this.rawKind !== 'definition') return undefined;
    const m = /\$([A-Za-z_][A-Za-z0-9_]*)=/.exec(this.text);
    return m?.[1];
  }

  /** The line as printed. */
  toString(): string {
    return printItem(this);
  }
}

/** A `}` with no block to close, kept so printing stays lossless. */
export class StrayBrace extends ItemBase {
  /** Discriminator. */
  readonly kind = 'stray' as const;
  /** The `}` token. */
  token: Token = tok('rbrace', '}');

  /** The brace as printed. */
  toString(): string {
    return printItem(this);
  }
}

/** A parsed file: items, final trivia and syntax diagnostics. */
export class ConfDocument implements CstContainer {
  /** The file name given to `parse` (used in diagnostics). */
  file: string | undefined;
  /** Top-level items. */
  readonly children: CstItem[] = [];
  /** Trivia after the last item. */
  trailing: Token[] = [];
  /** Syntax problems of the file as written (before preprocessing). */
  readonly diagnostics: Diagnostic[] = [];

  /**
   * First statement matching a selector path. Each selector is a keyword, optionally
   * followed by leading argument values: `doc.find('vrrp_instance VI_1', 'priority')`.
   * A selector `*` matches any statement.
   */
  find(...path: string[]): Statement | undefined {
    return findIn(this, path)[0];
  }

  /** All statements matching the selector path. */
  findAll(...path: string[]): Statement[] {
    return findIn(this, path);
  }

  /** Top-level statements. */
  get statements(): Statement[] {
    return this.children.filter((c): c is Statement => c instanceof Statement);
  }

  /** Insert statements parsed from `text` at `index` (default: at the end). */
  insertStatement(text: string, index: number = this.children.length): CstItem[] {
    return insertInto(this, text, index);
  }

  /** The document as text (same as `print(doc)`). */
  toString(): string {
    let s = '';
    for (const c of this.children) s += printItem(c);
    return s + tokensText(this.trailing);
  }
}

/** True when the tokens contain a newline. */
export function hasNewline(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.kind === 'newline');
}

/** Print one item with its trivia. Iterative, so any nesting depth works. */
export function printItem(item: CstItem): string {
  const parts: string[] = [];
  const work: (CstItem | string)[] = [item];
  while (work.length > 0) {
    const w = work.pop() as CstItem | string;
    if (typeof w === 'string') {
      parts.push(w);
      continue;
    }
    parts.push(tokensText(w.leading));
    if (w instanceof Statement) {
      parts.push(tokensText(w.words));
      const b = w.block;
      if (b) {
        parts.push(tokensText(b.beforeOpen) + b.open.text + tokensText(b.openTrailing));
        work.push(tokensText(w.trailing));
        work.push(tokensText(b.beforeClose) + (b.close ? b.close.text : ''));
        for (let i = b.children.length - 1; i >= 0; i--) work.push(b.children[i] as CstItem);
        continue;
      }
    } else if (w instanceof RawLine) parts.push(tokensText(w.tokens));
    else parts.push(w.token.text);
    parts.push(tokensText(w.trailing));
  }
  return parts.join('');
}

function matches(st: Statement, selector: string): boolean {
  if (selector === '*') return true;
  const parts = selector.trim().split(/\s+/);
  if (parts[0] !== st.keyword) return false;
  const vals = st.values;
  for (let i = 1; i < parts.length; i++) if (vals[i - 1] !== parts[i]) return false;
  return true;
}

function findIn(container: CstContainer, path: readonly string[]): Statement[] {
  if (path.length === 0) return [];
  const [first, ...rest] = path;
  const out: Statement[] = [];
  for (const c of container.children) {
    if (!(c instanceof Statement) || !matches(c, first as string)) continue;
    if (rest.length === 0) out.push(c);
    else if (c.block) out.push(...findIn(c.block, rest));
  }
  return out;
}

/** Set by parser.ts (avoids an import cycle): parses a fragment into items. */
let fragmentParser: ((text: string, indent: string, unit: string) => CstItem[]) | undefined;

/** Register the fragment parser (called once by parser.ts). */
export function setFragmentParser(fn: (text: string, indent: string, unit: string) => CstItem[]): void {
  fragmentParser = fn;
}

function lastTokenIsNewline(container: ConfDocument | Block, index: number): boolean {
  const prev = container.children[index - 1];
  if (prev) {
    if (prev.trailing.length > 0)
      return (prev.trailing[prev.trailing.length - 1] as Token).kind === 'newline';
    return false;
  }
  if (container instanceof Block) return hasNewline(container.openTrailing);
  return true;
}

function insertInto(container: ConfDocument | Block, text: string, index: number): CstItem[] {
  if (!fragmentParser) return [];
  const at = Math.max(0, Math.min(index, container.children.length));
  const unit = '    ';
  let indent: string;
  if (container instanceof Block) indent = container.childIndent(unit);
  else indent = container.children.find((c) => c instanceof Statement)?.indent ?? '';
  const items = fragmentParser(text, indent, unit);
  if (items.length === 0) return [];
  const nl = newlineStyle(container);
  if (!lastTokenIsNewline(container, at)) {
    const first = items[0] as CstItem;
    first.leading = [tok('newline', nl), ...first.leading];
    const prev = container.children[at - 1];
    // Move a trailing blank run of the previous item out of the way.
    if (prev && prev.trailing.length > 0 && prev.trailing.every((t) => t.kind === 'space'))
      prev.trailing = [];
  }
  for (const it of items) {
    it.parent = container;
    const last = it.trailing[it.trailing.length - 1];
    if (last?.kind !== 'newline') it.trailing.push(tok('newline', nl));
  }
  container.children.splice(at, 0, ...items);
  if (container instanceof Block && at === container.children.length - items.length) {
    // Appended at the end: make sure `}` sits on its own line at the owner's indentation.
    if (!hasNewline(container.beforeClose) && container.beforeClose.every((t) => t.kind === 'space'))
      container.beforeClose = [tok('space', container.owner?.indent ?? '')];
  }
  if (container instanceof ConfDocument && at === container.children.length - items.length) {
    // Appending at the end of a document whose last line had no newline.
  }
  return items;
}

function newlineStyle(container: ConfDocument | Block): string {
  const scan = (tokens: readonly Token[]): string | undefined =>
    tokens.find((t) => t.kind === 'newline')?.text;
  for (const c of container.children) {
    const s = scan(c.trailing) ?? scan(c.leading);
    if (s) return s;
  }
  if (container instanceof Block) return scan(container.openTrailing) ?? '\n';
  return '\n';
}
