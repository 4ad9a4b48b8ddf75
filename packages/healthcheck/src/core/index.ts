/**
 * The pure decision core of `@ha/healthcheck`: keepalived's checker, real-server and virtual-server
 * semantics as deterministic functions of check results and time.
 *
 * @module
 */
export * from './actions.js';
export * from './checker.js';
export * from './errors.js';
export * from './health-core.js';
export * from './key.js';
export * from './quorum.js';
export * from './random.js';
export * from './spec.js';
export * from './timing.js';
export * from './weight.js';
