/**
 * The linter: keepalived -t parity, `@ha` lints, cluster lint and diagnostic formatting.
 *
 * @module
 */
export {
  type ClusterGroup,
  type ClusterLintOptions,
  type ClusterLintResult,
  type ClusterMember,
  lintCluster,
} from './cluster.js';
export { ABORT_CODES, exitCodeOf, type KeepalivedExitCode } from './exit-code.js';
export { lintFiles } from './files.js';
export { type FormatOptions, formatDiagnostic } from './format.js';
export { hostInterfaces, hostScriptExists } from './host.js';
export { type LintEntry, type LintFileEntry, type LintTextEntry, lint, sortDiagnostics } from './lint.js';
export type { LintOptions, LintResult, RuleSetting } from './options.js';
export { type LintRule, RULE_BY_CODE, RULES, SECURITY_CODES } from './rules.js';
