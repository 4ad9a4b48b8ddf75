/**
 * Model types of the LVS blocks: virtual_server_group, virtual_server, real_server, SSL.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';
import type { Checker } from './types-checkers.js';
import type { ScriptRef } from './types-common.js';

/** IPVS scheduler names. */
export type LbAlgo =
  | 'rr'
  | 'wrr'
  | 'lc'
  | 'wlc'
  | 'lblc'
  | 'sh'
  | 'mh'
  | 'dh'
  | 'fo'
  | 'ovf'
  | 'lblcr'
  | 'sed'
  | 'nq'
  | 'twos';

/** IPVS forwarding methods. */
export type LbKind = 'NAT' | 'DR' | 'TUN';

/** L4 protocols of a virtual service. */
export type VsProtocol = 'TCP' | 'UDP' | 'SCTP';

/** Tunnel options of `lvs_method TUN …`. */
export interface TunnelOptions {
  /** Tunnel type (default ipip). */
  type: 'ipip' | 'gue' | 'gre';
  /** GUE port. */
  port?: number;
  /** Checksum option. */
  csum?: 'nocsum' | 'csum' | 'remcsum';
}

/** A forwarding method with its tunnel options. */
export interface ForwardingMethod {
  /** Method. */
  kind: LbKind;
  /** Tunnel options when `kind` is TUN. */
  tunnel?: TunnelOptions;
}

/** What a virtual_server is declared on. */
export type VirtualServerTarget =
  | {
      /** Declared as `virtual_server IP [PORT]`. */
      kind: 'address';
      /** Canonical address. */
      address: string;
      /** Address family. */
      family: 4 | 6;
      /** Port (absent only for persistent services). */
      port?: number;
    }
  | {
      /** Declared as `virtual_server fwmark N`. */
      kind: 'fwmark';
      /** Firewall mark. */
      fwmark: number;
    }
  | {
      /** Declared as `virtual_server group NAME`. */
      kind: 'group';
      /** virtual_server_group name. */
      group: string;
    };

/** `real_server IP [PORT] { … }`. */
export interface RealServer {
  /** Canonical address. */
  address: string;
  /** Address family. */
  family: 4 | 6;
  /** Port (default: the virtual server's). */
  port?: number;
  /** IPVS weight (default 1). */
  weight: number;
  /** Forwarding method with tunnel options (default: the virtual server's). */
  method: ForwardingMethod;
  /** Forwarding method name (same as `method.kind`). */
  lbKind: LbKind;
  /** `inhibit_on_failure` (default: the virtual server's). */
  inhibitOnFailure: boolean;
  /** `uthreshold`. */
  uthreshold?: number;
  /** `lthreshold`. */
  lthreshold?: number;
  /** `notify_up`. */
  notifyUp?: ScriptRef;
  /** `notify_down`. */
  notifyDown?: ScriptRef;
  /** `alpha` (default: the virtual server's). */
  alpha: boolean;
  /** `smtp_alert`. */
  smtpAlert?: boolean;
  /** `virtualhost` (default: the virtual server's). */
  virtualhost?: string;
  /** `snmp_name`. */
  snmpName?: string;
  /** `retry` as written on the RS or VS (checkers resolve their own default). */
  retry?: number;
  /** `delay_before_retry` in ms as written on the RS or VS. */
  delayBeforeRetryMs?: number;
  /** `warmup` in ms as written on the RS or VS. */
  warmupMs?: number;
  /** `connect_timeout` in ms (default 5000, from VS). */
  connectTimeoutMs: number;
  /** `delay_loop` in ms (default 60000, from VS). */
  delayLoopMs: number;
  /** Health checkers. */
  checkers: Checker[];
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** `sorry_server IP [PORT]` with its options. */
export interface SorryServer {
  /** Canonical address. */
  address: string;
  /** Port. */
  port?: number;
  /** `sorry_server_lvs_method` (default: the virtual server's). */
  method: ForwardingMethod;
  /** `sorry_server_inhibit`. */
  inhibit: boolean;
  /** Where `sorry_server` was. */
  origin: Origin;
}

/** `virtual_server … { … }`. */
export interface VirtualServer {
  /** What the service is declared on. */
  target: VirtualServerTarget;
  /** `protocol`; keepalived sets UDP (with an error) for address services without one. */
  protocol?: VsProtocol;
  /** `lb_algo` / `lvs_sched` (default wlc). */
  lbAlgo: LbAlgo;
  /** `lb_kind` / `lvs_method` with tunnel options (default NAT). */
  method: ForwardingMethod;
  /** Forwarding method name (same as `method.kind`). */
  lbKind: LbKind;
  /** Scheduler flags set: hashed, ops, flag-1, flag-2, flag-3, sh-port, sh-fallback, mh-port, mh-fallback. */
  flags: string[];
  /** `ops`. */
  ops: boolean;
  /** `persistence_timeout` in ms (360000 when given without value); absent: not persistent. */
  persistenceTimeoutMs?: number;
  /** `persistence_granularity`. */
  persistenceGranularity?: string;
  /** `persistence_engine`. */
  persistenceEngine?: string;
  /** `ip_family`. */
  ipFamily?: 'inet' | 'inet6';
  /** `quorum` (default 1). */
  quorum: number;
  /** `hysteresis` (default 0). */
  hysteresis: number;
  /** `quorum_up`. */
  quorumUp?: ScriptRef;
  /** `quorum_down`. */
  quorumDown?: ScriptRef;
  /** `alpha`. */
  alpha: boolean;
  /** `omega`. */
  omega: boolean;
  /** `ha_suspend`. */
  haSuspend: boolean;
  /** `inhibit_on_failure`. */
  inhibitOnFailure: boolean;
  /** `smtp_alert`. */
  smtpAlert?: boolean;
  /** `virtualhost`. */
  virtualhost?: string;
  /** `snmp_name`. */
  snmpName?: string;
  /** `weight` (used with groups; default 1). */
  weight: number;
  /** `retry`. */
  retry?: number;
  /** `delay_before_retry` in ms. */
  delayBeforeRetryMs?: number;
  /** `warmup` in ms. */
  warmupMs?: number;
  /** `connect_timeout` in ms (default 5000). */
  connectTimeoutMs: number;
  /** `delay_loop` in ms (default 60000). */
  delayLoopMs: number;
  /** `sorry_server`. */
  sorryServer?: SorryServer;
  /** Real servers. */
  realServers: RealServer[];
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** One line of a virtual_server_group. */
export type VirtualServerGroupEntry =
  | {
      /** An address or address range (`a.b.c.d`, `a.b.c.d-e`, `a-b`, `a/nn`). */
      kind: 'range';
      /** First address of the range (canonical). */
      first: string;
      /** Last address of the range (canonical). */
      last: string;
      /** Address family. */
      family: 4 | 6;
      /** Port. */
      port?: number;
      /** Where the line was. */
      origin: Origin;
    }
  | {
      /** `fwmark N [inet|inet6]`. */
      kind: 'fwmark';
      /** Firewall mark. */
      fwmark: number;
      /** Family when given. */
      family?: 'inet' | 'inet6';
      /** Where the line was. */
      origin: Origin;
    };

/** `virtual_server_group NAME { … }`. */
export interface VirtualServerGroup {
  /** Name. */
  name: string;
  /** Lines. */
  entries: VirtualServerGroupEntry[];
  /** Where the block was. */
  origin: Origin;
}

/** `SSL { … }`. */
export interface SslConfig {
  /** `password`. */
  password?: string;
  /** `ca`. */
  ca?: string;
  /** `certificate`. */
  certificate?: string;
  /** `key`. */
  key?: string;
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}
