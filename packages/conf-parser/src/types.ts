/**
 * Shared types of `@ha/conf-parser`: where a piece of text came from, the diagnostics every
 * stage reports, and the resolved statement tree that the preprocessor hands to the typed
 * model and the linter.
 *
 * @module
 */

/** A position in a configuration file. `line` and `column` are 1-based; columns count UTF-16 code units. */
export interface Origin {
  /** Path of the file as it was given or included (relative include paths are resolved). */
  file: string;
  /** 1-based line number. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** How serious a diagnostic is for `@ha`. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * How `keepalived -t` treats the same problem: `fatal` stops it (exit 2 when parsing aborts on
 * a missing parameter, 4 when the configuration cannot run), `error` makes it exit 5 (6 for
 * script-security problems), `warning` is printed but does not change the exit code, `none`
 * means keepalived says nothing (an `@ha`-only lint). `exitCodeOf()` turns a list of
 * diagnostics into keepalived's exit code.
 */
export type KeepalivedLevel = 'fatal' | 'error' | 'warning' | 'none';

/** One finding of the preprocessor, the model builder or the linter. */
export interface Diagnostic {
  /** Stable code, e.g. `KA001` (keepalived parity) or `HA101` (`@ha` lint). Never reused for another meaning. */
  code: string;
  /** Severity for `@ha` users. */
  severity: Severity;
  /** One-line message. */
  message: string;
  /** What to do about it, when there is something useful to say. */
  hint?: string;
  /** Where it was found. */
  origin: Origin;
  /** How keepalived -t classifies it; decides the keepalived-compatible exit code. */
  keepalived: KeepalivedLevel;
  /** True when the verdict depends on the host (e.g. an interface that may not exist here). */
  hostDependent?: boolean;
}

/**
 * A statement after preprocessing (includes expanded, `$VAR` substituted, `@id` conditionals
 * applied, `~SEQ` expanded, quotes and escapes resolved). A block statement has `children`.
 * Lines inside value blocks (virtual_ipaddress, track_script, …) are statements too: their
 * first word is `keyword`.
 */
export interface ConfNode {
  /** First word of the statement. */
  keyword: string;
  /** The remaining words, unquoted and unescaped. */
  args: string[];
  /** Where the keyword came from (through includes and expansions). */
  origin: Origin;
  /** Where each argument came from; same length as `args`. */
  argOrigins: Origin[];
  /** Statements inside `{ … }` when this statement opens a block. */
  children?: ConfNode[];
  /** Where the closing `}` was, for blocks. */
  closeOrigin?: Origin;
}
