/**
 * Human-readable rendering of a {@link Diagnostic}: `file:line:col: severity[CODE]: message`,
 * a code frame with a caret when the source text is given, and the hint.
 *
 * @module
 */
import type { Diagnostic } from '../types.js';

/** Options of {@link formatDiagnostic}. */
export interface FormatOptions {
  /** Lines of context shown before the offending line (default 0). */
  context?: number;
}

/**
 * Formats one diagnostic. `sourceText` is the text of `d.origin.file`; when given, the line is
 * shown with a caret under the column.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string, options: FormatOptions = {}): string {
  const { file, line, column } = d.origin;
  const parity = d.keepalived === 'none' ? '' : ` (keepalived: ${d.keepalived})`;
  const host = d.hostDependent === true ? ' [host-dependent]' : '';
  const out = [`${file}:${line}:${column}: ${d.severity}[${d.code}]: ${d.message}${parity}${host}`];
  if (sourceText !== undefined && line >= 1) {
    const lines = sourceText.split(/\r?\n/);
    const text = lines[line - 1];
    if (text !== undefined) {
      const ctx = Math.max(0, options.context ?? 0);
      const width = String(line).length;
      for (let n = Math.max(1, line - ctx); n < line; n++) {
        out.push(` ${String(n).padStart(width)} | ${(lines[n - 1] ?? '').replace(/\t/g, ' ')}`);
      }
      out.push(` ${String(line).padStart(width)} | ${text.replace(/\t/g, ' ')}`);
      const col = Math.min(Math.max(1, column), text.length + 1);
      out.push(` ${' '.repeat(width)} | ${' '.repeat(col - 1)}^`);
    }
  }
  if (d.hint !== undefined) out.push(`  hint: ${d.hint}`);
  return out.join('\n');
}
