/**
 * Validates the statements of one block against the schema and gives typed access to them.
 *
 * @module
 */
import { keywordContexts, lookupKeyword } from '../schema/lookup.js';
import { suggestKeyword } from '../schema/suggest.js';
import type { KeywordSpec } from '../schema/types.js';
import type { ConfNode, Origin } from '../types.js';
import type { Reporter } from './reporter.js';
import type { ScriptRef, SettingValue } from './types-common.js';
import { convertArg } from './values.js';

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
}

const NONE: Statement[] = [];

/** Blocks keepalived skips (exit 5) rather than aborting on when their name is missing. */
const SKIPPED_WITHOUT_NAME = new Set(['vrrp_instance', 'vrrp_sync_group', 'track_group']);

/** Where an argument came from (falls back to the keyword's origin). */
export function argOrigin(node: ConfNode, i: number): Origin {
  return node.argOrigins[i] ?? node.origin;
}

/** Reads one block's statements. */
export class BlockReader {
  /** Statements keepalived does not know in this block. */
  readonly unknown: ConfNode[] = [];
  /** Every valid-keyword statement in order. */
  readonly statements: Statement[] = [];
  private readonly byName = new Map<string, Statement[]>();

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
    nodes.forEach((node, index) => {
      this.add(node, index);
    });
  }

  private add(node: ConfNode, index: number): void {
    const spec = lookupKeyword(this.context, node.keyword);
    if (!spec) {
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
      return;
    }
    if (spec.unsupported) {
      this.rep.report('KM016', node.origin, `Unknown keyword '${node.keyword}' (${spec.unsupported})`);
    }
    if (spec.deprecated) {
      this.rep.report('KM012', node.origin, `Keyword '${node.keyword}' is deprecated - ${spec.deprecated}`, {
        keepalived: spec.deprecationReported ? 'error' : 'none',
      });
    }
    const isBlock = spec.kind === 'keyword-block' || spec.kind === 'value-block';
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
    const { args } = node;
    if (args.length < spec.args.min && SKIPPED_WITHOUT_NAME.has(spec.name)) {
      this.rep.report('KM019', node.origin, `${node.keyword} must have a name - skipping`);
      valid = false;
    } else if (args.length < spec.args.min) {
      const code = isBlock ? 'KM014' : 'KM003';
      this.rep.report(
        code,
        node.origin,
        `Configuration line starting '${node.keyword}' is missing a parameter at word position ${args.length + 2}`,
        spec.args.synopsis ? { hint: `${node.keyword} ${spec.args.synopsis}` } : {},
      );
      valid = false;
    }
    if (args.length > spec.args.max && valid) valid = this.extraArgs(node, spec);
    const values: (SettingValue | undefined)[] = [];
    const limit = Math.min(args.length, spec.args.max);
    for (let i = 0; i < limit; i++) {
      const type = spec.args.types[i] ?? spec.args.rest;
      const text = args[i] as string;
      if (!type) {
        values.push(text);
        continue;
      }
      const c = convertArg(text, type);
      if (c.ok) values.push(c.value);
      else {
        values.push(undefined);
        valid = false;
        this.rep.report(c.code, argOrigin(node, i), `${node.keyword}: ${c.message}`);
      }
    }
    const st: Statement = { node, spec, values, valid, index };
    this.statements.push(st);
    const list = this.byName.get(spec.name);
    if (list) list.push(st);
    else this.byName.set(spec.name, [st]);
  }

  /** Report extra words after a keyword as keepalived treats them; false when the statement is dropped. */
  private extraArgs(node: ConfNode, spec: KeywordSpec): boolean {
    const at = argOrigin(node, spec.args.max);
    if (SKIPPED_WITHOUT_NAME.has(spec.name)) {
      // keepalived 2.2.7: `vrrp_instance V extra {` → "vrrp_instance must have a name"
      this.rep.report('KM019', node.origin, `${node.keyword} must have a name - skipping`);
      return false;
    }
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
    if (names.length === 1) return this.byName.get(names[0] as string) ?? NONE;
    const out = names.flatMap((n) => this.byName.get(n) ?? []);
    return out.sort((a, b) => a.index - b.index);
  }

  /** The last valid statement with one of these names (keepalived: last one wins). */
  last(...names: string[]): Statement | undefined {
    let best: Statement | undefined;
    for (const n of names) {
      const list = this.byName.get(n);
      if (!list) continue;
      for (let i = list.length - 1; i >= 0; i--) {
        const st = list[i] as Statement;
        if (!st.valid) continue;
        if (!best || st.index > best.index) best = st;
        break;
      }
    }
    return best;
  }

  /** True when any statement with one of these names is present. */
  has(...names: string[]): boolean {
    return names.some((n) => this.byName.has(n));
  }

  /** First converted argument of the last valid statement, as a number. */
  num(...names: string[]): number | undefined {
    const v = this.last(...names)?.values[0];
    return typeof v === 'number' ? v : undefined;
  }

  /** First argument of the last valid statement, as text. */
  str(...names: string[]): string | undefined {
    const v = this.last(...names)?.values[0];
    return v === undefined ? undefined : String(v);
  }

  /**
   * A flag or `<BOOL>` keyword: `true` when bare, the boolean when given, `undefined` when
   * absent (or only invalid occurrences).
   */
  bool(...names: string[]): boolean | undefined {
    const st = this.last(...names);
    if (!st) return undefined;
    const v = st.values[0];
    return typeof v === 'boolean' ? v : true;
  }

  /** A flag: present (validly) or not. */
  flag(...names: string[]): boolean {
    return this.last(...names) !== undefined;
  }

  /** A script keyword: command, user, group. */
  script(...names: string[]): ScriptRef | undefined {
    const st = this.last(...names);
    if (!st) return undefined;
    const [command, user, group] = st.node.args;
    const ref: ScriptRef = { command: command ?? '', origin: st.node.origin };
    if (user !== undefined) ref.user = user;
    if (group !== undefined) ref.group = group;
    return ref;
  }

  /** Child nodes of every (valid) block statement with this name. */
  blocks(...names: string[]): Statement[] {
    return this.all(...names).filter((s) => s.valid && s.node.children !== undefined);
  }

  /** Lines of the last valid value block with one of these names, merged with earlier ones. */
  lines(...names: string[]): ConfNode[] {
    return this.blocks(...names).flatMap((s) => s.node.children ?? []);
  }
}
