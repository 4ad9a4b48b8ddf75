/**
 * @ha/conf-parser
 *
 * @packageDocumentation
 */
export * from './types.js';
