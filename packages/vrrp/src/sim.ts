/**
 * `@ha/vrrp/sim` — a deterministic VRRP simulator (virtual clock, virtual LAN).
 *
 * @packageDocumentation
 */
export * from './sim/index.js';
