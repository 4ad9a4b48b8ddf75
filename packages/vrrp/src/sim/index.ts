/**
 * The deterministic VRRP simulator (`@ha/vrrp/sim`).
 *
 * @module
 */
export { type ScheduledEvent, VirtualClock } from './clock.js';
export { type LinkProps, VirtualLan } from './lan.js';
export { Prng } from './prng.js';
export {
  type RouterHost,
  type SimInstance,
  type SimInstanceConfig,
  SimRouter,
  type SimRouterConfig,
  type SimSyncGroupConfig,
} from './router.js';
export {
  type SimCounters,
  type SimRecordOptions,
  Simulation,
  type SimulationEvents,
  type SimulationOptions,
} from './simulation.js';
export {
  type AdvertTrace,
  type AnnounceTrace,
  type DropTrace,
  formatTrace,
  type InfoTrace,
  type NodeTrace,
  type StateTrace,
  type TraceEntry,
  type VipsTrace,
} from './trace.js';
