/**
 * @ha/vrrp
 *
 * @packageDocumentation
 */
export * from './types.js';
