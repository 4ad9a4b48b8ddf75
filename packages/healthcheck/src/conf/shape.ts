/**
 * The parts of `@ha/conf-parser`'s typed model (`KeepalivedConfig`) this package reads, declared
 * structurally so `@ha/healthcheck` needs no dependency on the parser: a `VirtualServer` /
 * `RealServer` / `Checker` from `buildModel()` is assignable to these.
 *
 * @module
 */

/** Timing options as the model resolves them (checker ← real server ← virtual server). */
export interface ConfCheckerTiming {
  /** `retry`. */
  readonly retry: number;
  /** `delay_before_retry`, ms. */
  readonly delayBeforeRetryMs: number;
  /** `warmup`, ms. */
  readonly warmupMs: number;
  /** `delay_loop`, ms. */
  readonly delayLoopMs: number;
  /** `alpha`. */
  readonly alpha: boolean;
  /** `log_all_failures`. */
  readonly logAllFailures?: boolean;
}

/** Generic connection options of network checkers. */
export interface ConfCheckerConnection {
  /** `connect_ip` (default: the real server's address). */
  readonly connectIp: string;
  /** `connect_port` (default: the real server's port). */
  readonly connectPort?: number;
  /** `bindto`. */
  readonly bindto?: string;
  /** `bind_port`. */
  readonly bindPort?: number;
  /** `bind_if`. */
  readonly bindIf?: string;
  /** `connect_timeout`, ms. */
  readonly connectTimeoutMs: number;
  /** `fwmark`. */
  readonly fwmark?: number;
}

/** An inclusive status-code range of `status_code`. */
export interface ConfStatusRange {
  /** First code. */
  readonly min: number;
  /** Last code. */
  readonly max: number;
}

/** `regex_stack START MAX`. */
export interface ConfRegexStack {
  /** Start size, bytes. */
  readonly start: number;
  /** Maximum size, bytes. */
  readonly max: number;
}

/** `sorry_server IP [PORT]` with `sorry_server_inhibit`. */
export interface ConfSorryServer {
  /** Address. */
  readonly address: string;
  /** Port (default: the virtual server's). */
  readonly port?: number;
  /** `sorry_server_inhibit`. */
  readonly inhibit: boolean;
}

/** `url { … }`. */
export interface ConfHttpUrl {
  /** `path`. */
  readonly path?: string;
  /** `digest`. */
  readonly digest?: string;
  /** `status_code` ranges (empty: default 200-299). */
  readonly statusCodes: readonly ConfStatusRange[];
  /** `virtualhost`. */
  readonly virtualhost?: string;
  /** `regex`. */
  readonly regex?: string;
  /** `regex_no_match`. */
  readonly regexNoMatch: boolean;
  /** `regex_options` words. */
  readonly regexOptions: readonly string[];
  /** `regex_min_offset`. */
  readonly regexMinOffset?: number;
  /** `regex_max_offset`. */
  readonly regexMaxOffset?: number;
  /** `regex_stack`. */
  readonly regexStack?: ConfRegexStack;
}

/** HTTP_GET / SSL_GET. */
export interface ConfHttpChecker extends ConfCheckerTiming, ConfCheckerConnection {
  /** Checker type. */
  readonly type: 'HTTP_GET' | 'SSL_GET';
  /** `virtualhost` (resolved checker ← RS ← VS). */
  readonly virtualhost?: string;
  /** `http_protocol`. */
  readonly httpProtocol: '1.0' | '1.0C' | '1.1';
  /** `enable_sni`. */
  readonly enableSni: boolean;
  /** `fast_recovery`. */
  readonly fastRecovery: boolean;
  /** `url` blocks. */
  readonly urls: readonly ConfHttpUrl[];
}

/** TCP_CHECK / PING_CHECK. */
export interface ConfPlainChecker extends ConfCheckerTiming, ConfCheckerConnection {
  /** Checker type. */
  readonly type: 'TCP_CHECK' | 'PING_CHECK';
}

/** SMTP_CHECK. */
export interface ConfSmtpChecker extends ConfCheckerTiming, ConfCheckerConnection {
  /** Checker type. */
  readonly type: 'SMTP_CHECK';
  /** `helo_name`. */
  readonly heloName?: string;
  /** Deprecated `host { }` blocks. */
  readonly hosts: readonly ConfCheckerConnection[];
}

/** MISC_CHECK. */
export interface ConfMiscChecker extends ConfCheckerTiming {
  /** Checker type. */
  readonly type: 'MISC_CHECK';
  /** `misc_path`. */
  readonly miscPath?: string;
  /** `misc_timeout`, ms. */
  readonly miscTimeoutMs: number;
  /** `misc_dynamic`. */
  readonly miscDynamic: boolean;
  /** `user`. */
  readonly user?: string;
  /** `user`'s group. */
  readonly group?: string;
}

/** DNS_CHECK. */
export interface ConfDnsChecker extends ConfCheckerTiming, ConfCheckerConnection {
  /** Checker type. */
  readonly type: 'DNS_CHECK';
  /** `type`. */
  readonly queryType: 'A' | 'NS' | 'CNAME' | 'SOA' | 'MX' | 'TXT' | 'AAAA';
  /** `name`. */
  readonly name: string;
}

/** UDP_CHECK. */
export interface ConfUdpChecker extends ConfCheckerTiming, ConfCheckerConnection {
  /** Checker type. */
  readonly type: 'UDP_CHECK';
  /** `payload` (hex). */
  readonly payload?: string;
  /** `require_reply` given. */
  readonly requireReply: boolean;
  /** `require_reply HEX`. */
  readonly requireReplyPattern?: string;
  /** `min_reply_length`. */
  readonly minReplyLength: number;
  /** `max_reply_length`. */
  readonly maxReplyLength: number;
}

/** FILE_CHECK. */
export interface ConfFileChecker {
  /** Checker type. */
  readonly type: 'FILE_CHECK';
  /** `track_file` name. */
  readonly trackFile?: string;
  /** `weight` multiplier. */
  readonly weight?: number;
  /** `weight … reverse`. */
  readonly reverse: boolean;
  /** `dynamic`. */
  readonly dynamic: boolean;
}

/** BFD_CHECK. */
export interface ConfBfdChecker {
  /** Checker type. */
  readonly type: 'BFD_CHECK';
  /** `bfd_instance` name. */
  readonly name?: string;
  /** `alpha`. */
  readonly alpha: boolean;
}

/** Any checker of the model. */
export type ConfChecker =
  | ConfHttpChecker
  | ConfPlainChecker
  | ConfSmtpChecker
  | ConfMiscChecker
  | ConfDnsChecker
  | ConfUdpChecker
  | ConfFileChecker
  | ConfBfdChecker;

/** `real_server`. */
export interface ConfRealServer {
  /** Address. */
  readonly address: string;
  /** Address family. */
  readonly family: 4 | 6;
  /** Port (default: the virtual server's). */
  readonly port?: number;
  /** `weight`. */
  readonly weight: number;
  /** `inhibit_on_failure` (resolved). */
  readonly inhibitOnFailure: boolean;
  /** `alpha` (resolved). */
  readonly alpha: boolean;
  /** `delay_loop`, ms (resolved). */
  readonly delayLoopMs: number;
  /** `connect_timeout`, ms (resolved). */
  readonly connectTimeoutMs: number;
  /** Checkers. */
  readonly checkers: readonly ConfChecker[];
}

/** What a virtual server is declared on. */
export type ConfVirtualServerTarget =
  | {
      /** `virtual_server IP [PORT]`. */
      readonly kind: 'address';
      /** Address. */
      readonly address: string;
      /** Family. */
      readonly family: 4 | 6;
      /** Port. */
      readonly port?: number;
    }
  | {
      /** `virtual_server fwmark N`. */
      readonly kind: 'fwmark';
      /** Mark. */
      readonly fwmark: number;
    }
  | {
      /** `virtual_server group NAME`. */
      readonly kind: 'group';
      /** Group name. */
      readonly group: string;
    };

/** `virtual_server`. */
export interface ConfVirtualServer {
  /** What it is declared on. */
  readonly target: ConfVirtualServerTarget;
  /** `protocol`. */
  readonly protocol?: string;
  /** `quorum`. */
  readonly quorum: number;
  /** `hysteresis`. */
  readonly hysteresis: number;
  /** `alpha`. */
  readonly alpha: boolean;
  /** `omega`. */
  readonly omega: boolean;
  /** `inhibit_on_failure`. */
  readonly inhibitOnFailure: boolean;
  /** `sorry_server`. */
  readonly sorryServer?: ConfSorryServer;
  /** Real servers. */
  readonly realServers: readonly ConfRealServer[];
}

/** A `track_file` block. */
export interface ConfTrackFile {
  /** Name. */
  readonly name: string;
  /** `file` path. */
  readonly file?: string;
  /** `weight`. */
  readonly weight: number;
  /** `reverse`. */
  readonly reverse: boolean;
}

/** The global `SSL { }` block. */
export interface ConfSsl {
  /** `password`. */
  readonly password?: string;
  /** `ca`. */
  readonly ca?: string;
  /** `certificate`. */
  readonly certificate?: string;
  /** `key`. */
  readonly key?: string;
}

/** The parts of `KeepalivedConfig` read by {@link virtualServersFromConfig}. */
export interface ConfConfig {
  /** `virtual_server` blocks. */
  readonly virtualServers: readonly ConfVirtualServer[];
  /** `track_file` blocks. */
  readonly trackFiles: readonly ConfTrackFile[];
  /** `SSL` block. */
  readonly ssl?: ConfSsl;
}
