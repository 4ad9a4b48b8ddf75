/**
 * Model types of the VRRP blocks.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';
import type { IpRouteOrRule, ScriptRef, TrackRef, VirtualIpAddress } from './types-common.js';

/** VRRP state names accepted by `state`. */
export type VrrpState = 'MASTER' | 'BACKUP';

/** Notify scripts of an instance or sync group. */
export interface NotifyScripts {
  /** `notify_master`. */
  master?: ScriptRef;
  /** `notify_backup`. */
  backup?: ScriptRef;
  /** `notify_fault`. */
  fault?: ScriptRef;
  /** `notify_stop`. */
  stop?: ScriptRef;
  /** `notify_deleted` (instances; `command` empty when given bare). */
  deleted?: ScriptRef;
  /** `notify` (any transition). */
  any?: ScriptRef;
  /** `notify_master_rx_lower_pri` (instances). */
  masterRxLowerPri?: ScriptRef;
}

/** The tracking lists an instance or a sync group can have. */
export interface Tracking {
  /** `track_interface` lines. */
  trackInterfaces: TrackRef[];
  /** `track_script` lines. */
  trackScripts: TrackRef[];
  /** `track_file` lines. */
  trackFiles: TrackRef[];
  /** `track_process` lines. */
  trackProcesses: TrackRef[];
  /** `track_bfd` lines. */
  trackBfds: TrackRef[];
}

/** A unicast peer line. */
export interface UnicastPeer {
  /** Canonical address. */
  address: string;
  /** Address family. */
  family: 4 | 6;
  /** `min_ttl`. */
  minTtl?: number;
  /** `max_ttl`. */
  maxTtl?: number;
  /** Where the line was. */
  origin: Origin;
}

/** `authentication { … }`. */
export interface VrrpAuthentication {
  /** `auth_type`. */
  type?: 'PASS' | 'AH';
  /** `auth_pass` as written (keepalived uses only the first 8 characters). */
  pass?: string;
  /** Where the block was. */
  origin: Origin;
}

/** `vrrp_instance NAME { … }`. */
export interface VrrpInstance extends Tracking {
  /** Instance name. */
  name: string;
  /** Initial state (default BACKUP). */
  state: VrrpState;
  /** `interface`. */
  interface?: string;
  /** `vrf`. */
  vrf?: string;
  /** `use_vmac [NAME] [MAC]`; `{}` when given bare. */
  useVmac?: { name?: string; mac?: string };
  /** `use_vmac_addr`. */
  useVmacAddr: boolean;
  /** `vmac_xmit_base`. */
  vmacXmitBase: boolean;
  /** `use_ipvlan [NAME] [ADDR] [mode]`; `{}` when given bare. */
  useIpvlan?: { name?: string; address?: string; mode?: string };
  /** `virtual_router_id` (required by keepalived). */
  virtualRouterId?: number;
  /** `priority` (default 100). */
  priority: number;
  /** `advert_int` in ms (default 1000). */
  advertIntMs: number;
  /** Effective VRRP version: `version`, else 3 for IPv6 VIPs, else global vrrp_version (default 2). */
  version: 2 | 3;
  /** `nopreempt` (and not cleared by a later `preempt`). */
  nopreempt: boolean;
  /** `preempt_delay` in ms (default 0). */
  preemptDelayMs: number;
  /** `accept` (true), `no_accept` (false) or neither. */
  accept?: boolean;
  /** `dont_track_primary`. */
  dontTrackPrimary: boolean;
  /** `authentication` block. */
  authentication?: VrrpAuthentication;
  /** `mcast_src_ip`. */
  mcastSrcIp?: string;
  /** `mcast_dst_ip`. */
  mcastDstIp?: string;
  /** `unicast_src_ip`. */
  unicastSrcIp?: string;
  /** `unicast_peer` lines. */
  unicastPeers: UnicastPeer[];
  /** `unicast_ttl`. */
  unicastTtl?: number;
  /** `unicast_fault_no_peer`. */
  unicastFaultNoPeer: boolean;
  /** `check_unicast_src` (or global vrrp_check_unicast_src). */
  checkUnicastSrc: boolean;
  /** `track_src_ip`. */
  trackSrcIp: boolean;
  /** `virtual_ipaddress` lines. */
  virtualIpaddresses: VirtualIpAddress[];
  /** `virtual_ipaddress_excluded` lines. */
  virtualIpaddressesExcluded: VirtualIpAddress[];
  /** `virtual_routes` lines. */
  virtualRoutes: IpRouteOrRule[];
  /** `virtual_rules` lines. */
  virtualRules: IpRouteOrRule[];
  /** `garp_master_delay` in ms (default: global vrrp_garp_master_delay, 5000). */
  garpMasterDelayMs: number;
  /** `garp_master_repeat` (default: global, 5). */
  garpMasterRepeat: number;
  /** `garp_master_refresh` in ms (default: global, 0 = off). */
  garpMasterRefreshMs: number;
  /** `garp_master_refresh_repeat` (default: global, 1). */
  garpMasterRefreshRepeat: number;
  /** `garp_lower_prio_delay` in ms (default: garpMasterDelayMs). */
  garpLowerPrioDelayMs: number;
  /** `garp_lower_prio_repeat` (default: garpMasterRepeat). */
  garpLowerPrioRepeat: number;
  /** `garp_extra_if [all] SECS`. */
  garpExtraIf?: { all: boolean; intervalS: number };
  /** `down_timer_adverts` (default: global, 3). */
  downTimerAdverts: number;
  /** `lower_prio_no_advert` (default: global, else strict mode). */
  lowerPrioNoAdvert: boolean;
  /** `higher_prio_send_advert` (default: global). */
  higherPrioSendAdvert: boolean;
  /** `skip_check_adv_addr` (default: global). */
  skipCheckAdvAddr: boolean;
  /** `strict_mode` (default: global vrrp_strict). */
  strictMode: boolean;
  /** `promote_secondaries`. */
  promoteSecondaries: boolean;
  /** Notify scripts. */
  notify: NotifyScripts;
  /** `smtp_alert`. */
  smtpAlert?: boolean;
  /** `notify_priority_changes`. */
  notifyPriorityChanges?: boolean;
  /** `kernel_rx_buf_size`. */
  kernelRxBufSize?: number;
  /** `linkbeat_use_polling` (deprecated). */
  linkbeatUsePolling: boolean;
  /** `native_ipv6` (deprecated). */
  nativeIpv6: boolean;
  /** `old_unicast_checksum`: `true`, `'never'` or absent. */
  oldUnicastChecksum?: true | 'never';
  /** `debug` level. */
  debug?: number;
  /** `lvs_sync_daemon_interface` (deprecated). */
  lvsSyncDaemonInterface?: string;
  /** Statements keepalived does not know here. */
  unknown: ConfNode[];
  /** Where `vrrp_instance` was. */
  origin: Origin;
}

/** `vrrp_script NAME { … }`. */
export interface VrrpScript {
  /** Script name. */
  name: string;
  /** `script` command. */
  script?: string;
  /** `interval` in ms (default 1000). */
  intervalMs: number;
  /** `timeout` in ms (keepalived default: the interval). */
  timeoutMs: number;
  /** `weight` (default 0). */
  weight: number;
  /** `weight … reverse`. */
  reverse: boolean;
  /** `rise` (default 1). */
  rise: number;
  /** `fall` (default 1). */
  fall: number;
  /** `user`. */
  user?: string;
  /** Group of `user`. */
  group?: string;
  /** `init_fail`. */
  initFail: boolean;
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `vrrp_sync_group NAME { … }`. */
export interface VrrpSyncGroup extends Tracking {
  /** Group name. */
  name: string;
  /** Member instance names. */
  group: string[];
  /** Notify scripts. */
  notify: NotifyScripts;
  /** `smtp_alert`. */
  smtpAlert?: boolean;
  /** `global_tracking` (deprecated). */
  globalTracking: boolean;
  /** `sync_group_tracking_weight`. */
  syncGroupTrackingWeight: boolean;
  /** `notify_priority_changes`. */
  notifyPriorityChanges?: boolean;
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `garp_group { … }`. */
export interface GarpGroup {
  /** `garp_interval` in ms. */
  garpIntervalMs?: number;
  /** `gna_interval` in ms. */
  gnaIntervalMs?: number;
  /** `interface`. */
  interface?: string;
  /** `interfaces { … }`. */
  interfaces: string[];
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `vrrp_track_process NAME { … }`. */
export interface TrackProcess {
  /** Name. */
  name: string;
  /** Process name (first word of `process`). */
  process?: string;
  /** Parameters after the process name. */
  params: string[];
  /** `param_match` (`exact` when given bare? keepalived: bare means exact parameters). */
  paramMatch?: 'initial' | 'partial' | 'exact';
  /** `weight` (default 1). */
  weight: number;
  /** `weight … reverse`. */
  reverse: boolean;
  /** `quorum` (default 1). */
  quorum: number;
  /** `quorum_max`. */
  quorumMax?: number;
  /** `fork_delay` in ms (or `delay`). */
  forkDelayMs?: number;
  /** `terminate_delay` in ms (or `delay`). */
  terminateDelayMs?: number;
  /** `full_command`. */
  fullCommand: boolean;
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `track_group NAME { group { … } }`. */
export interface TrackGroup {
  /** Name. */
  name: string;
  /** Member instance names. */
  group: string[];
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}
