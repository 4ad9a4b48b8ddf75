/**
 * Collects model diagnostics with the level table of codes.ts.
 *
 * @module
 */
import type { Diagnostic, KeepalivedLevel, Origin } from '../types.js';
import { COMPLETION_CODES, MODEL_CODES, type ModelCode } from './codes.js';

/** Optional overrides for one diagnostic. */
export interface ReportOptions {
  /** Override the code's keepalived level. */
  keepalived?: KeepalivedLevel;
  /** Hint text. */
  hint?: string;
}

/** Accumulates diagnostics while the model is built. */
export class Reporter {
  /** Diagnostics in the order found. */
  readonly diagnostics: Diagnostic[] = [];

  /** @param completionChecks Also keep the config-completion codes (COMPLETION_CODES). */
  constructor(private readonly completionChecks = true) {}

  /** Record one finding. */
  report(code: ModelCode, origin: Origin, message: string, options: ReportOptions = {}): void {
    if (!this.completionChecks && COMPLETION_CODES.has(code)) return;
    const info = MODEL_CODES[code];
    const keepalived = options.keepalived ?? info.keepalived;
    const d: Diagnostic = {
      code,
      severity: keepalived === 'none' && info.severity === 'error' ? 'warning' : info.severity,
      message,
      origin,
      keepalived,
    };
    if (options.hint) d.hint = options.hint;
    this.diagnostics.push(d);
  }
}
