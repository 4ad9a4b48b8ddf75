/**
 * Typed event payloads a shell (the real-kernel Router, or the simulator) emits through
 * eventemitter3 — `new EventEmitter<VrrpInstanceEvents>()`.
 *
 * @module
 */

import type { AnnounceAction, InfoAction, PriorityChangeAction, StateChangeAction } from './actions.js';

/** Event map for `EventEmitter<VrrpInstanceEvents>`: event name → listener signature. */
export interface VrrpInstanceEvents {
  /** The instance changed state (keepalived `notify_master|backup|fault|stop`). */
  stateChange: (change: Omit<StateChangeAction, 'type'> & { instance: string; at: number }) => void;
  /** The effective priority changed (keepalived `notify_priority_changes`). */
  priorityChange: (change: Omit<PriorityChangeAction, 'type'> & { instance: string; at: number }) => void;
  /** A GARP/NA batch was sent. */
  announce: (batch: Omit<AnnounceAction, 'type'> & { instance: string; at: number }) => void;
  /** An informational event (keepalived log line). */
  info: (info: Omit<InfoAction, 'type'> & { instance: string; at: number }) => void;
}
