/**
 * The preprocessor: reads the entry file and its includes through a {@link ConfigHost} and
 * resolves keepalived's configuration language (comments, `@id` conditionals, `$NAME`
 * definitions and substitution, multiline definitions, `~SEQ`/`~LST`, includes, brace
 * splitting, word splitting) into a {@link ConfNode} tree whose nodes keep their origins.
 *
 * The line handling follows keepalived 2.2.7's observable behaviour (`keepalived -t`), e.g.:
 * conditionals and substitution happen before `include` detection; a `~SEQ` line repeats the
 * whole rest of the line (braces included); a blank or comment-only line ends a multiline
 * definition; a multiline definition is only expanded when its reference ends the line.
 *
 * @module
 */
import { type SyntaxCode, syntaxDiagnostic } from '../syntax/codes.js';
import type { ConfNode, Diagnostic, Origin } from '../types.js';
import { decomment, physicalLine } from './decomment.js';
import { expandBraces, globFiles, hasWildcard } from './glob.js';
import type { ConfigHost } from './host.js';
import { hashStep, Interner } from './intern.js';
import { type PreprocessLimits, resolveLimits } from './limits.js';
import { hashRange, LineCache, type LinePart, type LineShape } from './line-cache.js';
import { nodeHost } from './node-host.js';
import { dirname, isAbsolute, join } from './path.js';
import { PlainNode } from './plain-node.js';
import { parseSeq, type SeqSpec } from './seq.js';
import { SrcText } from './src-text.js';
import { splitWords } from './words.js';

/** Options of {@link preprocess}. */
export interface PreprocessOptions {
  /** The config-id matched by `@name` / `@^name` lines and returned by `${_INSTANCE}`. When absent no `@name` line is kept and every `@^name` line is. */
  instance?: string;
  /** File access; defaults to {@link nodeHost}. */
  host?: ConfigHost;
  /** Environment for `${_ENV NAME}`; defaults to none (empty values). */
  env?: Record<string, string | undefined>;
  /** Seed of `${_RANDOM}`; defaults to the current time. */
  randomSeed?: number;
  /** Resource limits (see {@link PreprocessLimits}). */
  limits?: PreprocessLimits;
  /** keepalived's `-e`/`--all-config`: every include check on from the start. Default false. */
  allConfig?: boolean;
}

/** A resolved statement; `text` is the resolved line the words were split from. */
export interface ResolvedNode extends ConfNode {
  /** The line after substitution and comment removal, before word splitting (for keywords with their own quoting rules). */
  text: string;
  /** Statements inside the block. */
  children?: ResolvedNode[];
}

/** What {@link preprocess} returns. Never throws. */
export interface PreprocessResult {
  /** Top-level statements. */
  nodes: ResolvedNode[];
  /** Problems found, in the order met. */
  diagnostics: Diagnostic[];
  /** Every file read (entry first), in reading order. */
  files: string[];
}

/** The entry: a file to read through the host, or text (optionally named, for origins and `_PWD`). */
export type PreprocessEntry =
  | {
      /** Path of the configuration file (relative paths resolve against `host.cwd()`). */
      file: string;
    }
  | {
      /** Configuration text. */
      text: string;
      /** Name used in origins; its directory resolves relative includes and `${_PWD}`. */
      file?: string;
    };

/** Include checks (keepalived's `include_check` options). */
interface IncludeChecks {
  readable: boolean;
  match: boolean;
  wildcard: boolean;
  brace: boolean;
}

const NO_CHECKS: IncludeChecks = { readable: false, match: false, wildcard: false, brace: false };
const ALL_CHECKS: IncludeChecks = { readable: true, match: true, wildcard: true, brace: true };
const CHECK_NAMES: Readonly<Record<string, keyof IncludeChecks>> = {
  readable: 'readable',
  match: 'match',
  wildcard_match: 'wildcard',
  brace_match: 'brace',
};

/** Apply `include_check [+|-]option…` to `current` (no option: all checks). */
function applyIncludeCheck(current: IncludeChecks, args: readonly string[]): IncludeChecks {
  if (args.length === 0) return { ...ALL_CHECKS };
  let out: IncludeChecks = { ...current };
  if (!args.some((a) => a.startsWith('+') || a.startsWith('-'))) out = { ...NO_CHECKS };
  for (const a of args) {
    const sign = a[0] === '-' ? '-' : '+';
    const name = CHECK_NAMES[a.replace(/^[+-]/, '')];
    if (!name) continue;
    out[name] = sign === '+';
  }
  return out;
}

/** Include keyword variants and the checks they add. */
const INCLUDE_VARIANTS: Readonly<Record<string, IncludeChecks>> = {
  include: { readable: false, match: false, wildcard: false, brace: false },
  includer: { readable: true, match: false, wildcard: false, brace: false },
  includem: { readable: false, match: true, wildcard: false, brace: false },
  includew: { readable: false, match: false, wildcard: true, brace: false },
  includeb: { readable: false, match: false, wildcard: false, brace: true },
  includea: { readable: true, match: true, wildcard: true, brace: true },
};

/** A user definition. */
interface Definition {
  /** Lines of the value (one for a single-line definition). */
  lines: SrcText[];
  /** True for a multiline definition. */
  multiline: boolean;
}

interface FileSource {
  kind: 'file';
  file: string;
  dir: string;
  /** The whole file; lines are read in place (no per-line strings on the fast path). */
  text: string;
  /** Offset where the next line starts. */
  pos: number;
  /** Lines read so far (the next line's number is `line + 1`). */
  line: number;
  /** Offset of the next `include` at or after the last fast-path line start (text length + 1: none). */
  includeAt: number;
  sawNul: boolean;
  /** `include_check` level while reading this file (inherited, restored when it ends). */
  checks: IncludeChecks;
}
interface LinesSource {
  kind: 'lines';
  lines: SrcText[];
  next: number;
}
interface SeqSource {
  kind: 'seq';
  spec: SeqSpec;
  text: SrcText;
  next: number;
}
interface ResidueSource {
  kind: 'residue';
  line: SrcText;
  noDollar: boolean;
}
type Source = FileSource | LinesSource | SeqSource | ResidueSource;

/** Thrown internally to stop everything when a hard limit is hit. */
class Abort extends Error {
  /** Always 'ABORT'. */
  readonly code = 'ABORT';
}

interface Frame {
  node: ResolvedNode | undefined;
  container: ResolvedNode[];
}

/** A seeded pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 1 for the ASCII characters that send a physical line down the general path: control
 * characters other than tab (NUL, CR, VT, FF…), and `! " # $ @ \\ ~`; 2 for `{` and `}`.
 */
const SPECIAL: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 32; c++) if (c !== 9) t[c] = 1;
  for (const ch of '!"#$@\\~') t[ch.charCodeAt(0)] = 1;
  t[123] = 2;
  t[125] = 2;
  return t;
})();

/** Most distinct strings an {@link Interner} of the fast path remembers. */
const MAX_INTERNED = 100_000;
/** Longest string an {@link Interner} of the fast path remembers. */
const MAX_INTERNED_LENGTH = 64;

/** Most distinct lines the {@link LineCache} of the fast path remembers. */
const MAX_CACHED_LINES = 100_000;
/** Longest line the {@link LineCache} of the fast path takes. */
const MAX_CACHED_LINE_LENGTH = 128;
/** Lines looked up before the cache may give up for lack of repeats. */
const LINE_CACHE_PROBATION = 16_384;
/** Shared (never written) word list of statements without arguments. */
const NO_WORDS: readonly string[] = [];
/** Shape of a blank plain line. */
const BLANK_LINE: LineShape = { parts: [] };

/** Space or tab. */
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Resolve a keepalived configuration. Never throws; problems become diagnostics. */
export function preprocess(entry: PreprocessEntry, options: PreprocessOptions = {}): PreprocessResult {
  const first = new Preprocessor(options, undefined);
  const result = first.run(entry);
  // keepalived reads global_defs in a first pass, so an `include_check` in the main file also
  // governs includes written before it: redo the run with the level the entry file ended with.
  const final = first.entryFinalChecks;
  if (first.sawIncludeCheck && final && !sameChecks(final, first.entryInitialChecks)) {
    const seed = options.randomSeed ?? Date.now();
    return new Preprocessor({ ...options, randomSeed: seed }, final).run(entry);
  }
  return result;
}

function sameChecks(a: IncludeChecks, b: IncludeChecks): boolean {
  return a.readable === b.readable && a.match === b.match && a.wildcard === b.wildcard && a.brace === b.brace;
}

class Preprocessor {
  private readonly host: ConfigHost;
  private readonly limits: ReturnType<typeof resolveLimits>;
  private readonly instance: string | undefined;
  private readonly env: Record<string, string | undefined>;
  private readonly random: () => number;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly files: string[] = [];
  private readonly defs = new Map<string, Definition>();
  private readonly stack: Source[] = [];
  private collecting: Definition | undefined;
  private readonly roots: ResolvedNode[] = [];
  private readonly frames: Frame[] = [];
  private pendingHead: ResolvedNode | undefined;
  private nodeCount = 0;
  private generatedLines = 0;
  /** File and line of the last physical line read (see {@link lastOrigin}). */
  private lastFile = '';
  private lastLine = 0;
  /** Words already in the tree, so that a repeated word is stored once. */
  private readonly words = new Interner(MAX_INTERNED, MAX_INTERNED_LENGTH);
  /** Same for the `text` of fast-path statements. */
  private readonly texts = new Interner(MAX_INTERNED, MAX_INTERNED_LENGTH);
  /** Reused buffer of {@link plainPart}. */
  private readonly scratchArgs: string[] = [];
  /** Parsed plain lines (see {@link fastLine}). */
  private readonly lineCache = new LineCache(MAX_CACHED_LINES, MAX_CACHED_LINE_LENGTH);
  /** False once the line cache gave up. */
  private cacheLines = true;
  private lineLookups = 0;
  private lineHits = 0;
  private readonly reported = new Set<string>();
  private aborted = false;

  /** True once an `include_check` statement was applied. */
  sawIncludeCheck = false;
  /** Include-check level the entry file started with. */
  readonly entryInitialChecks: IncludeChecks;
  /** Include-check level the entry file ended with (set when it has been read). */
  entryFinalChecks: IncludeChecks | undefined;

  constructor(options: PreprocessOptions, initialChecks: IncludeChecks | undefined) {
    this.host = options.host ?? nodeHost;
    this.limits = resolveLimits(options.limits);
    this.instance = options.instance;
    this.env = options.env ?? {};
    this.random = rng(options.randomSeed ?? Date.now());
    this.entryInitialChecks =
      initialChecks ?? (options.allConfig === true ? { ...ALL_CHECKS } : { ...NO_CHECKS });
  }

  run(entry: PreprocessEntry): PreprocessResult {
    try {
      if ('text' in entry) {
        const file = entry.file ?? '<text>';
        const dir = entry.file !== undefined ? dirname(this.absolute(entry.file)) : this.host.cwd();
        if (entry.text.length > this.limits.maxFileBytes) {
          this.report('HA002', `${file} is larger than ${this.limits.maxFileBytes} bytes`, {
            file,
            line: 1,
            column: 1,
          });
        } else {
          this.files.push(file);
          this.pushFile(file, dir, entry.text);
        }
      } else {
        const abs = this.absolute(entry.file);
        const r = this.host.readFile(abs, this.limits.maxFileBytes);
        const at = { file: entry.file, line: 1, column: 1 };
        if (!r.ok) {
          if (r.error === 'too-large') this.report('HA002', r.message, at);
          else this.report('KA014', `Unable to read configuration file ${entry.file}: ${r.message}`, at);
        } else {
          this.files.push(entry.file);
          this.pushFile(entry.file, dirname(abs), r.text);
        }
      }
      this.loop();
    } catch (e) {
      this.aborted = true;
      if (!(e instanceof Abort)) {
        // Defensive: an internal bug must not escape as a throw.
        this.report(
          'HA005',
          `internal preprocessor error: ${e instanceof Error ? e.message : String(e)}`,
          this.lastOrigin(),
        );
      }
    }
    this.finish();
    return { nodes: this.roots, diagnostics: this.diagnostics, files: this.files };
  }

  /** Start of the last physical line read (`{ file: '', line: 0, column: 0 }` before any). */
  private lastOrigin(): Origin {
    return { file: this.lastFile, line: this.lastLine, column: this.lastLine === 0 ? 0 : 1 };
  }

  private absolute(p: string): string {
    return isAbsolute(p) ? p : join(this.host.cwd(), p);
  }

  private report(code: SyntaxCode, message: string, origin: Origin, hint?: string): void {
    this.diagnostics.push(syntaxDiagnostic(code, message, origin, hint));
  }

  private reportOnce(key: string, code: SyntaxCode, message: string, origin: Origin): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.report(code, message, origin);
  }

  private pushFile(file: string, dir: string, text: string): void {
    const checks = this.currentFile()?.checks ?? this.entryInitialChecks;
    this.stack.push({
      kind: 'file',
      file,
      dir,
      text,
      pos: 0,
      line: 0,
      includeAt: -1,
      sawNul: false,
      checks: { ...checks },
    });
  }

  private currentFile(): FileSource | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const s = this.stack[i] as Source;
      if (s.kind === 'file') return s;
    }
    return undefined;
  }

  private countGenerated(origin: Origin): void {
    this.generatedLines++;
    if (this.generatedLines > this.limits.maxSeqLines) {
      this.report(
        'HA006',
        `~SEQ/~LST and multiline definitions generated more than ${this.limits.maxSeqLines} lines; stopping`,
        origin,
      );
      throw new Abort('seq');
    }
  }

  /** Main loop: pull lines from the source stack until it is empty. */
  private loop(): void {
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1] as Source;
      switch (top.kind) {
        case 'residue':
          this.stack.pop();
          this.handle(top.line, top.noDollar);
          break;
        case 'lines': {
          if (top.next >= top.lines.length) {
            this.stack.pop();
            break;
          }
          const line = top.lines[top.next++] as SrcText;
          if (top.next >= top.lines.length) this.stack.pop();
          this.countGenerated(line.originAt(0));
          this.handle(line, false);
          break;
        }
        case 'seq': {
          if (top.next >= top.spec.count) {
            this.stack.pop();
            break;
          }
          const values = top.spec.valuesAt(top.next++);
          if (top.next >= top.spec.count) this.stack.pop();
          const at = top.text.originAt(0);
          top.spec.vars.forEach((v, i) => {
            this.defs.set(v, { lines: [SrcText.synthetic(values[i] ?? '', at)], multiline: false });
          });
          this.countGenerated(at);
          this.handle(top.text, false);
          break;
        }
        case 'file': {
          // Lines as `text.split('\n')` gives them, without the empty one after a final newline.
          if (top.pos >= top.text.length) {
            this.stack.pop();
            if (this.collecting) this.endCollecting(undefined);
            if (!this.currentFile()) this.entryFinalChecks = top.checks;
            break;
          }
          const start = top.pos;
          let end = top.text.indexOf('\n', start);
          if (end < 0) end = top.text.length;
          top.pos = end + 1;
          top.line++;
          this.readPhysical(top, start, end);
          break;
        }
      }
    }
  }

  /** Read the physical line `[start, end)` of `src` (its line number is `src.line`). */
  private readPhysical(src: FileSource, start: number, end: number): void {
    this.lastFile = src.file;
    this.lastLine = src.line;
    if (this.collecting === undefined && this.fastLine(src, start, end)) return;
    const origin: Origin = { file: src.file, line: src.line, column: 1 };
    const full = src.text.slice(start, end);
    const nul = full.indexOf('\u0000');
    if (nul >= 0 && !src.sawNul) {
      src.sawNul = true;
      this.report(
        'HA001',
        `binary data (NUL byte) in ${src.file}`,
        { ...origin, column: nul + 1 },
        'is this a configuration file?',
      );
    }
    // As keepalived: the line ends at a NUL (C string), then trailing CRs go.
    let raw = physicalLine(full);
    if (raw.length > this.limits.maxLineLength) {
      this.report('HA005', `line longer than ${this.limits.maxLineLength} characters; truncated`, origin);
      raw = raw.slice(0, this.limits.maxLineLength);
    }
    if (raw.length === 0) {
      if (this.collecting) this.endCollecting(undefined);
      return;
    }
    const d = decomment(SrcText.source(raw, origin));
    if (d.unterminatedQuote) this.report('KA001', `Unterminated quote '${d.line.text}'`, origin);
    this.handle(d.line, false);
  }

  /**
   * Fast path for a plain physical line: no character that needs comment stripping,
   * substitution, conditionals, sequences, quotes or escapes (see {@link SPECIAL}), not longer
   * than the limit, not an include. Such a line only needs blank trimming, brace splitting and
   * word splitting, which depend on nothing but its characters: the result is kept in
   * {@link lineCache} and replayed when the same line comes again. Returns false (having done
   * nothing) when the line needs the general path.
   */
  private fastLine(src: FileSource, ls: number, le: number): boolean {
    const full = src.text;
    const cache = this.lineCache;
    const cacheable = this.cacheLines && le - ls <= cache.maxLength;
    let hash = 0;
    if (cacheable) {
      // Most lines are the one that followed the previous line last time: no hashing then.
      let known = cache.predict(full, ls, le);
      if (known === undefined) {
        hash = hashRange(full, ls, le);
        known = cache.get(full, ls, le, hash);
      }
      this.lineLookups++;
      if (known !== undefined) {
        this.lineHits++;
        this.replay(known, src.file, src.line);
        return true;
      }
    }
    const shape = this.plainShape(src, ls, le);
    if (shape === undefined) return false;
    if (cacheable) {
      cache.set(full, ls, le, hash, shape);
      // Lines that never repeat only cost memory: stop caching when few lines are repeats.
      if (this.lineLookups >= LINE_CACHE_PROBATION && this.lineHits * 4 < this.lineLookups)
        this.cacheLines = false;
    }
    this.replay(shape, src.file, src.line);
    return true;
  }

  /** Emits the statements and braces of a plain line (see {@link fastLine}) read at `file`:`lineNo`. */
  private replay(shape: LineShape, file: string, lineNo: number): void {
    const parts = shape.parts;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as LinePart;
      if (part.kind === 0) {
        this.pendingHead = undefined;
        this.addNode(new PlainNode(part, file, lineNo));
      } else this.fastBrace(part.kind === 1, file, lineNo, part.column);
    }
  }

  /** The statements and braces of `src.text[ls, le)`, or undefined when the line is not plain. */
  private plainShape(src: FileSource, ls: number, le: number): LineShape | undefined {
    const full = src.text;
    let e = le;
    while (e > ls && full.charCodeAt(e - 1) === 13) e--;
    if (e - ls > this.limits.maxLineLength) return undefined;
    let braces = false;
    for (let i = ls; i < e; i++) {
      const c = full.charCodeAt(i);
      if (c < 128) {
        const k = SPECIAL[c];
        if (k === 1) return undefined;
        if (k === 2) braces = true;
      }
    }
    let s = ls;
    while (s < e && isBlank(full.charCodeAt(s))) s++;
    while (e > s && isBlank(full.charCodeAt(e - 1))) e--;
    if (s === e) return BLANK_LINE;
    if (src.includeAt < s) {
      const inc = full.indexOf('include', s);
      src.includeAt = inc < 0 ? full.length + 1 : inc;
    }
    if (src.includeAt + 7 <= e) return undefined;
    if (!braces) return { parts: [this.plainPart(full, ls, s, e)] };
    // Same as handle() + the residue stack: the first brace splits the line, the rest is
    // handled as a new line (which cannot start with `@`, `$` or `~` nor be an include here).
    const parts: LinePart[] = [];
    while (s < e) {
      const c = full.charCodeAt(s);
      if (c === 123 || c === 125) {
        parts.push({
          kind: c === 123 ? 1 : 2,
          keyword: '',
          args: NO_WORDS,
          text: '',
          column: s - ls + 1,
          derived: undefined,
        });
        s++;
        while (s < e && isBlank(full.charCodeAt(s))) s++;
        continue;
      }
      let p = s + 1;
      while (p < e) {
        const d = full.charCodeAt(p);
        if (d === 123 || d === 125) break;
        p++;
      }
      let he = p;
      while (he > s && isBlank(full.charCodeAt(he - 1))) he--;
      parts.push(this.plainPart(full, ls, s, he));
      s = p;
    }
    return { parts };
  }

  /** The statement `[s, he)` of a plain line starting at `ls` (no quotes, only blanks as white space, not empty). */
  private plainPart(full: string, ls: number, s: number, he: number): LinePart {
    const args = this.scratchArgs;
    let keyword = '';
    let n = -1;
    let th = 0;
    let i = s;
    while (i < he) {
      let c = full.charCodeAt(i);
      if (c === 32 || c === 9) {
        th = hashStep(th, c);
        i++;
        continue;
      }
      const ws = i;
      let wh = 0;
      for (;;) {
        wh = hashStep(wh, c);
        th = hashStep(th, c);
        i++;
        if (i >= he) break;
        c = full.charCodeAt(i);
        if (c === 32 || c === 9) break;
      }
      const word = this.words.get(full, ws, i, wh);
      if (n < 0) keyword = word;
      else args[n] = word;
      n++;
    }
    // `s` is the keyword's first character; origins are computed from `text` when read.
    const column = s - ls + 1;
    if (n === 0) return { kind: 0, keyword, args: NO_WORDS, text: keyword, column, derived: undefined };
    const text = this.texts.get(full, s, he, th);
    return { kind: 0, keyword, args: args.slice(0, n), text, column, derived: undefined };
  }

  private endCollecting(last: SrcText | undefined): void {
    const def = this.collecting;
    if (!def) return;
    this.collecting = undefined;
    if (last && last.length > 0) def.lines.push(last);
    if (def.lines.length === 0) {
      def.multiline = false;
      def.lines = [SrcText.synthetic('', this.lastOrigin())];
    }
  }

  /** Handle one decommented line (from a file, a residue, a multiline expansion or a sequence). */
  private handle(input: SrcText, noDollarHint: boolean): void {
    let line = input;
    if (this.collecting) {
      const t = line.text;
      if (t.endsWith('\\')) {
        let e = t.length - 1;
        while (e > 0 && (t[e - 1] === ' ' || t[e - 1] === '\t')) e--;
        if (e > 0) this.collecting.lines.push(line.slice(0, e));
      } else this.endCollecting(line);
      return;
    }
    if (line.length === 0) return;
    let noDollar = noDollarHint;
    let rounds = 0;
    for (;;) {
      if (line.text.startsWith('@')) {
        const t = line.text;
        const rev = t[1] === '^';
        const ofs = rev ? 2 : 1;
        let sp = ofs;
        while (sp < t.length && t[sp] !== ' ' && t[sp] !== '\t') sp++;
        if (sp >= t.length) return;
        const id = t.slice(ofs, sp);
        const match = this.instance !== undefined && id === this.instance;
        if (match === rev) return;
        while (sp < t.length && (t[sp] === ' ' || t[sp] === '\t')) sp++;
        line = line.slice(sp);
      }
      if (line.text.startsWith('$') && this.checkDefinition(line)) return;
      if (line.text.startsWith('~')) break;
      if (noDollar) break;
      if (line.text.indexOf('$') < 0) {
        noDollar = true;
        break;
      }
      const r = this.replaceParams(line);
      if (r === undefined) return;
      if (r === line) break;
      // keepalived strips comments again after a substitution (observed with 2.2.7:
      // `k a\#b $V` keeps only `k`, `${_HASH}` outside quotes starts a comment).
      line = decomment(r).line;
      if (line.text.startsWith('@') || line.text.indexOf('$') >= 0) {
        rounds++;
        if (rounds > this.limits.maxExpansionDepth) {
          this.report(
            'HA005',
            `runaway substitution (more than ${this.limits.maxExpansionDepth} passes)`,
            line.originAt(0),
          );
          return;
        }
        continue;
      }
      noDollar = true;
      break;
    }
    if (line.length === 0) return;
    const text = line.text;
    if (text.startsWith('~SEQ') || text.startsWith('~LST')) {
      this.startSeq(line);
      return;
    }
    if (text.startsWith('include') && this.checkInclude(line)) return;
    // Split out the first brace that is not inside "…".
    let p = -1;
    if (text[0] === '{' || text[0] === '}') p = 0;
    else {
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
          const close = text.indexOf('"', i + 1);
          if (close < 0) break;
          i = close;
        } else if (c === '{' || c === '}') {
          p = i;
          break;
        }
      }
    }
    let head = line;
    if (p >= 0) {
      let residueStart: number;
      let headEnd: number;
      if (p === 0) {
        headEnd = 1;
        residueStart = 1;
        while (residueStart < text.length && (text[residueStart] === ' ' || text[residueStart] === '\t'))
          residueStart++;
      } else {
        headEnd = p;
        residueStart = p;
      }
      if (residueStart < text.length) {
        let re = text.length;
        while (re > residueStart && (text[re - 1] === ' ' || text[re - 1] === '\t')) re--;
        const residue = line.slice(residueStart, re);
        const residueNoDollar = noDollar || text.lastIndexOf('$') < residueStart;
        this.stack.push({ kind: 'residue', line: residue, noDollar: residueNoDollar });
      }
      head = line.slice(0, headEnd);
    }
    let he = head.length;
    while (he > 0 && (head.text[he - 1] === ' ' || head.text[he - 1] === '\t')) he--;
    if (he !== head.length) head = head.slice(0, he);
    if (head.length === 0) return;
    this.emit(head);
  }

  /** `$NAME=value` definitions. Returns true when the line was a definition. */
  private checkDefinition(line: SrcText): boolean {
    const t = line.text;
    if (!NAME_START.test(t[1] ?? '')) return false;
    let p = 2;
    while (p < t.length && t[p] !== '=') {
      if (!NAME_CHAR.test(t[p] as string)) return false;
      p++;
    }
    if (p >= t.length) return false;
    const name = t.slice(1, p);
    p++;
    while (p < t.length && (t[p] === ' ' || t[p] === '\t')) p++;
    let value = line.slice(p);
    let multiline = false;
    if (value.text.endsWith('\\')) {
      multiline = true;
      let e = value.length - 1;
      while (e > 0 && (value.text[e - 1] === ' ' || value.text[e - 1] === '\t')) e--;
      value = value.slice(0, e);
    }
    const def: Definition = { lines: value.length > 0 || !multiline ? [value] : [], multiline };
    this.defs.set(name, def);
    if (multiline) this.collecting = def;
    return true;
  }

  /** One pass of `$NAME` / `${NAME}` substitution. Returns the same object when nothing matched, undefined to drop the line. */
  private replaceParams(input: SrcText): SrcText | undefined {
    let line = input;
    let pos = 0;
    let count = 0;
    let changed = false;
    for (;;) {
      pos = line.text.indexOf('$', pos);
      if (pos < 0 || pos + 1 >= line.length) break;
      const t = line.text;
      const ref = this.matchRef(t, pos);
      if (!ref) {
        pos++;
        continue;
      }
      const at = line.originAt(pos);
      let value: SrcText;
      const user = this.defs.get(ref.name);
      if (user && ref.params === undefined && (!user.multiline || ref.end === t.length)) {
        if (user.multiline) {
          value = user.lines[0] ?? SrcText.synthetic('', at);
          if (user.lines.length > 1) {
            if (this.stack.length > this.limits.maxIncludeDepth + this.limits.maxExpansionDepth) {
              this.report('HA005', 'multiline definitions nested too deeply', at);
              return undefined;
            }
            this.stack.push({ kind: 'lines', lines: user.lines, next: 1 });
          }
        } else value = SrcText.synthetic((user.lines[0] as SrcText).text, at);
      } else if (!user) {
        const b = this.builtin(ref.name, ref.params, at);
        if (b === undefined) {
          pos++;
          continue;
        }
        value = SrcText.synthetic(b, at);
      } else {
        pos++;
        continue;
      }
      count++;
      if (count > this.limits.maxExpansionDepth) {
        this.report(
          'HA005',
          `runaway substitution (more than ${this.limits.maxExpansionDepth} replacements on one line)`,
          at,
        );
        return undefined;
      }
      line = line.splice(pos, ref.end, value);
      changed = true;
      if (line.length > this.limits.maxLineLength) {
        this.report(
          'HA005',
          `substitution makes the line longer than ${this.limits.maxLineLength} characters`,
          at,
        );
        return undefined;
      }
      let k = 0;
      while (k < value.length && (value.text[k] === ' ' || value.text[k] === '\t')) k++;
      if (value.text[k] === '~') break;
    }
    return changed ? line : input;
  }

  /** Parse a reference at `pos` (`$NAME` followed by blank/end, or `${NAME}` / `${NAME params}`). */
  private matchRef(
    t: string,
    pos: number,
  ): { name: string; params: string | undefined; end: number } | undefined {
    let i = pos + 1;
    const braces = t[i] === '{';
    if (braces) i++;
    if (!NAME_START.test(t[i] ?? '')) return undefined;
    const ns = i;
    while (i < t.length && NAME_CHAR.test(t[i] as string)) i++;
    const name = t.slice(ns, i);
    if (!braces) {
      if (i < t.length && t[i] !== ' ' && t[i] !== '\t') return undefined;
      return { name, params: undefined, end: i };
    }
    if (t[i] === '}') return { name, params: undefined, end: i + 1 };
    if (t[i] !== ' ') return undefined;
    const close = t.indexOf('}', i);
    if (close < 0) return undefined;
    const params = t.slice(i, close).trim();
    if (params === '' || t[close - 1] === ' ') return undefined;
    return { name, params, end: close + 1 };
  }

  /** Built-in definitions. */
  private builtin(name: string, params: string | undefined, at: Origin): string | undefined {
    switch (name) {
      case '_PWD':
        return params === undefined ? (this.currentFile()?.dir ?? this.host.cwd()) : undefined;
      case '_INSTANCE':
        return params === undefined ? (this.instance ?? '') : undefined;
      case '_HASH':
        return params === undefined ? '#' : undefined;
      case '_BANG':
        return params === undefined ? '!' : undefined;
      case '_RANDOM': {
        let min = 0;
        let max = 32767;
        if (params !== undefined) {
          if (!/^\d+( +\d+)?$/.test(params)) return undefined;
          const parts = params.split(/ +/).map(Number);
          min = parts[0] as number;
          if (parts.length > 1) max = parts[1] as number;
        }
        if (max < min) return String(min);
        return String(min + Math.floor(this.random() * (max - min + 1)));
      }
      case '_ENV': {
        if (params === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(params)) return undefined;
        this.reportOnce(
          `env:${params}`,
          'KA021',
          `\${_ENV ${params}} is not substituted by keepalived 2.2.7`,
          at,
        );
        return this.env[params] ?? '';
      }
      default:
        return undefined;
    }
  }

  private startSeq(line: SrcText): void {
    const r = parseSeq(line.text);
    const at = line.originAt(0);
    if (!r.ok) {
      this.report('KA020', r.message, at);
      return;
    }
    const remaining = this.limits.maxSeqLines - this.generatedLines;
    if (r.spec.count > remaining) {
      this.report(
        'HA006',
        `sequence of ${r.spec.count} lines would exceed limits.maxSeqLines (${this.limits.maxSeqLines}; ${this.generatedLines} generated so far)`,
        at,
      );
      throw new Abort('seq');
    }
    if (r.spec.count === 0) return;
    this.stack.push({ kind: 'seq', spec: r.spec, text: line.slice(r.spec.textStart), next: 0 });
  }

  /** `include` and variants. Returns true when the line was an include. */
  private checkInclude(line: SrcText): boolean {
    const { words } = splitWords(line.text);
    if (words.length !== 2) return false;
    const kw = (words[0] as { value: string }).value;
    const variant = INCLUDE_VARIANTS[kw];
    if (!variant) return false;
    const level = this.currentFile()?.checks ?? NO_CHECKS;
    const checks: IncludeChecks = {
      readable: variant.readable || level.readable,
      match: variant.match || level.match,
      wildcard: variant.wildcard || level.wildcard,
      brace: variant.brace || level.brace,
    };
    // match, wildcard_match and brace_match include the readable check.
    if (checks.match || checks.wildcard || checks.brace) checks.readable = true;
    const pattern = (words[1] as { value: string }).value;
    const at = line.originAt(0);
    const cur = this.currentFile();
    const dir = cur?.dir ?? this.host.cwd();
    const depth = this.stack.filter((s) => s.kind === 'file').length;
    if (depth > this.limits.maxIncludeDepth) {
      this.report('HA003', `include nested deeper than ${this.limits.maxIncludeDepth} files`, at);
      return true;
    }
    const alternatives = expandBraces(pattern, this.limits.maxIncludedFiles);
    if (alternatives.truncated) {
      this.report(
        'HA008',
        `brace expansion of '${pattern}' gives more than ${this.limits.maxIncludedFiles} patterns`,
        at,
      );
      return true;
    }
    const toRead: string[] = [];
    const failedAlts: string[] = [];
    let anyMatch = false;
    for (const alt of alternatives.patterns) {
      const g = globFiles(this.host, dir, alt, this.limits.maxIncludedFiles);
      if (g.truncated || toRead.length + g.files.length > this.limits.maxIncludedFiles) {
        this.report('HA004', `'${pattern}' matches more than ${this.limits.maxIncludedFiles} files`, at);
        return true;
      }
      const wild = hasWildcard(alt);
      // A plain path "matches" only if it exists.
      const matched = wild ? g.files.length > 0 : this.exists(g.files[0] as string);
      if (matched) {
        anyMatch = true;
        toRead.push(...g.files);
      } else if (
        // As keepalived 2.2.7 behaves: wildcard_match fails on any pattern without a match;
        // match on a plain path, or on a wildcard whose directory does not exist; brace_match
        // on each brace alternative.
        checks.wildcard ||
        (checks.match && (!wild || this.wildcardDirMissing(dir, alt))) ||
        (checks.brace && alternatives.patterns.length > 1)
      )
        failedAlts.push(alt);
    }
    if (!anyMatch) {
      if (failedAlts.length > 0) this.report('KA011', `Config files missing '${pattern}'`, at);
      else this.report('KA010', `No config files matched '${pattern}'`, at);
      return true;
    }
    for (const alt of failedAlts) this.report('KA011', `Config files missing '${alt}'`, at);
    // Push in reverse so the first match is read first.
    const pushes: { file: string; text: string }[] = [];
    for (const file of toRead) {
      if (this.files.length + pushes.length >= this.limits.maxIncludedFiles) {
        this.report('HA004', `more than ${this.limits.maxIncludedFiles} configuration files`, at);
        break;
      }
      if (this.stack.some((s) => s.kind === 'file' && s.file === file)) {
        this.report('KA013', `include cycle: ${file} is already being read`, at);
        continue;
      }
      const r = this.host.readFile(file, this.limits.maxFileBytes);
      if (!r.ok) {
        if (r.error === 'too-large') this.report('HA002', r.message, at);
        else if (checks.readable)
          this.report('KA011', `Configuration file '${file}' unreadable: ${r.message}`, at);
        else this.report('KA012', `Configuration file '${file}' open problem (${r.message}) - skipping`, at);
        continue;
      }
      pushes.push({ file, text: r.text });
    }
    for (let i = pushes.length - 1; i >= 0; i--) {
      const f = pushes[i] as { file: string; text: string };
      this.pushFile(f.file, dirname(f.file), f.text);
    }
    // files[] in reading order.
    for (const f of pushes) this.files.push(f.file);
    return true;
  }

  /** True when the directory part before the first wildcard segment of `pattern` does not exist. */
  private wildcardDirMissing(cwd: string, pattern: string): boolean {
    const abs = isAbsolute(pattern) ? pattern : join(cwd, pattern);
    const segs = abs.split('/');
    const k = segs.findIndex((seg) => hasWildcard(seg));
    if (k <= 0) return false;
    const prefix = segs.slice(0, k).join('/') || '/';
    return this.host.listDir(prefix) === undefined;
  }

  private exists(path: string): boolean {
    const r = this.host.readFile(path, this.limits.maxFileBytes);
    return r.ok || r.error === 'too-large' || r.error === 'denied';
  }

  /** Turn a final logical line into tree structure. */
  private emit(line: SrcText): void {
    const text = line.text;
    if (text === '{' || text === '}') {
      this.emitBrace(text === '{', line.originAt(0));
      return;
    }
    const split = splitWords(text);
    if (split.unmatchedQuoteAt !== undefined)
      this.report('KA002', `Unmatched quote: '${text}'`, line.originAt(split.unmatchedQuoteAt));
    this.pendingHead = undefined;
    if (split.words.length === 0) return;
    const [first, ...rest] = split.words;
    const f = first as { value: string; offset: number };
    const node: ResolvedNode = {
      keyword: f.value,
      args: rest.map((w) => w.value),
      origin: line.originAt(f.offset),
      argOrigins: rest.map((w) => line.originAt(w.offset)),
      text,
    };
    this.addNode(node, line.originAt(0));
  }

  /** {@link emitBrace} without building the origin when it is not needed. */
  private fastBrace(open: boolean, file: string, line: number, column: number): void {
    if (open) {
      const head = this.pendingHead;
      if (head && !head.children && this.frames.length < this.limits.maxBlockDepth) {
        this.pendingHead = undefined;
        head.children = [];
        this.frames.push({ node: head, container: head.children });
        return;
      }
    } else {
      const frame = this.frames[this.frames.length - 1];
      const node = frame?.node;
      if (node instanceof PlainNode) {
        this.pendingHead = undefined;
        this.frames.pop();
        node.closeAt(file, line, column);
        // Drop the spare capacity the children array grew while it was filled.
        const children = node.children;
        if (children) node.children = children.slice();
        return;
      }
    }
    this.emitBrace(open, { file, line, column });
  }

  /** A lone `{` (`open`) or `}` at `at`. */
  private emitBrace(open: boolean, at: Origin): void {
    if (open) {
      const head = this.pendingHead;
      this.pendingHead = undefined;
      if (this.frames.length >= this.limits.maxBlockDepth) {
        this.report('HA009', `blocks nested deeper than ${this.limits.maxBlockDepth} levels; stopping`, at);
        throw new Abort('depth');
      }
      if (head && !head.children) {
        head.children = [];
        this.frames.push({ node: head, container: head.children });
      } else {
        this.report('KA005', "Unexpected '{'", at);
        this.frames.push({ node: undefined, container: this.container() });
      }
      return;
    }
    this.pendingHead = undefined;
    const frame = this.frames.pop();
    if (!frame) {
      this.report('KA003', "Extra '}' found", at);
      return;
    }
    if (frame.node) {
      frame.node.closeOrigin = at;
      // Drop the spare capacity the children array grew while it was filled.
      const children = frame.node.children;
      if (children) frame.node.children = children.slice();
    }
  }

  /** Append a statement (`at`: where the line starts, for the node-limit diagnostic; defaults to the node's origin). */
  private addNode(node: ResolvedNode, at?: Origin): void {
    this.nodeCount++;
    if (this.nodeCount > this.limits.maxNodes) {
      this.report(
        'HA007',
        `more than ${this.limits.maxNodes} statements; the rest is ignored`,
        at ?? node.origin,
      );
      throw new Abort('nodes');
    }
    this.container().push(node);
    this.pendingHead = node;
    if (
      node.keyword === 'include_check' &&
      this.frames[this.frames.length - 1]?.node?.keyword === 'global_defs'
    ) {
      const file = this.currentFile();
      if (file) {
        file.checks = applyIncludeCheck(file.checks, node.args);
        this.sawIncludeCheck = true;
      }
    }
  }

  private container(): ResolvedNode[] {
    const f = this.frames[this.frames.length - 1];
    return f ? f.container : this.roots;
  }

  private finish(): void {
    if (this.collecting) {
      this.report('KA022', 'multiline definition not terminated before end of input', this.lastOrigin());
      this.endCollecting(undefined);
    }
    const open = this.frames.length;
    if (open > 0 && !this.aborted) {
      const outer = this.frames.find((f) => f.node)?.node;
      this.report(
        'KA004',
        `There are ${open} missing '}'s or extra '{'s`,
        outer?.origin ?? this.lastOrigin(),
      );
    }
  }
}
