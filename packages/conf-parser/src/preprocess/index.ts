/**
 * The preprocessor: includes, conditionals, definitions, sequences, quoting → ConfNode tree.
 *
 * @module
 */
export { type Decommented, decomment } from './decomment.js';
export { type BraceExpansion, expandBraces, type GlobResult, globFiles, hasWildcard } from './glob.js';
export {
  type ConfigHost,
  type HostDirEntry,
  type HostErrorKind,
  type HostReadResult,
  memoryHost,
} from './host.js';
export { DEFAULT_LIMITS, type PreprocessLimits, resolveLimits } from './limits.js';
export { nodeHost } from './node-host.js';
export {
  type PreprocessEntry,
  type PreprocessOptions,
  type PreprocessResult,
  preprocess,
  type ResolvedNode,
} from './preprocess.js';
export { parseSeq, type SeqParse, type SeqSpec } from './seq.js';
export { type SrcSpan, SrcText } from './src-text.js';
export { isWhite, type SplitResult, splitQuotedEscaped, splitWords, type Word } from './words.js';
