/**
 * Options and result of {@link lint}.
 *
 * @module
 */
import type { KeepalivedConfig } from '../model/index.js';
import type { ConfigHost } from '../preprocess/index.js';
import type { Diagnostic, Severity } from '../types.js';
import type { KeepalivedExitCode } from './exit-code.js';

/** Per-rule setting: turn a code off or change its severity. Does not change keepalived parity. */
export type RuleSetting = 'off' | Severity;

/** Options of {@link lint}. */
export interface LintOptions {
  /** keepalived config id (`-i`): decides `@id` conditional lines. */
  instance?: string;
  /**
   * Interfaces that exist on the target host. When absent, host-dependent checks report
   * `hostDependent: true` info and do not change the exit code.
   */
  interfaces?: readonly string[];
  /**
   * Whether a script command exists on the target host (absolute path, or name in PATH).
   * When absent, script checks are host dependent.
   */
  scriptExists?: (command: string) => boolean;
  /** File access for the preprocessor (defaults to the preprocessor's own default). */
  host?: ConfigHost;
  /** Environment for `${_ENV X}`. */
  env?: Record<string, string>;
  /** Rule settings by code (`HA109: 'off'`, `HA105: 'error'`). */
  rules?: Record<string, RuleSetting>;
}

/** Result of {@link lint}. */
export interface LintResult {
  /** Every finding, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** What `keepalived -t` would exit with: 0 ok, 4 fatal, 5 config errors, 6 script security. */
  exitCode: KeepalivedExitCode;
  /** The typed model, when the model builder produced one. */
  config?: KeepalivedConfig;
  /** Files read (the entry and every include). */
  files: string[];
}
