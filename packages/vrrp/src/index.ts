/**
 * `@ha/vrrp` — a VRRP speaker (RFC 3768 / RFC 5798): packet codec, state machine, simulator.
 *
 * @packageDocumentation
 */

export * from './codec/index.js';
export * from './fsm/index.js';
export * from './types.js';
