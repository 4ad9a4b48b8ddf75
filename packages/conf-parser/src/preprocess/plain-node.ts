/**
 * Compact statement node for the preprocessor's fast path. A plain line's words are separated
 * by spaces and tabs only and the node keeps the line's resolved `text`, so the origins of the
 * keyword and of every argument follow from the file, the line number and the column where
 * `text` starts. They are built on first access (and kept), which saves most of the objects a
 * large configuration would otherwise allocate for origins that are never read. The same holds
 * for the origin of the `}` that closes a block.
 *
 * The keyword, the words and the text live in a {@link LinePart} shared by every node of the
 * same line text; a node gets its own `args` array when `args` is first read (the library's
 * own readers use {@link wordsOf}, which does not copy). `children` is a field of every node
 * (undefined for a statement without a block), so that opening a block does not change the
 * object's shape.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';
import type { LinePart } from './line-cache.js';
import type { ResolvedNode } from './preprocess.js';

/**
 * What a node keeps once its own `args` or its `argOrigins` are read or set (rare), in one
 * object, so that a node needs one field for the two.
 */
class NodeMemo {
  args: string[] | undefined = undefined;
  argOrigins: Origin[] | undefined = undefined;
}

/** `closeMemo` packs a line and a column below these bounds into one small integer. */
const CLOSE_COLUMN_LIMIT = 2048;
const CLOSE_LINE_LIMIT = 1 << 20;

/**
 * A {@link ResolvedNode} of a plain line whose `origin`, `argOrigins`, `closeOrigin` and
 * `args` are built lazily. Serialises (`JSON.stringify`) exactly like the equivalent plain
 * object.
 */
export class PlainNode implements ResolvedNode {
  /** Statements inside the block. */
  children: ResolvedNode[] | undefined;
  /** Keyword, words, text and column, shared with the other nodes of the same line text. */
  private part: LinePart;
  private readonly srcFile: string;
  private readonly srcLine: number;
  private originMemo: Origin | undefined;
  /** Own `args` and `argOrigins`, once either is kept. */
  private memo: NodeMemo | undefined;
  /**
   * Where the closing `}` was, once known: its origin, or `line * CLOSE_COLUMN_LIMIT + column`
   * when it is in `srcFile` and both are small.
   */
  private closeMemo: Origin | number | undefined;

  /** A node for the statement `part` of a line found at `file`:`line`. */
  constructor(part: LinePart, file: string, line: number) {
    this.children = undefined;
    this.part = part;
    this.srcFile = file;
    this.srcLine = line;
    this.originMemo = undefined;
    this.memo = undefined;
    this.closeMemo = undefined;
  }

  /** First word of the statement. */
  get keyword(): string {
    return this.part.keyword;
  }

  set keyword(value: string) {
    const p = this.part;
    this.part = { kind: 0, keyword: value, args: p.args, text: p.text, column: p.column, derived: undefined };
  }

  /** The remaining words (the node's own array, made on first access). */
  get args(): string[] {
    const m = this.ownMemo();
    let a = m.args;
    if (a === undefined) {
      a = this.part.args.slice();
      m.args = a;
    }
    return a;
  }

  set args(value: string[]) {
    this.ownMemo().args = value;
  }

  /** The node's own args, when it has them. */
  private get ownArgs(): string[] | undefined {
    const m = this.memo;
    return m === undefined ? undefined : m.args;
  }

  /** The {@link NodeMemo}, made when the node has none yet. */
  private ownMemo(): NodeMemo {
    let m = this.memo;
    if (m === undefined) {
      m = new NodeMemo();
      this.memo = m;
    }
    return m;
  }

  /** The line the words were split from (keyword first, words separated by spaces and tabs). */
  get text(): string {
    return this.part.text;
  }

  set text(value: string) {
    const p = this.part;
    this.part = {
      kind: 0,
      keyword: p.keyword,
      args: p.args,
      text: value,
      column: p.column,
      derived: undefined,
    };
  }

  /** The words after the keyword without copying them: read only. */
  get words(): readonly string[] {
    return this.ownArgs ?? this.part.args;
  }

  /**
   * A value derived from `keyword` and the words alone, shared by every node of the same line
   * text (so that, e.g., the model converts `weight 1` once). Undefined, and not kept, once this
   * node has its own `args` (which may have been changed).
   */
  get derived(): unknown {
    return this.ownArgs === undefined ? this.part.derived : undefined;
  }

  set derived(value: unknown) {
    if (this.ownArgs === undefined) this.part.derived = value;
  }

  /** Where the keyword came from. */
  get origin(): Origin {
    let o = this.originMemo;
    if (o === undefined) {
      o = { file: this.srcFile, line: this.srcLine, column: this.part.column };
      this.originMemo = o;
    }
    return o;
  }

  set origin(value: Origin) {
    this.originMemo = value;
  }

  /** Where each argument came from; same length as `args`. */
  get argOrigins(): Origin[] {
    const m = this.ownMemo();
    let a = m.argOrigins;
    if (a === undefined) {
      a = this.computeArgOrigins();
      m.argOrigins = a;
    }
    return a;
  }

  set argOrigins(value: Origin[]) {
    this.ownMemo().argOrigins = value;
  }

  /** Where the closing `}` was, for blocks (undefined until the block is closed). */
  get closeOrigin(): Origin | undefined {
    const c = this.closeMemo;
    if (typeof c !== 'number') return c;
    const line = Math.floor(c / CLOSE_COLUMN_LIMIT);
    const o: Origin = { file: this.srcFile, line, column: c - line * CLOSE_COLUMN_LIMIT };
    this.closeMemo = o;
    return o;
  }

  set closeOrigin(value: Origin | undefined) {
    this.closeMemo = value;
  }

  /** Records where the closing `}` was, building its origin only when it cannot be packed. */
  closeAt(file: string, line: number, column: number): void {
    if (file === this.srcFile && line < CLOSE_LINE_LIMIT && column < CLOSE_COLUMN_LIMIT)
      this.closeMemo = line * CLOSE_COLUMN_LIMIT + column;
    else this.closeMemo = { file, line, column };
  }

  /** The same fields, in the same order, as a plain node object. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      keyword: this.keyword,
      args: this.args,
      origin: this.origin,
      argOrigins: this.argOrigins,
      text: this.text,
    };
    if (this.children !== undefined) out.children = this.children;
    if (this.closeMemo !== undefined) out.closeOrigin = this.closeOrigin;
    return out;
  }

  private computeArgOrigins(): Origin[] {
    const n = this.words.length;
    const out: Origin[] = new Array<Origin>(n);
    const t = this.part.text;
    const column = this.part.column;
    const len = t.length;
    let i = 0;
    // Skip the keyword.
    while (i < len && !isSep(t.charCodeAt(i))) i++;
    for (let k = 0; k < n; k++) {
      while (i < len && isSep(t.charCodeAt(i))) i++;
      out[k] = { file: this.srcFile, line: this.srcLine, column: column + i };
      while (i < len && !isSep(t.charCodeAt(i))) i++;
    }
    return out;
  }
}

/**
 * The words after a statement's keyword (`node.args`) for reading only: for a
 * {@link PlainNode} this does not make the node's own copy of them.
 */
export function wordsOf(node: ConfNode): readonly string[] {
  return node instanceof PlainNode ? node.words : node.args;
}

function isSep(c: number): boolean {
  return c === 32 || c === 9;
}
