/**
 * The root of the typed model: global definitions, BFD, track files and the whole configuration.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';
import type { LvsSyncDaemon } from './lvs-sync-daemon.js';
import type { IpRouteOrRule, ScriptRef, SettingValue, VirtualIpAddress } from './types-common.js';
import type { SslConfig, VirtualServer, VirtualServerGroup } from './types-lvs.js';
import type {
  GarpGroup,
  TrackGroup,
  TrackProcess,
  VrrpInstance,
  VrrpScript,
  VrrpSyncGroup,
} from './types-vrrp.js';

/** `global_defs { … }` (plus the global keywords allowed at the top level). */
export interface GlobalDefs {
  /** `router_id`. */
  routerId?: string;
  /** `notification_email` addresses. */
  notificationEmail: string[];
  /** `notification_email_from`. */
  notificationEmailFrom?: string;
  /** `smtp_server HOST [PORT]` (port default 25). */
  smtpServer?: { host: string; port: number };
  /** `smtp_helo_name`. */
  smtpHeloName?: string;
  /** `smtp_connect_timeout` in ms (default 30000). */
  smtpConnectTimeoutMs: number;
  /** `smtp_alert`. */
  smtpAlert?: boolean;
  /** `smtp_alert_vrrp`. */
  smtpAlertVrrp?: boolean;
  /** `smtp_alert_checker`. */
  smtpAlertChecker?: boolean;
  /** `vrrp_version` (default 2). */
  vrrpVersion: 2 | 3;
  /** `vrrp_strict`. */
  vrrpStrict: boolean;
  /** `vrrp_mcast_group4` (default 224.0.0.18). */
  vrrpMcastGroup4: string;
  /** `vrrp_mcast_group6` (default ff02::12). */
  vrrpMcastGroup6: string;
  /** `vrrp_garp_master_delay` in ms (default 5000). */
  vrrpGarpMasterDelayMs: number;
  /** `vrrp_garp_master_repeat` (default 5). */
  vrrpGarpMasterRepeat: number;
  /** `vrrp_garp_master_refresh` in ms (default 0). */
  vrrpGarpMasterRefreshMs: number;
  /** `vrrp_garp_master_refresh_repeat` (default 1). */
  vrrpGarpMasterRefreshRepeat: number;
  /** `vrrp_garp_lower_prio_delay` in ms. */
  vrrpGarpLowerPrioDelayMs?: number;
  /** `vrrp_garp_lower_prio_repeat`. */
  vrrpGarpLowerPrioRepeat?: number;
  /** `vrrp_garp_interval` in ms (default 0). */
  vrrpGarpIntervalMs: number;
  /** `vrrp_gna_interval` in ms (default 0). */
  vrrpGnaIntervalMs: number;
  /** `vrrp_min_garp`. */
  vrrpMinGarp: boolean;
  /** `vrrp_down_timer_adverts` (default 3). */
  vrrpDownTimerAdverts: number;
  /** `vrrp_lower_prio_no_advert`. */
  vrrpLowerPrioNoAdvert?: boolean;
  /** `vrrp_higher_prio_send_advert`. */
  vrrpHigherPrioSendAdvert?: boolean;
  /** `vrrp_check_unicast_src`. */
  vrrpCheckUnicastSrc: boolean;
  /** `vrrp_skip_check_adv_addr`. */
  vrrpSkipCheckAdvAddr: boolean;
  /** `vrrp_startup_delay` in ms. */
  vrrpStartupDelayMs?: number;
  /** `default_interface` (default eth0). */
  defaultInterface: string;
  /** `dynamic_interfaces` (`allow_if_changes` when given with it). */
  dynamicInterfaces?: true | 'allow_if_changes';
  /** `script_user USER [GROUP]`. */
  scriptUser?: { user: string; group?: string };
  /** `enable_script_security`. */
  enableScriptSecurity: boolean;
  /** `notify_fifo`, `vrrp_notify_fifo`, `lvs_notify_fifo` (path with optional user/group). */
  notifyFifos: { notify?: ScriptRef; vrrp?: ScriptRef; lvs?: ScriptRef };
  /** `lvs_flush`. */
  lvsFlush: boolean;
  /** `lvs_flush_on_stop`: true, or `VS`. */
  lvsFlushOnStop?: true | 'VS';
  /** `lvs_timeouts` in seconds. */
  lvsTimeouts?: { tcp?: number; tcpfin?: number; udp?: number };
  /** `lvs_sync_daemon`. */
  lvsSyncDaemon?: LvsSyncDaemon;
  /** `startup_script`. */
  startupScript?: ScriptRef;
  /** `shutdown_script`. */
  shutdownScript?: ScriptRef;
  /** `net_namespace` (top level). */
  netNamespace?: string;
  /** `instance` (top level). */
  instance?: string;
  /**
   * Every global keyword seen (inside global_defs or at the top level) with its converted
   * arguments, last occurrence wins; bare flags map to `[true]`.
   */
  settings: Record<string, SettingValue[]>;
  /** Unknown statements of global_defs. */
  unknown: ConfNode[];
  /** Where the (first) global_defs block was, when there is one. */
  origin?: Origin;
}

/** `bfd_instance NAME { … }`. */
export interface BfdInstance {
  /** Name. */
  name: string;
  /** `neighbor_ip` / `neighbour_ip`. */
  neighborIp?: string;
  /** `source_ip`. */
  sourceIp?: string;
  /** `min_rx` in ms (default 10). */
  minRxMs: number;
  /** `min_tx` in ms (default 10). */
  minTxMs: number;
  /** `idle_tx` in ms (default 1000). */
  idleTxMs: number;
  /** `multiplier` (default 5). */
  multiplier: number;
  /** `passive`. */
  passive: boolean;
  /** `ttl` (default 255). */
  ttl: number;
  /** `hoplimit` (default 64). */
  hoplimit: number;
  /** `max_hops` (default 0). */
  maxHops: number;
  /** `weight` (default 0). */
  weight: number;
  /** `weight … reverse`. */
  reverse: boolean;
  /** `vrrp`: events only to VRRP. */
  vrrp: boolean;
  /** `checker`: events only to the checker. */
  checker: boolean;
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `track_file NAME { … }`. */
export interface TrackFile {
  /** Name. */
  name: string;
  /** `file` path. */
  file?: string;
  /** `weight` (default 1). */
  weight: number;
  /** `weight … reverse`. */
  reverse: boolean;
  /** `init_file [VALUE] [overwrite]`. */
  initFile?: { value: number; overwrite: boolean };
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** A `linkbeat_interfaces` line. */
export interface LinkbeatInterface {
  /** Interface name. */
  name: string;
  /** Preferred polling type. */
  type?: 'MII' | 'ETHTOOL' | 'IOCTL';
  /** Where the line was. */
  origin: Origin;
}

/** An `interface_up_down_delays` line. */
export interface InterfaceDelay {
  /** Interface name. */
  name: string;
  /** Down delay in ms. */
  downDelayMs: number;
  /** Up delay in ms (default: the down delay). */
  upDelayMs: number;
  /** Where the line was. */
  origin: Origin;
}

/** The whole configuration. */
export interface KeepalivedConfig {
  /** Global definitions with defaults applied. */
  globalDefs: GlobalDefs;
  /** `vrrp_script` blocks. */
  vrrpScripts: VrrpScript[];
  /** `vrrp_sync_group` blocks. */
  vrrpSyncGroups: VrrpSyncGroup[];
  /** `vrrp_instance` blocks. */
  vrrpInstances: VrrpInstance[];
  /** `virtual_server_group` blocks. */
  virtualServerGroups: VirtualServerGroup[];
  /** `virtual_server` blocks. */
  virtualServers: VirtualServer[];
  /** `track_file` (and `vrrp_track_file`) blocks. */
  trackFiles: TrackFile[];
  /** `vrrp_track_process` blocks. */
  trackProcesses: TrackProcess[];
  /** `track_group` blocks. */
  trackGroups: TrackGroup[];
  /** `garp_group` blocks. */
  garpGroups: GarpGroup[];
  /** `static_ipaddress` lines. */
  staticIpaddress: VirtualIpAddress[];
  /** `static_routes` lines. */
  staticRoutes: IpRouteOrRule[];
  /** `static_rules` lines. */
  staticRules: IpRouteOrRule[];
  /** `bfd_instance` blocks. */
  bfdInstances: BfdInstance[];
  /** `linkbeat_interfaces` lines. */
  linkbeatInterfaces: LinkbeatInterface[];
  /** `interface_up_down_delays` lines. */
  interfaceUpDownDelays: InterfaceDelay[];
  /** `SSL` block. */
  ssl?: SslConfig;
  /** Top-level statements keepalived does not know. */
  unknown: ConfNode[];
}
