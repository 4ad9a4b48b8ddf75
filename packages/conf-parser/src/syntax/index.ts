/**
 * The syntax layer: lossless lexer, CST with editing, printer and formatter.
 *
 * @module
 */
export { SYNTAX_CODES, type SyntaxCode, type SyntaxCodeInfo, syntaxDiagnostic } from './codes.js';
export {
  Block,
  ConfDocument,
  type CstContainer,
  type CstItem,
  hasNewline,
  printItem,
  quoteWord,
  RawLine,
  Statement,
  StrayBrace,
  tokensText,
  unquoteWord,
} from './cst.js';
export { type FormatConfigOptions, format } from './format.js';
export { type LexResult, lex, type OpenQuote, type Token, type TokenKind } from './lexer.js';
export { PARSE_MAX_BYTES, type ParseOptions, parse } from './parser.js';
export { print } from './printer.js';
