/**
 * The linter: preprocess → typed model → keepalived's config-completion checks → `@ha` lints,
 * with a `keepalived -t` compatible exit code.
 *
 * @module
 */
import { buildModel } from '../model/index.js';
import { preprocess } from '../preprocess/index.js';
import type { Diagnostic } from '../types.js';
import { exitCodeOf } from './exit-code.js';
import { type ConfigFacts, collectFacts } from './facts.js';
import type { HostContext } from './host-context.js';
import { checkLvs } from './lvs-checks.js';
import type { LintOptions, LintResult } from './options.js';
import { checkScriptSecurity, checkVrrp } from './vrrp-checks.js';

/** A file to lint, read through the preprocessor's host. */
export interface LintFileEntry {
  /** Path of the configuration file. */
  file: string;
}

/** Configuration text to lint. */
export interface LintTextEntry {
  /** The configuration text. */
  text: string;
  /** Name used in diagnostics and to resolve relative includes. */
  file?: string;
}

/** What to lint: a file or text. */
export type LintEntry = LintFileEntry | LintTextEntry;

/** Codes that only fill gaps: dropped when an earlier stage already reported that line. */
const GAP_CODES = new Set(['KA510', 'KA521', 'KA522', 'KA523', 'KA524']);

function lineKey(d: Diagnostic): string {
  return `${d.origin.file}\u0000${d.origin.line}`;
}

function posKey(d: Diagnostic): string {
  return `${d.origin.file}\u0000${d.origin.line}\u0000${d.origin.column}`;
}

/** Orders diagnostics by file, line, column (stable). */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        (a.d.origin.file < b.d.origin.file ? -1 : a.d.origin.file > b.d.origin.file ? 1 : 0) ||
        a.d.origin.line - b.d.origin.line ||
        a.d.origin.column - b.d.origin.column ||
        a.i - b.i,
    )
    .map((x) => x.d);
}

function applyRules(list: Diagnostic[], options: LintOptions): Diagnostic[] {
  const rules = options.rules;
  if (rules === undefined) return list;
  const out: Diagnostic[] = [];
  for (const d of list) {
    const s = rules[d.code];
    if (s === undefined) out.push(d);
    else if (s !== 'off') out.push({ ...d, severity: s });
    else if (d.keepalived === 'error' || d.keepalived === 'fatal') {
      // Turning a rule off hides it from @ha users but must not change keepalived parity.
      out.push({ ...d, severity: 'info' });
    }
  }
  return out;
}

function internalError(err: unknown, file: string): Diagnostic {
  return {
    code: 'HA199',
    severity: 'error',
    message: `internal error while linting: ${err instanceof Error ? err.message : String(err)}`,
    origin: { file, line: 1, column: 1 },
    keepalived: 'none',
  };
}

/**
 * Lints one keepalived configuration. Never throws: problems, including internal ones, come
 * back as diagnostics.
 */
export function lint(entry: LintEntry, options: LintOptions = {}): LintResult {
  return lintWithFacts(entry, options).result;
}

/** {@link lint}, also returning the cross-keyword facts it extracted (for the cluster lint). */
export function lintWithFacts(
  entry: LintEntry,
  options: LintOptions = {},
): { result: LintResult; facts?: ConfigFacts } {
  const file = entry.file ?? '<input>';
  try {
    const ppOptions: Parameters<typeof preprocess>[1] = {};
    if (options.instance !== undefined) ppOptions.instance = options.instance;
    if (options.host !== undefined) ppOptions.host = options.host;
    if (options.env !== undefined) ppOptions.env = options.env;
    const pp = preprocess(entry, ppOptions);
    const model = buildModel(pp.nodes);
    const upstream = [...pp.diagnostics, ...model.diagnostics];
    const host: HostContext = {};
    if (options.interfaces !== undefined) host.interfaces = new Set(options.interfaces);
    if (options.scriptExists !== undefined) host.scriptExists = options.scriptExists;
    const facts = collectFacts(pp.nodes);
    const checkScripts: Array<{ command: string; origin: Diagnostic['origin'] }> = [];
    const own = [...checkVrrp(facts, host), ...checkLvs(facts, checkScripts)];
    own.push(...checkScriptSecurity(facts, host, checkScripts));
    // keepalived stops validating before its script checks once an interface is missing.
    if (own.some((d) => (d.code === 'KA502' || d.code === 'KA515') && d.keepalived === 'error')) {
      for (const d of own) if (d.code === 'HA117' || d.code === 'KA519') d.keepalived = 'none';
    }
    const taken = new Set(
      upstream.filter((d) => d.keepalived === 'error' || d.keepalived === 'fatal').map(lineKey),
    );
    const takenAt = new Set(
      upstream.filter((d) => d.keepalived === 'error' || d.keepalived === 'fatal').map(posKey),
    );
    // Gap codes yield to any upstream error on their line; other KA5xx codes to one at the same
    // position (the model may report the same completion problem); HA codes are always kept.
    const mine = own.filter(
      (d) =>
        !(GAP_CODES.has(d.code) && taken.has(lineKey(d))) &&
        !(d.code.startsWith('KA5') && takenAt.has(posKey(d))),
    );
    const diagnostics = sortDiagnostics(applyRules([...upstream, ...mine], options));
    const result: LintResult = { diagnostics, exitCode: exitCodeOf(diagnostics), files: pp.files };
    if (model.config !== undefined) result.config = model.config;
    return { result, facts };
  } catch (err) {
    const diagnostics = [internalError(err, file)];
    return { result: { diagnostics, exitCode: 0, files: [] } };
  }
}
