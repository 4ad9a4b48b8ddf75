/**
 * Builds {@link Diagnostic}s from the rule table.
 *
 * @module
 */
import type { Diagnostic, KeepalivedLevel, Origin } from '../types.js';
import { RULE_BY_CODE } from './rules.js';

/** Options that override a rule's defaults for one finding. */
export interface EmitOverrides {
  /** Replaces the rule's keepalived level. */
  keepalived?: KeepalivedLevel;
  /** Marks the finding as host dependent. */
  hostDependent?: boolean;
  /** Replaces the rule's hint. */
  hint?: string;
}

/** A diagnostic for `code` with `message` at `origin`. */
export function diag(code: string, message: string, origin: Origin, over: EmitOverrides = {}): Diagnostic {
  const r = RULE_BY_CODE.get(code);
  const d: Diagnostic = {
    code,
    severity: r?.severity ?? 'error',
    message,
    origin,
    keepalived: over.keepalived ?? r?.keepalived ?? 'none',
  };
  const hint = over.hint ?? r?.hint;
  if (hint !== undefined) d.hint = hint;
  const host = over.hostDependent ?? r?.hostDependent;
  if (host === true) d.hostDependent = true;
  return d;
}

/**
 * A host-dependent finding when the host is unknown: reported as info that does not change the
 * keepalived-compatible exit code.
 */
export function unknownHost(code: string, message: string, origin: Origin): Diagnostic {
  const d = diag(code, message, origin, { keepalived: 'none', hostDependent: true });
  d.severity = 'info';
  return d;
}
