/**
 * Compact statement node for the preprocessor's fast path. A plain line's words are separated
 * by spaces and tabs only and the node keeps the line's resolved `text`, so the origins of the
 * keyword and of every argument follow from the file, the line number and the column where
 * `text` starts. They are built on first access (and kept), which saves most of the objects a
 * large configuration would otherwise allocate for origins that are never read.
 *
 * @module
 */
import type { Origin } from '../types.js';
import type { ResolvedNode } from './preprocess.js';

/**
 * A {@link ResolvedNode} of a plain line whose `origin` and `argOrigins` are computed lazily
 * from `text`. Serialises (`JSON.stringify`) exactly like the equivalent plain object.
 */
export class PlainNode implements ResolvedNode {
  /** First word of the statement. */
  keyword: string;
  /** The remaining words. */
  args: string[];
  /** The line the words were split from (keyword first, words separated by spaces and tabs). */
  text: string;
  /** Statements inside the block. */
  declare children?: ResolvedNode[];
  /** Where the closing `}` was, for blocks. */
  declare closeOrigin?: Origin;
  private readonly srcFile: string;
  private readonly srcLine: number;
  /** Column of `text`'s first character (the keyword). */
  private readonly srcColumn: number;
  private originMemo: Origin | undefined;
  private argOriginsMemo: Origin[] | undefined;

  /** A node for `text` (starting with `keyword`) found at `file`:`line`:`column`. */
  constructor(keyword: string, args: string[], text: string, file: string, line: number, column: number) {
    this.keyword = keyword;
    this.args = args;
    this.text = text;
    this.srcFile = file;
    this.srcLine = line;
    this.srcColumn = column;
    this.originMemo = undefined;
    this.argOriginsMemo = undefined;
  }

  /** Where the keyword came from. */
  get origin(): Origin {
    let o = this.originMemo;
    if (o === undefined) {
      o = { file: this.srcFile, line: this.srcLine, column: this.srcColumn };
      this.originMemo = o;
    }
    return o;
  }

  set origin(value: Origin) {
    this.originMemo = value;
  }

  /** Where each argument came from; same length as `args`. */
  get argOrigins(): Origin[] {
    let a = this.argOriginsMemo;
    if (a === undefined) {
      a = this.computeArgOrigins();
      this.argOriginsMemo = a;
    }
    return a;
  }

  set argOrigins(value: Origin[]) {
    this.argOriginsMemo = value;
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
    if (Object.hasOwn(this, 'children')) out.children = this.children;
    if (Object.hasOwn(this, 'closeOrigin')) out.closeOrigin = this.closeOrigin;
    return out;
  }

  private computeArgOrigins(): Origin[] {
    const n = this.args.length;
    const out: Origin[] = new Array<Origin>(n);
    const t = this.text;
    const len = t.length;
    let i = 0;
    // Skip the keyword.
    while (i < len && !isSep(t.charCodeAt(i))) i++;
    for (let k = 0; k < n; k++) {
      while (i < len && isSep(t.charCodeAt(i))) i++;
      out[k] = { file: this.srcFile, line: this.srcLine, column: this.srcColumn + i };
      while (i < len && !isSep(t.charCodeAt(i))) i++;
    }
    return out;
  }
}

function isSep(c: number): boolean {
  return c === 32 || c === 9;
}
