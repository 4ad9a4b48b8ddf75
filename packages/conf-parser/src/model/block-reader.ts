/**
 * Validates the statements of one block against the schema and gives typed access to them.
 *
 * @module
 */

import { PlainNode, wordsOf } from '../preprocess/plain-node.js';
import { contextKeywords, keywordContexts } from '../schema/lookup.js';
import { missingArgLevel } from '../schema/missing-arg.js';
import { suggestKeyword } from '../schema/suggest.js';
import type { ArgType, IntArg, KeywordSpec } from '../schema/types.js';
import type { ConfNode, Origin } from '../types.js';
import type { Reporter, ReportOptions } from './reporter.js';
import type { ScriptRef, SettingValue } from './types-common.js';
import { convertArg, parseIntStrict } from './values.js';

/** One validated statement. */
export interface Statement {
  /** The statement. */
  node: ConfNode;
  /** Its spec. */
  spec: KeywordSpec;
  /** Converted arguments (`undefined` where conversion failed). */
  values: (SettingValue | undefined)[];
  /** False when keepalived would ignore the statement (missing or invalid argument). */
  valid: boolean;
  /** Position in the block. */
  index: number;
  /** The spec's keyword name (`spec.name`, read without going through the many spec shapes). */
  name: string;
}

const NONE: Statement[] = [];
/** Shared (never written) value list of statements without arguments. */
const NO_VALUES: (SettingValue | undefined)[] = [];

/** Blocks keepalived skips (exit 5) rather than aborting on when their name is missing. */
const SKIPPED_WITHOUT_NAME = new Set(['vrrp_instance', 'vrrp_sync_group', 'track_group']);

/** Where an argument came from (falls back to the keyword's origin). */
export function argOrigin(node: ConfNode, i: number): Origin {
  return node.argOrigins[i] ?? node.origin;
}

/** Blocks with more statements than this get a name index; smaller ones are scanned. */
const INDEX_THRESHOLD = 12;

/** Argument types that are taken as written. */
const TEXT_TYPES: ReadonlySet<string> = new Set([
  'string',
  'path',
  'interface',
  'name',
  'script',
  'hex',
  'user',
  'group',
  'host',
]);

/**
 * A keyword spec flattened into one object shape, so that the per-statement checks read
 * monomorphic properties (the specs themselves come in many shapes).
 */
interface CompiledSpec {
  spec: KeywordSpec;
  name: string;
  /** {@link nameBit} of `name`. */
  bit: number;
  /** The context's table the spec was compiled for (identifies the context). */
  table: Map<string, CompiledSpec>;
  isBlock: boolean;
  min: number;
  max: number;
  types: readonly (ArgType | undefined)[];
  rest: ArgType | undefined;
  /** Per position: 0 take the text, 1 integer, 2 other conversion. */
  modes: readonly number[];
  restMode: number;
  unsupported: string | undefined;
  deprecated: string | undefined;
  deprecationReported: boolean;
}

function modeOf(t: ArgType | undefined): number {
  if (t === undefined || TEXT_TYPES.has(t.type)) return 0;
  return t.type === 'int' ? 1 : 2;
}

/**
 * One bit of a 32-bit filter for a keyword name, from its length and its first and last
 * characters (cheap to compute for a name given as a literal). A block keeps the union of the
 * bits of its statements, so most lookups of an absent keyword end without scanning.
 */
function nameBit(name: string): number {
  const n = name.length;
  if (n === 0) return 1;
  return 1 << ((n * 7 + name.charCodeAt(0) * 3 + name.charCodeAt(n - 1)) & 31);
}

/** The {@link nameBit} union of a keyword and an optional alternative name. */
function namesBits(name: string, alt: string | undefined): number {
  return alt === undefined ? nameBit(name) : nameBit(name) | nameBit(alt);
}

function compile(spec: KeywordSpec, table: Map<string, CompiledSpec>): CompiledSpec {
  const a = spec.args;
  return {
    spec,
    name: spec.name,
    bit: nameBit(spec.name),
    table,
    isBlock: spec.kind === 'keyword-block' || spec.kind === 'value-block',
    min: a.min,
    max: a.max,
    types: a.types.map((t) => t ?? a.rest),
    rest: a.rest,
    modes: a.types.map((t) => modeOf(t ?? a.rest)),
    restMode: modeOf(a.rest),
    unsupported: spec.unsupported,
    deprecated: spec.deprecated,
    deprecationReported: spec.deprecationReported === true,
  };
}

const compiledByContext = new Map<string, Map<string, CompiledSpec>>();

function compiledContext(context: string): Map<string, CompiledSpec> {
  let m = compiledByContext.get(context);
  if (m === undefined) {
    m = new Map();
    for (const [name, spec] of contextKeywords(context) ?? []) m.set(name, compile(spec, m));
    compiledByContext.set(context, m);
  }
  return m;
}

/** The converted arguments of a line for one spec (shared, never written). */
class ConvertedWords {
  constructor(
    readonly spec: CompiledSpec,
    readonly values: (SettingValue | undefined)[],
  ) {}
}

/** The last valid statement of a list. */
function lastValid(list: readonly Statement[] | undefined): Statement | undefined {
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const st = list[i] as Statement;
    if (st.valid) return st;
  }
  return undefined;
}

/** Reads one block's statements. */
export class BlockReader {
  /** Statements keepalived does not know in this block. */
  readonly unknown: ConfNode[] = [];
  /** Every valid-keyword statement in order. */
  readonly statements: Statement[];
  /** Statements by keyword name; only for large blocks (small ones are scanned). */
  private byName: Map<string, Statement[]> | undefined = undefined;
  private readonly specs: Map<string, CompiledSpec>;
  /** Union of the {@link nameBit}s of the statements' names. */
  private bits = 0;

  /**
   * @param context Schema context of the block (`root`, `vrrp_instance`, …).
   * @param nodes The block's children.
   * @param rep Where diagnostics go.
   */
  constructor(
    readonly context: string,
    nodes: readonly ConfNode[],
    private readonly rep: Reporter,
  ) {
    this.specs = compiledContext(context);
    const count = nodes.length;
    // Exact size up front (an array grown by push keeps spare capacity); unknown keywords
    // leave it shorter.
    const statements = new Array<Statement>(count);
    this.statements = statements;
    let k = 0;
    for (let index = 0; index < count; index++) {
      const st = this.add(nodes[index] as ConfNode, index);
      if (st !== undefined) statements[k++] = st;
    }
    if (k !== count) statements.length = k;
    if (k > INDEX_THRESHOLD) {
      const byName = new Map<string, Statement[]>();
      for (const st of statements) {
        const list = byName.get(st.name);
        if (list) list.push(st);
        else byName.set(st.name, [st]);
      }
      this.byName = byName;
    }
  }

  private unknownKeyword(node: ConfNode): void {
    this.unknown.push(node);
    const elsewhere = keywordContexts(node.keyword);
    if (elsewhere.length > 0) {
      const where = [...new Set(elsewhere.flatMap((s) => s.contexts))].join(', ');
      this.rep.report(
        'KM002',
        node.origin,
        `Unknown keyword '${node.keyword}' (not valid in ${this.context})`,
        {
          hint: `'${node.keyword}' is valid in: ${where}`,
        },
      );
    } else {
      const near = suggestKeyword(this.context, node.keyword);
      this.rep.report(
        'KM001',
        node.origin,
        `Unknown keyword '${node.keyword}'`,
        near ? { hint: `did you mean '${near}'?` } : {},
      );
    }
  }

  /** Validates one statement; undefined for an unknown keyword. */
  private add(node: ConfNode, index: number): Statement | undefined {
    // A plain line converted before in this context carries its spec: no name lookup.
    const plain = node instanceof PlainNode ? node : undefined;
    const known = plain?.derived;
    const c =
      known instanceof ConvertedWords && known.spec.table === this.specs
        ? known.spec
        : this.specs.get(node.keyword);
    if (c === undefined) {
      this.unknownKeyword(node);
      return undefined;
    }
    this.bits |= c.bit;
    const spec = c.spec;
    if (c.unsupported !== undefined) {
      this.rep.report('KM016', node.origin, `Unknown keyword '${node.keyword}' (${c.unsupported})`);
    }
    if (c.deprecated !== undefined) {
      this.rep.report('KM012', node.origin, `Keyword '${node.keyword}' is deprecated - ${c.deprecated}`, {
        keepalived: c.deprecationReported ? 'error' : 'none',
      });
    }
    const isBlock = c.isBlock;
    let valid = true;
    if (isBlock && node.children === undefined) {
      this.rep.report(
        'KM010',
        node.origin,
        `Missing '{' at beginning of configuration block '${node.keyword}'`,
      );
      valid = false;
    } else if (!isBlock && node.children !== undefined) {
      this.rep.report('KM010', node.origin, `Unexpected '{' after '${node.keyword}' - ignoring`);
    }
    const args = wordsOf(node);
    const n = args.length;
    if (n < c.min) valid = this.missingArgs(node, c);
    if (n > c.max && valid) valid = this.extraArgs(node, spec);
    const limit = Math.min(n, c.max);
    let values: (SettingValue | undefined)[] = NO_VALUES;
    // The converted values depend only on the words and the spec: a line repeated across the
    // configuration is converted once (only when conversion reported nothing).
    if (known instanceof ConvertedWords && known.spec === c) values = known.values;
    else if (limit === 0) {
      if (plain !== undefined) plain.derived = new ConvertedWords(c, NO_VALUES);
    } else {
      let ok = true;
      values = new Array<SettingValue | undefined>(limit);
      const modes = c.modes;
      for (let i = 0; i < limit; i++) {
        const text = args[i] as string;
        const mode = i < modes.length ? (modes[i] as number) : c.restMode;
        if (mode === 0) {
          values[i] = text;
          continue;
        }
        const type = (i < c.types.length ? c.types[i] : c.rest) as ArgType;
        if (mode === 1) {
          // Integers without allocating a conversion result when they are fine.
          const v = parseIntStrict(text);
          const t = type as IntArg;
          if (v !== undefined && (t.min === undefined || v >= t.min) && (t.max === undefined || v <= t.max)) {
            values[i] = v;
            continue;
          }
        }
        const conv = convertArg(text, type);
        if (conv.ok) values[i] = conv.value;
        else {
          values[i] = undefined;
          valid = false;
          ok = false;
          this.rep.report(conv.code, argOrigin(node, i), `${node.keyword}: ${conv.message}`);
        }
      }
      if (ok && plain !== undefined) plain.derived = new ConvertedWords(c, values);
    }
    return { node, spec, values, valid, index, name: c.name };
  }

  /** Report a missing argument as keepalived treats it; returns the statement's validity (false). */
  private missingArgs(node: ConfNode, c: CompiledSpec): boolean {
    const n = wordsOf(node).length;
    if (SKIPPED_WITHOUT_NAME.has(c.name)) {
      this.rep.report('KM019', node.origin, `${node.keyword} must have a name - skipping`);
      return false;
    }
    const code = c.isBlock ? 'KM014' : 'KM003';
    const synopsis = c.spec.args.synopsis;
    const options: ReportOptions = synopsis ? { hint: `${node.keyword} ${synopsis}` } : {};
    // Some handlers check the word count themselves and carry on (exit 5) or say nothing.
    const level = c.isBlock ? 'fatal' : missingArgLevel(this.context, node.keyword);
    if (level !== 'fatal') options.keepalived = level;
    this.rep.report(
      code,
      node.origin,
      `Configuration line starting '${node.keyword}' is missing a parameter at word position ${n + 2}`,
      options,
    );
    return false;
  }

  /** Report extra words after a keyword as keepalived treats them; false when the statement is dropped. */
  private extraArgs(node: ConfNode, spec: KeywordSpec): boolean {
    if (SKIPPED_WITHOUT_NAME.has(spec.name)) {
      // keepalived 2.2.7: `vrrp_instance V extra {` → "vrrp_instance must have a name"
      this.rep.report('KM019', node.origin, `${node.keyword} must have a name - skipping`);
      return false;
    }
    const at = argOrigin(node, spec.args.max);
    if (spec.name === 'virtual_server_group') {
      // keepalived 2.2.7 aborts (exit 2) on `virtual_server_group G extra {`
      this.rep.report('KM014', at, `Configuration line starting '${node.keyword}' has extra parameters`);
      return false;
    }
    if (spec.kind === 'value-block') {
      this.rep.report('KM020', at, `Block ${node.keyword} has extra parameters ${node.args.join(' ')} ...`);
      return true;
    }
    this.rep.report(
      'KM009',
      at,
      `'${node.keyword}' takes at most ${spec.args.max} argument(s); extra words ignored`,
    );
    return true;
  }

  /** Every statement with one of these names, in order. */
  all(...names: string[]): Statement[] {
    const byName = this.byName;
    if (byName !== undefined) {
      if (names.length === 1) return byName.get(names[0] as string) ?? NONE;
      const out = names.flatMap((n) => byName.get(n) ?? []);
      return out.sort((a, b) => a.index - b.index);
    }
    let bits = 0;
    for (const n of names) bits |= nameBit(n);
    if ((this.bits & bits) === 0) return NONE;
    const sts = this.statements;
    let count = 0;
    for (const st of sts) if (names.includes(st.name)) count++;
    if (count === 0) return NONE;
    const out = new Array<Statement>(count);
    count = 0;
    for (const st of sts) if (names.includes(st.name)) out[count++] = st;
    return out;
  }

  /** The last valid statement named `name` (or `alt`) (keepalived: last one wins). */
  last(name: string, alt?: string): Statement | undefined {
    const byName = this.byName;
    if (byName === undefined) {
      if ((this.bits & namesBits(name, alt)) === 0) return undefined;
      const sts = this.statements;
      for (let i = sts.length - 1; i >= 0; i--) {
        const st = sts[i] as Statement;
        const n = st.name;
        if ((n === name || n === alt) && st.valid) return st;
      }
      return undefined;
    }
    const a = lastValid(byName.get(name));
    if (alt === undefined) return a;
    const b = lastValid(byName.get(alt));
    if (a === undefined) return b;
    return b !== undefined && b.index > a.index ? b : a;
  }

  /** True when any statement with one of these names is present. */
  has(...names: string[]): boolean {
    const byName = this.byName;
    if (byName !== undefined) {
      for (const n of names) if (byName.has(n)) return true;
      return false;
    }
    let bits = 0;
    for (const n of names) bits |= nameBit(n);
    if ((this.bits & bits) === 0) return false;
    for (const st of this.statements) if (names.includes(st.name)) return true;
    return false;
  }

  /** First converted argument of the last valid statement, as a number. */
  num(name: string, alt?: string): number | undefined {
    const v = this.last(name, alt)?.values[0];
    return typeof v === 'number' ? v : undefined;
  }

  /** First argument of the last valid statement, as text. */
  str(name: string, alt?: string): string | undefined {
    const v = this.last(name, alt)?.values[0];
    return v === undefined ? undefined : String(v);
  }

  /**
   * A flag or `<BOOL>` keyword: `true` when bare, the boolean when given, `undefined` when
   * absent (or only invalid occurrences).
   */
  bool(name: string, alt?: string): boolean | undefined {
    const st = this.last(name, alt);
    if (!st) return undefined;
    const v = st.values[0];
    return typeof v === 'boolean' ? v : true;
  }

  /** A flag: present (validly) or not. */
  flag(name: string, alt?: string): boolean {
    return this.last(name, alt) !== undefined;
  }

  /** A script keyword: command, user, group. */
  script(name: string, alt?: string): ScriptRef | undefined {
    const st = this.last(name, alt);
    if (!st) return undefined;
    const [command, user, group] = st.node.args;
    const ref: ScriptRef = { command: command ?? '', origin: st.node.origin };
    if (user !== undefined) ref.user = user;
    if (group !== undefined) ref.group = group;
    return ref;
  }

  /** Child nodes of every (valid) block statement with this name. */
  blocks(...names: string[]): Statement[] {
    const list = names.length === 1 ? this.all(names[0] as string) : this.all(...names);
    let n = 0;
    for (const s of list) if (s.valid && s.node.children !== undefined) n++;
    const out = new Array<Statement>(n);
    n = 0;
    for (const s of list) if (s.valid && s.node.children !== undefined) out[n++] = s;
    return out;
  }

  /** Lines of the last valid value block with one of these names, merged with earlier ones. */
  lines(...names: string[]): ConfNode[] {
    const out: ConfNode[] = [];
    for (const s of this.all(...names)) {
      if (!s.valid || s.node.children === undefined) continue;
      for (const c of s.node.children) out.push(c);
    }
    return out;
  }
}
