/**
 * Output actions of the state machine: what the shell (real Router or simulator) must do.
 * Actions are listed in the order they must be executed.
 *
 * @module
 */

import type { TimerName, VrrpState } from './events.js';

/** Why the machine changed state (stable, machine-readable). */
export type TransitionCause =
  | 'startup'
  | 'masterDown'
  | 'preemptDelay'
  | 'higherPriority'
  | 'fault'
  | 'faultCleared'
  | 'shutdown'
  | 'syncGroup';

/** Send one advertisement now. */
export interface SendAdvertAction {
  /** Discriminator. */
  type: 'sendAdvert';
  /** Priority to put in the advert (0 when leaving). */
  priority: number;
  /** Interval to put in the advert, centiseconds. */
  intervalCs: number;
}

/** Configure the virtual addresses on the interface. */
export interface AddVipsAction {
  /** Discriminator. */
  type: 'addVips';
  /** The addresses. */
  addresses: string[];
  /** Accept_Mode: whether packets to the addresses may be accepted (false: install drop rules). */
  accept: boolean;
}

/** Remove the virtual addresses from the interface. */
export interface RemoveVipsAction {
  /** Discriminator. */
  type: 'removeVips';
  /** The addresses. */
  addresses: string[];
}

/** Why a GARP/NA batch is sent. */
export type AnnounceReason =
  | 'becomeMaster'
  | 'masterDelay'
  | 'refresh'
  | 'lowerPriority'
  | 'lowerPriorityDelay';

/** Send one batch of gratuitous ARPs (IPv4) / unsolicited NAs (IPv6) for every address. */
export interface AnnounceAction {
  /** Discriminator. */
  type: 'announce';
  /** The addresses. */
  addresses: string[];
  /** Messages per address in this batch. */
  count: number;
  /** Why. */
  reason: AnnounceReason;
}

/** Arm (or re-arm) a timer: deliver `{ type: 'timer', timer }` at `at` (ms, caller's clock). */
export interface SetTimerAction {
  /** Discriminator. */
  type: 'setTimer';
  /** Which timer. */
  timer: TimerName;
  /** Absolute expiry time, ms. */
  at: number;
}

/** Disarm a timer (no-op if not armed). */
export interface CancelTimerAction {
  /** Discriminator. */
  type: 'cancelTimer';
  /** Which timer. */
  timer: TimerName;
}

/** The state changed. */
export interface StateChangeAction {
  /** Discriminator. */
  type: 'stateChange';
  /** Previous state. */
  from: VrrpState;
  /** New state. */
  to: VrrpState;
  /** Machine-readable cause. */
  cause: TransitionCause;
  /** Human reason ("higher priority 150 from 192.0.2.11"). */
  reason: string;
}

/** The effective priority changed (tracking). */
export interface PriorityChangeAction {
  /** Discriminator. */
  type: 'priorityChange';
  /** Previous effective priority. */
  from: number;
  /** New effective priority. */
  to: number;
}

/** Kinds of informational events (the keepalived log line they correspond to is in the message). */
export type InfoKind =
  | 'lowerPriorityDiscarded'
  | 'lowerPriorityElection'
  | 'priorityZeroReceived'
  | 'intervalLearned'
  | 'intervalRestored'
  | 'intervalMismatch'
  | 'trackerChanged'
  | 'ignored';

/** Something worth logging happened (no state change). */
export interface InfoAction {
  /** Discriminator. */
  type: 'event';
  /** Machine-readable kind. */
  kind: InfoKind;
  /** Human message, close to keepalived's log line. */
  message: string;
}

/** Every output of the state machine. */
export type VrrpAction =
  | SendAdvertAction
  | AddVipsAction
  | RemoveVipsAction
  | AnnounceAction
  | SetTimerAction
  | CancelTimerAction
  | StateChangeAction
  | PriorityChangeAction
  | InfoAction;
