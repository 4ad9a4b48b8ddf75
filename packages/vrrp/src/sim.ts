/**
 * @ha/vrrp/sim — a deterministic VRRP simulator (virtual clock, virtual LAN).
 *
 * @packageDocumentation
 */
export type { Advertisement } from './types.js';
