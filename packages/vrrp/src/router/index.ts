/**
 * The real-kernel shell of `@ha/vrrp`: {@link Router} and its parts.
 *
 * @module
 */
export { Announcer, type AnnouncerOptions } from './announcer.js';
export { RouterError, type RouterErrorCode } from './errors.js';
export {
  announcementFrame,
  gratuitousArpFrame,
  icmpv6Checksum,
  parseMac,
  unsolicitedNaFrame,
} from './frames.js';
export { InterfaceTracker, type InterfaceTrackerOptions } from './interface-tracker.js';
export { Notifier, type NotifyScripts } from './notify.js';
export { Router, type RouterEvents, type RouterInstanceConfig, type RouterOptions } from './router.js';
export { ScriptTracker, type ScriptTrackerConfig } from './script-tracker.js';
export { type Closable, installSignalHandlers, type SignalHandlerOptions } from './signals.js';
export { RouterSyncGroup } from './sync-group.js';
export { type PreciseTimer, setPreciseTimer } from './timer.js';
export {
  RawVrrpTransport,
  type RawVrrpTransportOptions,
  type VrrpTransport,
  vrrpGroup,
} from './transport.js';
export {
  parseVirtualAddress,
  VipManager,
  type VipManagerOptions,
  type VirtualAddress,
} from './vip-manager.js';
