/**
 * Node convenience: lint configuration files from disk.
 *
 * @module
 */
import { lint } from './lint.js';
import type { LintOptions, LintResult } from './options.js';

/** Lints each file (read from disk through the preprocessor's default host); one result per path. */
export function lintFiles(paths: readonly string[], options: LintOptions = {}): LintResult[] {
  return paths.map((file) => lint({ file }, options));
}
