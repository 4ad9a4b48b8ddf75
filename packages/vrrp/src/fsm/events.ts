/**
 * Input events of the state machine. Every event carries `now`: the caller's clock in
 * milliseconds (a number; fractions allowed, e.g. `performance.now()` or a virtual clock).
 * The machine never reads a clock itself.
 *
 * @module
 */

import type { Advertisement, RxMeta } from '../types.js';

/** VRRP states: RFC 5798 Initialize / Backup / Master, plus keepalived's Fault. */
export type VrrpState = 'Initialize' | 'Backup' | 'Master' | 'Fault';

/**
 * Timers the machine asks the caller to run (one slot per name; setting a timer replaces it).
 *
 * - `masterDown`: Master_Down_Timer (Backup).
 * - `advert`: Adver_Timer (Master).
 * - `preemptDelay`: keepalived `preempt_delay` (Backup).
 * - `garpDelay`: second GARP/NA batch `garp_master_delay` after becoming Master.
 * - `garpRefresh`: periodic `garp_master_refresh` batches.
 * - `garpLowerPrio`: second batch `garp_lower_prio_delay` after a lower-priority advert.
 */
export type TimerName =
  | 'masterDown'
  | 'advert'
  | 'preemptDelay'
  | 'garpDelay'
  | 'garpRefresh'
  | 'garpLowerPrio';

/** Start the instance (Initialize → Backup, Master or Fault). */
export interface StartEvent {
  /** Discriminator. */
  type: 'start';
  /** Caller's clock, ms. */
  now: number;
}

/** A received advertisement that already passed receive validation (codec). */
export interface AdvertEvent {
  /** Discriminator. */
  type: 'advert';
  /** Caller's clock, ms. */
  now: number;
  /** The decoded advertisement. */
  advert: Advertisement;
  /** The IP packet's metadata (its `source` is the sender's primary address). */
  meta: RxMeta;
}

/** A timer set by a previous `setTimer` action fired. */
export interface TimerEvent {
  /** Discriminator. */
  type: 'timer';
  /** Caller's clock, ms. */
  now: number;
  /** Which timer. */
  timer: TimerName;
}

/** A tracked object changed (interface up/down, script result, file value, process quorum, BFD). */
export interface TrackerEvent {
  /** Discriminator. */
  type: 'tracker';
  /** Caller's clock, ms. */
  now: number;
  /** Tracker name as configured. */
  name: string;
  /** Whether the object is OK (before `reverse` is applied). */
  ok: boolean;
  /**
   * Optional dynamic weight replacing the configured one (`track_file` value × weight,
   * dynamic `vrrp_script`). Applied with the same sign rules.
   */
  weight?: number;
}

/** Graceful stop: a Master sends a priority-0 advert and releases the addresses. */
export interface ShutdownEvent {
  /** Discriminator. */
  type: 'shutdown';
  /** Caller's clock, ms. */
  now: number;
}

/** A state imposed by a sync group (see {@link SyncGroup}); not for direct use. */
export interface SyncEvent {
  /** Discriminator. */
  type: 'sync';
  /** Caller's clock, ms. */
  now: number;
  /** What the group requires: follow a member to Master/Backup, enter Fault, or leave it. */
  to: 'Master' | 'Backup' | 'Fault' | 'Unfault';
  /** Human reason ("sync group G: VI_2 entered FAULT"). */
  reason: string;
}

/** Every input of the state machine. */
export type VrrpEvent = StartEvent | AdvertEvent | TimerEvent | TrackerEvent | ShutdownEvent | SyncEvent;
