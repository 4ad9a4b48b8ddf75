/**
 * `@ha/healthcheck` — keepalived's health checkers and their up/down semantics.
 *
 * @packageDocumentation
 */

export * from './checkers/index.js';
export * from './conf/index.js';
export * from './core/index.js';
export * from './metrics/index.js';
export * from './monitor/index.js';
export * from './types.js';
