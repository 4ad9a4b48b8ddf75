/**
 * What the simulator records: a timeline of everything that happened, in order.
 *
 * @module
 */

import type { AnnounceReason, InfoKind, TransitionCause } from '../fsm/actions.js';
import type { VrrpState } from '../fsm/events.js';
import type { DropReason } from '../types.js';

/** A state change of one instance. */
export interface StateTrace {
  /** Discriminator. */
  type: 'state';
  /** Virtual time, ms. */
  at: number;
  /** Router name. */
  router: string;
  /** Instance name. */
  instance: string;
  /** VRID. */
  vrid: number;
  /** Previous state. */
  from: VrrpState;
  /** New state. */
  to: VrrpState;
  /** Machine-readable cause. */
  cause: TransitionCause;
  /** Human reason. */
  reason: string;
}

/** An advertisement put on the wire. */
export interface AdvertTrace {
  /** Discriminator. */
  type: 'advert';
  /** Virtual time, ms. */
  at: number;
  /** Sending router. */
  router: string;
  /** VRID. */
  vrid: number;
  /** Priority in the advert. */
  priority: number;
}

/** A received packet dropped by receive validation. */
export interface DropTrace {
  /** Discriminator. */
  type: 'drop';
  /** Virtual time, ms. */
  at: number;
  /** Receiving router. */
  router: string;
  /** VRID of the receiving instance. */
  vrid: number;
  /** Why. */
  reason: DropReason;
  /** Details from the codec. */
  detail: string;
}

/** Virtual addresses added or removed on a router. */
export interface VipsTrace {
  /** Discriminator. */
  type: 'vips';
  /** Virtual time, ms. */
  at: number;
  /** Router. */
  router: string;
  /** VRID. */
  vrid: number;
  /** Added or removed. */
  op: 'add' | 'remove';
  /** The addresses. */
  addresses: string[];
}

/** A GARP/NA batch. */
export interface AnnounceTrace {
  /** Discriminator. */
  type: 'announce';
  /** Virtual time, ms. */
  at: number;
  /** Router. */
  router: string;
  /** VRID. */
  vrid: number;
  /** Messages per address. */
  count: number;
  /** Why. */
  reason: AnnounceReason;
}

/** A router-level operation of the scenario (crash, stop, start, tracker change, partition…). */
export interface NodeTrace {
  /** Discriminator. */
  type: 'node';
  /** Virtual time, ms. */
  at: number;
  /** Router (or `*` for the LAN). */
  router: string;
  /** Operation. */
  op: 'start' | 'crash' | 'stop' | 'tracker' | 'carrier' | 'partition' | 'cut' | 'heal';
  /** Details. */
  detail: string;
}

/** An informational event of an instance (priority change, log-worthy message). */
export interface InfoTrace {
  /** Discriminator. */
  type: 'info';
  /** Virtual time, ms. */
  at: number;
  /** Router. */
  router: string;
  /** VRID. */
  vrid: number;
  /** Kind (`priorityChange` for tracking). */
  kind: InfoKind | 'priorityChange';
  /** Message. */
  message: string;
}

/** One entry of the simulator's timeline. */
export type TraceEntry =
  | StateTrace
  | AdvertTrace
  | DropTrace
  | VipsTrace
  | AnnounceTrace
  | NodeTrace
  | InfoTrace;

/**
 * Formats a trace entry as one line ("  3609.375 ms  h2/VI_1  Backup -> Master  master down interval expired").
 *
 * @param e - the entry
 * @returns one line of text
 */
export function formatTrace(e: TraceEntry): string {
  const t = `${e.at.toFixed(3).padStart(12)} ms  `;
  switch (e.type) {
    case 'state':
      return `${t}${e.router}/${e.instance}  ${e.from} -> ${e.to}  (${e.reason})`;
    case 'advert':
      return `${t}${e.router}  advert vrid ${e.vrid} prio ${e.priority}`;
    case 'drop':
      return `${t}${e.router}  drop vrid ${e.vrid} ${e.reason}: ${e.detail}`;
    case 'vips':
      return `${t}${e.router}  ${e.op === 'add' ? 'setting' : 'removing'} VIPs ${e.addresses.join(' ')}`;
    case 'announce':
      return `${t}${e.router}  announce vrid ${e.vrid} x${e.count} (${e.reason})`;
    case 'node':
      return `${t}${e.router}  ${e.op} ${e.detail}`;
    case 'info':
      return `${t}${e.router}  vrid ${e.vrid} ${e.message}`;
  }
}
