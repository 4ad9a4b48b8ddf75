/**
 * `@ha/conf-parser` — keepalived.conf parser, lossless printer, typed model and linter.
 *
 * @packageDocumentation
 */

export * from './lint/index.js';
export * from './model/index.js';
export * from './preprocess/index.js';
export * from './schema/index.js';
export * from './syntax/index.js';
export * from './types.js';
