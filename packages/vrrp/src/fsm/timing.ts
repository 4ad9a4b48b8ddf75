/**
 * VRRP timer arithmetic (RFC 3768 §6.1, RFC 5798 §6.1), in exact milliseconds.
 *
 * All durations are milliseconds as JavaScript numbers. Every value computed here is a
 * multiple of 10/256 ms = 5/128 ms, a dyadic fraction, so it is represented exactly in binary
 * floating point (for instance v2, priority 100, 1 s: 3609.375 ms, not 3609.3750000001).
 *
 * @module
 */

import type { VrrpVersion } from '../types.js';

/** Milliseconds in one centisecond. */
const MS_PER_CS = 10;

/**
 * Converts an advertisement interval in centiseconds to milliseconds.
 *
 * @param intervalCs - interval in centiseconds
 * @returns the interval in milliseconds
 */
export function advertIntervalMs(intervalCs: number): number {
  return intervalCs * MS_PER_CS;
}

/**
 * Skew_Time in milliseconds.
 *
 * - v2 (RFC 3768): `(256 − Priority) / 256` seconds, independent of the interval.
 * - v3 (RFC 5798): `((256 − Priority) × Master_Adver_Interval) / 256` centiseconds.
 *
 * @param version - VRRP version
 * @param priority - local priority (1..255; 0 is treated as 0)
 * @param masterAdverIntervalCs - Master_Adver_Interval in centiseconds (v3 only)
 * @returns Skew_Time in milliseconds (exact)
 */
export function skewTimeMs(version: VrrpVersion, priority: number, masterAdverIntervalCs: number): number {
  if (version === 2) return ((256 - priority) * 1000) / 256;
  return ((256 - priority) * masterAdverIntervalCs * MS_PER_CS) / 256;
}

/**
 * Master_Down_Interval in milliseconds: `adverts × interval + Skew_Time`. The RFCs use 3
 * adverts; keepalived's `down_timer_adverts` changes that count (non-RFC).
 *
 * @param version - VRRP version
 * @param priority - local priority
 * @param masterAdverIntervalCs - Master_Adver_Interval (v3) or Advertisement_Interval (v2) in centiseconds
 * @param adverts - number of advert intervals (default 3)
 * @returns Master_Down_Interval in milliseconds (exact)
 */
export function masterDownIntervalMs(
  version: VrrpVersion,
  priority: number,
  masterAdverIntervalCs: number,
  adverts = 3,
): number {
  return (
    adverts * advertIntervalMs(masterAdverIntervalCs) + skewTimeMs(version, priority, masterAdverIntervalCs)
  );
}
