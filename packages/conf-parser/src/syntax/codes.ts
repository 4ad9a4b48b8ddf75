/**
 * Diagnostic codes of the syntax layer and the preprocessor.
 *
 * `KA0xx` codes are keepalived-parity problems of the configuration *language* (lexing,
 * quoting, braces, includes, definitions, sequences). `HA0xx` codes are `@ha`-only findings
 * (resource limits, binary data) that keepalived does not report in the same way.
 *
 * | code  | keepalived | meaning                                                                   |
 * |-------|------------|---------------------------------------------------------------------------|
 * | KA001 | error      | unterminated `"` quote on a line (keepalived "Unterminated quote")        |
 * | KA002 | error      | unmatched `"` while splitting words (keepalived "Unmatched quote")        |
 * | KA003 | error      | extra `}` (keepalived "Extra '}' found", CONFIG_UNEXPECTED_EOB)           |
 * | KA004 | error      | missing `}` at end of input (keepalived "There are N missing '}'s")       |
 * | KA005 | error      | `{` that does not follow a keyword line (keepalived "Unexpected '{'")     |
 * | KA010 | none       | `include` pattern matched no file (keepalived only logs it)               |
 * | KA011 | error      | `includem`/`includew`/`includeb`/`includea` check failed (exit 6 in 2.2.7)|
 * | KA012 | none       | included file could not be read (keepalived logs and skips it)            |
 * | KA013 | error      | include cycle (keepalived recurses until "Too many open files")           |
 * | KA014 | fatal      | the entry configuration file cannot be read (keepalived exit 4)           |
 * | KA020 | error      | invalid `~SEQ` / `~LST` specification (CONFIG_GENERAL_ERROR)              |
 * | KA021 | none       | `${_ENV X}` used: keepalived 2.2.7 does not know `_ENV` (left verbatim)   |
 * | KA022 | none       | multiline definition never terminated before end of file                  |
 * | HA001 | error      | binary data (NUL byte) in a configuration file                            |
 * | HA002 | error      | file larger than `limits.maxFileBytes`                                    |
 * | HA003 | error      | include depth larger than `limits.maxIncludeDepth`                        |
 * | HA004 | error      | more files than `limits.maxIncludedFiles`, or a glob over the limit        |
 * | HA005 | error      | runaway `$` substitution (`limits.maxExpansionDepth` / `maxLineLength`)   |
 * | HA006 | error      | `~SEQ`/`~LST` would produce more than `limits.maxSeqLines` lines          |
 * | HA007 | error      | more statements than `limits.maxNodes`; the rest is dropped               |
 * | HA008 | error      | brace expansion of an include pattern over `limits.maxIncludedFiles`       |
 *
 * Codes are stable: a code is never reused for another meaning.
 *
 * @module
 */
import type { Diagnostic, KeepalivedLevel, Origin, Severity } from '../types.js';

/** Every diagnostic code emitted by the syntax layer and the preprocessor. */
export type SyntaxCode =
  | 'KA001'
  | 'KA002'
  | 'KA003'
  | 'KA004'
  | 'KA005'
  | 'KA010'
  | 'KA011'
  | 'KA012'
  | 'KA013'
  | 'KA014'
  | 'KA020'
  | 'KA021'
  | 'KA022'
  | 'HA001'
  | 'HA002'
  | 'HA003'
  | 'HA004'
  | 'HA005'
  | 'HA006'
  | 'HA007'
  | 'HA008'
  | 'HA009';

/** Static facts about one code: severity for `@ha` users and the keepalived level. */
export interface SyntaxCodeInfo {
  /** Severity reported to `@ha` users. */
  severity: Severity;
  /** How `keepalived -t` treats the same problem. */
  keepalived: KeepalivedLevel;
  /** Short title, used in documentation. */
  title: string;
}

/** The table above, as data. */
export const SYNTAX_CODES: Readonly<Record<SyntaxCode, SyntaxCodeInfo>> = {
  KA001: { severity: 'error', keepalived: 'error', title: 'unterminated quote' },
  KA002: { severity: 'error', keepalived: 'error', title: 'unmatched quote' },
  KA003: { severity: 'error', keepalived: 'error', title: "extra '}'" },
  KA004: { severity: 'error', keepalived: 'error', title: "missing '}'" },
  KA005: { severity: 'error', keepalived: 'error', title: "unexpected '{'" },
  KA010: { severity: 'warning', keepalived: 'none', title: 'include matched no file' },
  KA011: { severity: 'error', keepalived: 'error', title: 'include check failed' },
  KA012: { severity: 'warning', keepalived: 'none', title: 'included file unreadable' },
  KA013: { severity: 'error', keepalived: 'error', title: 'include cycle' },
  KA014: { severity: 'error', keepalived: 'fatal', title: 'configuration file unreadable' },
  KA020: { severity: 'error', keepalived: 'error', title: 'invalid ~SEQ/~LST' },
  KA021: { severity: 'info', keepalived: 'none', title: '_ENV unknown to keepalived 2.2.7' },
  KA022: { severity: 'warning', keepalived: 'none', title: 'unterminated multiline definition' },
  HA001: { severity: 'error', keepalived: 'error', title: 'binary data' },
  HA002: { severity: 'error', keepalived: 'none', title: 'file too large' },
  HA003: { severity: 'error', keepalived: 'none', title: 'include too deep' },
  HA004: { severity: 'error', keepalived: 'none', title: 'too many included files' },
  HA005: { severity: 'error', keepalived: 'error', title: 'runaway substitution' },
  HA006: { severity: 'error', keepalived: 'none', title: 'sequence too long' },
  HA007: { severity: 'error', keepalived: 'none', title: 'too many statements' },
  HA008: { severity: 'error', keepalived: 'none', title: 'brace expansion too large' },
  HA009: { severity: 'error', keepalived: 'none', title: 'blocks nested too deeply' },
};

/** Build a diagnostic for `code` at `origin`. */
export function syntaxDiagnostic(
  code: SyntaxCode,
  message: string,
  origin: Origin,
  hint?: string,
): Diagnostic {
  const info = SYNTAX_CODES[code];
  const d: Diagnostic = {
    code,
    severity: info.severity,
    message,
    origin: { ...origin },
    keepalived: info.keepalived,
  };
  if (hint !== undefined) d.hint = hint;
  return d;
}
