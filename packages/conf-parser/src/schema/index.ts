/**
 * The keyword schema of keepalived 2.2.7: every keyword, the blocks it is valid in, its kind,
 * arguments, default, deprecation and a one-line description.
 *
 * @module
 */

export { DNS_TYPES } from './checkers.js';
export { KEYWORDS } from './keywords.js';
export {
  childContext,
  distinctKeywordNames,
  keywordContexts,
  knownContexts,
  lookupKeyword,
} from './lookup.js';
export { CHECKER_NAMES, LVS_SCHEDULERS } from './lvs.js';
export { missingArgLevel } from './missing-arg.js';
export { suggestKeyword } from './suggest.js';
export type {
  ArgsSpec,
  ArgType,
  BoolArg,
  DecimalArg,
  EnumArg,
  IntArg,
  IpArg,
  KeywordKind,
  KeywordSpec,
  PrefixArg,
  TextArg,
  TimerArg,
} from './types.js';
