/**
 * Tracked objects and the effective priority (keepalived semantics).
 *
 * @module
 */

import type { TrackerConfig } from './config.js';

/** Current status of one tracked object. */
export interface TrackerStatus {
  /** Configuration. */
  config: TrackerConfig;
  /** Last reported state, before `reverse`. */
  ok: boolean;
  /** Weight in force (configured, or the last dynamic weight reported). */
  weight: number;
}

/**
 * Whether a tracker counts as failing (after `reverse`).
 *
 * @param status - tracker status
 * @returns true when failing
 */
export function isFailing(status: TrackerStatus): boolean {
  return status.config.reverse === true ? status.ok : !status.ok;
}

/**
 * Effective priority: base + weights of OK trackers with positive weight + weights of failing
 * trackers with negative weight, clamped to 1..254. An address owner (255) is never moved, and
 * nothing else can reach 255.
 *
 * @param base - configured priority
 * @param trackers - tracker statuses
 * @returns the effective priority
 */
export function effectivePriority(base: number, trackers: Iterable<TrackerStatus>): number {
  if (base === 255) return 255;
  let p = base;
  for (const t of trackers) {
    const failing = isFailing(t);
    if (t.weight > 0 && !failing) p += t.weight;
    else if (t.weight < 0 && failing) p += t.weight;
  }
  return Math.min(254, Math.max(1, p));
}

/**
 * The first tracker that forces Fault (weight 0 and failing), if any.
 *
 * @param trackers - tracker statuses
 * @returns the failing weight-0 tracker, or undefined
 */
export function faultingTracker(trackers: Iterable<TrackerStatus>): TrackerStatus | undefined {
  for (const t of trackers) if (t.weight === 0 && isFailing(t)) return t;
  return undefined;
}

/**
 * Human description of a tracker's change ("tracked interface eth0 down").
 *
 * @param status - tracker status
 * @returns the description
 */
export function describeTracker(status: TrackerStatus): string {
  const kind = status.config.kind ?? 'script';
  const failing = isFailing(status);
  if (kind === 'interface') return `tracked interface ${status.config.name} ${failing ? 'down' : 'up'}`;
  return `tracked ${kind} ${status.config.name} ${failing ? 'failed' : 'ok'}`;
}
