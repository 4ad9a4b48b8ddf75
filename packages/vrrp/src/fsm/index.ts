/**
 * The VRRP state machine: pure, event in / actions out, time injected by the caller.
 *
 * @module
 */
export type {
  AddVipsAction,
  AnnounceAction,
  AnnounceReason,
  CancelTimerAction,
  InfoAction,
  InfoKind,
  PriorityChangeAction,
  RemoveVipsAction,
  SendAdvertAction,
  SetTimerAction,
  StateChangeAction,
  TransitionCause,
  VrrpAction,
} from './actions.js';
export { addressValue, compareAddresses } from './address.js';
export type { GarpConfig, InstanceConfig, NormalizedConfig, TrackerConfig, TrackerKind } from './config.js';
export { normalizeConfig } from './config.js';
export { VrrpFsmError, type VrrpFsmErrorCode } from './errors.js';
export type {
  AdvertEvent,
  ShutdownEvent,
  StartEvent,
  SyncEvent,
  TimerEvent,
  TimerName,
  TrackerEvent,
  VrrpEvent,
  VrrpState,
} from './events.js';
export { VrrpInstance } from './instance.js';
export type { VrrpInstanceEvents } from './notifications.js';
export { SyncGroup } from './sync-group.js';
export { advertIntervalMs, masterDownIntervalMs, skewTimeMs } from './timing.js';
export {
  describeTracker,
  effectivePriority,
  faultingTracker,
  isFailing,
  type TrackerStatus,
} from './tracking.js';
