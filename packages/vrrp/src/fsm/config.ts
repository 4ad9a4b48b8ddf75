/**
 * Configuration of one VRRP instance (keepalived's `vrrp_instance` keywords) and its
 * normalisation with keepalived's rules.
 *
 * @module
 */

import type { Family, VrrpVersion } from '../types.js';
import { VrrpFsmError } from './errors.js';

/** What kind of object a tracker watches; only used in human-readable reasons. */
export type TrackerKind = 'interface' | 'script' | 'file' | 'process' | 'bfd';

/** One tracked object (`track_interface`, `track_script`, `track_file`, `track_process`, `track_bfd`). */
export interface TrackerConfig {
  /** Name of the tracked object (interface name, script name, …); unique within the instance. */
  name: string;
  /** What is tracked; used in reasons ("tracked interface eth0 down"). Default `script`. */
  kind?: TrackerKind;
  /**
   * keepalived `weight` (-254..254). 0: the instance goes to Fault while the object fails.
   * Positive: added to the priority while the object is OK. Negative: added while it fails.
   */
  weight: number;
  /** keepalived `reverse`: the object counts as failing when it reports OK, and vice versa. */
  reverse?: boolean;
  /** keepalived `init_fail`: the object starts as failing until it first reports OK. */
  initFail?: boolean;
}

/** Gratuitous ARP / unsolicited NA schedule (keepalived `garp_*` keywords). */
export interface GarpConfig {
  /** `garp_master_delay`: delay of the second batch after becoming Master, ms (default 5000; 0 = none). */
  masterDelayMs: number;
  /** `garp_master_repeat`: messages per batch after becoming Master (default 5). */
  masterRepeat: number;
  /** `garp_master_refresh`: interval of refresh batches while Master, ms (default 0 = off). */
  masterRefreshMs: number;
  /** `garp_master_refresh_repeat`: messages per refresh batch (default 1). */
  masterRefreshRepeat: number;
  /** `garp_lower_prio_delay`: delay of the second batch after a lower-priority advert, ms (default masterDelayMs). */
  lowerPrioDelayMs: number;
  /** `garp_lower_prio_repeat`: messages per batch after a lower-priority advert (default masterRepeat). */
  lowerPrioRepeat: number;
}

/** Configuration of one VRRP instance. */
export interface InstanceConfig {
  /** Instance name (`vrrp_instance VI_1`); used in reasons and by sync groups. Default `VI_<vrid>`. */
  name?: string;
  /** VRRP version (default 2 for IPv4, 3 for IPv6). */
  version?: VrrpVersion;
  /** Address family (default inferred from the first virtual address). */
  family?: Family;
  /** `virtual_router_id`, 1..255. */
  vrid: number;
  /** `priority`, 1..255 (255 = address owner). */
  priority: number;
  /**
   * `advert_int` in centiseconds (default 100 = 1 s). v2: a whole number of seconds
   * (multiple of 100, 100..25500); v3: 1..4095.
   */
  advertIntervalCs?: number;
  /** `virtual_ipaddress`: the virtual addresses, in advert order. */
  addresses: string[];
  /** This router's primary address on the interface (the advert source; used for tie-breaks). */
  primaryAddress: string;
  /** keepalived `state MASTER|BACKUP` (default `BACKUP`). */
  initialState?: 'MASTER' | 'BACKUP';
  /** Preempt_Mode (default true). `nopreempt` = false. */
  preempt?: boolean;
  /** `preempt_delay` in ms (0..1,000,000; default 0). */
  preemptDelayMs?: number;
  /** Accept_Mode (`accept` / `no_accept`); default true (keepalived default without strict). */
  acceptMode?: boolean;
  /** `down_timer_adverts` (1..100, default 3): advert intervals in Master_Down_Interval. */
  downTimerAdverts?: number;
  /** `lower_prio_no_advert`: a Master does not answer lower-priority adverts (default false). */
  lowerPrioNoAdvert?: boolean;
  /** `higher_prio_send_advert`: a Master sends one advert before stepping down (default false). */
  higherPrioSendAdvert?: boolean;
  /** Gratuitous ARP / NA schedule; missing fields take keepalived's defaults. */
  garp?: Partial<GarpConfig>;
  /** Tracked objects. */
  trackers?: TrackerConfig[];
}

/** A configuration with every default applied and keepalived's validation rules enforced. */
export interface NormalizedConfig {
  /** Instance name. */
  name: string;
  /** VRRP version. */
  version: VrrpVersion;
  /** Address family. */
  family: Family;
  /** Virtual Router Identifier. */
  vrid: number;
  /** Configured (base) priority. */
  priority: number;
  /** Configured advertisement interval in centiseconds. */
  advertIntervalCs: number;
  /** Virtual addresses. */
  addresses: string[];
  /** Primary address. */
  primaryAddress: string;
  /** Initial state keyword. */
  initialState: 'MASTER' | 'BACKUP';
  /** Preempt_Mode. */
  preempt: boolean;
  /** preempt_delay in ms. */
  preemptDelayMs: number;
  /** Accept_Mode. */
  acceptMode: boolean;
  /** down_timer_adverts. */
  downTimerAdverts: number;
  /** lower_prio_no_advert. */
  lowerPrioNoAdvert: boolean;
  /** higher_prio_send_advert. */
  higherPrioSendAdvert: boolean;
  /** GARP schedule. */
  garp: GarpConfig;
  /** Trackers. */
  trackers: TrackerConfig[];
  /** Warnings produced while normalising (keepalived logs these and carries on). */
  warnings: string[];
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new VrrpFsmError('ERR_VRRP_CONFIG', message);
}

/**
 * Applies defaults and keepalived's rules: `nopreempt` is cleared with `state MASTER` or
 * priority 255; `preempt_delay` is cleared with `state MASTER` or `nopreempt`.
 *
 * @param config - user configuration
 * @returns the normalised configuration
 * @throws VrrpFsmError `ERR_VRRP_CONFIG` when a value is out of range
 */
export function normalizeConfig(config: InstanceConfig): NormalizedConfig {
  const warnings: string[] = [];
  const first = config.addresses[0] ?? config.primaryAddress;
  const family: Family = config.family ?? (first.includes(':') ? 'ipv6' : 'ipv4');
  const version: VrrpVersion = config.version ?? (family === 'ipv6' ? 3 : 2);
  const name = config.name ?? `VI_${config.vrid}`;
  check(
    Number.isInteger(config.vrid) && config.vrid >= 1 && config.vrid <= 255,
    `${name}: vrid must be 1..255`,
  );
  check(
    Number.isInteger(config.priority) && config.priority >= 1 && config.priority <= 255,
    `${name}: priority must be 1..255`,
  );
  check(!(version === 2 && family === 'ipv6'), `${name}: VRRPv2 is IPv4 only`);
  const advertIntervalCs = config.advertIntervalCs ?? 100;
  if (version === 2) {
    check(
      Number.isInteger(advertIntervalCs) &&
        advertIntervalCs % 100 === 0 &&
        advertIntervalCs >= 100 &&
        advertIntervalCs <= 25500,
      `${name}: v2 advert_int must be a whole number of seconds 1..255`,
    );
  } else {
    check(
      Number.isInteger(advertIntervalCs) && advertIntervalCs >= 1 && advertIntervalCs <= 4095,
      `${name}: v3 advert_int must be 1..4095 centiseconds`,
    );
  }
  const initialState = config.initialState ?? 'BACKUP';
  let preempt = config.preempt ?? true;
  if (!preempt && (initialState === 'MASTER' || config.priority === 255)) {
    warnings.push(`${name}: nopreempt is incompatible with state MASTER or priority 255 - resetting`);
    preempt = true;
  }
  let preemptDelayMs = config.preemptDelayMs ?? 0;
  check(preemptDelayMs >= 0 && preemptDelayMs <= 1_000_000, `${name}: preempt_delay must be 0..1000 s`);
  if (preemptDelayMs > 0 && (initialState === 'MASTER' || !preempt)) {
    warnings.push(`${name}: preempt_delay is incompatible with state MASTER or nopreempt - resetting`);
    preemptDelayMs = 0;
  }
  const downTimerAdverts = config.downTimerAdverts ?? 3;
  check(
    Number.isInteger(downTimerAdverts) && downTimerAdverts >= 1 && downTimerAdverts <= 100,
    `${name}: down_timer_adverts must be 1..100`,
  );
  const masterDelayMs = config.garp?.masterDelayMs ?? 5000;
  const masterRepeat = config.garp?.masterRepeat ?? 5;
  const garp: GarpConfig = {
    masterDelayMs,
    masterRepeat,
    masterRefreshMs: config.garp?.masterRefreshMs ?? 0,
    masterRefreshRepeat: config.garp?.masterRefreshRepeat ?? 1,
    lowerPrioDelayMs: config.garp?.lowerPrioDelayMs ?? masterDelayMs,
    lowerPrioRepeat: config.garp?.lowerPrioRepeat ?? masterRepeat,
  };
  const trackers = config.trackers ?? [];
  const names = new Set<string>();
  for (const t of trackers) {
    check(!names.has(t.name), `${name}: tracker ${t.name} listed twice`);
    names.add(t.name);
    check(
      Number.isInteger(t.weight) && t.weight >= -254 && t.weight <= 254,
      `${name}: weight must be -254..254`,
    );
  }
  if (config.priority === 255 && trackers.some((t) => t.weight !== 0)) {
    warnings.push(`${name}: priority 255 (address owner) ignores tracking weights`);
  }
  return {
    name,
    version,
    family,
    vrid: config.vrid,
    priority: config.priority,
    advertIntervalCs,
    addresses: [...config.addresses],
    primaryAddress: config.primaryAddress,
    initialState,
    preempt,
    preemptDelayMs,
    acceptMode: config.acceptMode ?? true,
    downTimerAdverts,
    lowerPrioNoAdvert: config.lowerPrioNoAdvert ?? false,
    higherPrioSendAdvert: config.higherPrioSendAdvert ?? false,
    garp,
    trackers: trackers.map((t) => ({ ...t })),
    warnings,
  };
}
