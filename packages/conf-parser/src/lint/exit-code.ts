/**
 * The `keepalived -t` compatible exit code of a list of diagnostics.
 *
 * Observed with keepalived 2.2.7 (see `test/fixtures/parity.json`): every configuration
 * error keepalived reports — including the ones it words as "WARNING" — makes `-t` exit 5;
 * scripts that would run without `enable_script_security` make it exit 6 (even when there
 * are other errors); a configuration that cannot be run exits 4. A keyword that needs a
 * parameter and has none (`priority` alone, `virtual_server {`) makes keepalived stop at once
 * with status 2 — the model reports those as `fatal` with the codes in {@link ABORT_CODES}. A
 * configuration that only draws messages keepalived does not count (a missing include file)
 * exits 0.
 *
 * @module
 */
import type { Diagnostic } from '../types.js';
import { SECURITY_CODES } from './rules.js';

/** Exit code of `keepalived -t`: 0 ok, 2 parsing aborted, 4 cannot run, 5 configuration errors, 6 script security. */
export type KeepalivedExitCode = 0 | 2 | 4 | 5 | 6;

/** Codes that, at keepalived level `fatal`, mean keepalived aborts parsing with status 2 (missing parameter). */
export const ABORT_CODES: ReadonlySet<string> = new Set(['KM003', 'KM014']);

/** The exit code `keepalived -t` would return for these diagnostics. */
export function exitCodeOf(diagnostics: readonly Diagnostic[]): KeepalivedExitCode {
  let fatal = false;
  let error = false;
  let security = false;
  for (const d of diagnostics) {
    if (d.keepalived === 'fatal' && ABORT_CODES.has(d.code)) return 2;
    if (d.keepalived === 'fatal') fatal = true;
    else if (d.keepalived === 'error') {
      if (SECURITY_CODES.has(d.code)) security = true;
      else error = true;
    }
  }
  if (fatal) return 4;
  if (security) return 6;
  return error ? 5 : 0;
}
