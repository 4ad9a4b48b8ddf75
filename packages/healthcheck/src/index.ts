/**
 * @ha/healthcheck
 *
 * @packageDocumentation
 */
export * from './types.js';
