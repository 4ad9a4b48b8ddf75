/**
 * Model types of the health checkers, complete enough for the `@ha/healthcheck` package to run them.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';

/** Checker block names. */
export type CheckerType =
  | 'HTTP_GET'
  | 'SSL_GET'
  | 'TCP_CHECK'
  | 'SMTP_CHECK'
  | 'MISC_CHECK'
  | 'DNS_CHECK'
  | 'UDP_CHECK'
  | 'PING_CHECK'
  | 'FILE_CHECK'
  | 'BFD_CHECK';

/** Timing options every checker except FILE_CHECK and BFD_CHECK has (resolved with inheritance). */
export interface CheckerTiming {
  /** Retries before a failure counts (defaults: HTTP/SSL 1, MISC 0, DNS 3, others 1; RS/VS override). */
  retry: number;
  /** Delay before a retry in ms (defaults: HTTP/SSL 3000, DNS delay_loop, others 1000). */
  delayBeforeRetryMs: number;
  /** Maximum random delay before the first check in ms (default: delayLoopMs). */
  warmupMs: number;
  /** Interval between checks in ms (default 60000, inherited from RS/VS). */
  delayLoopMs: number;
  /** Start in the failed state. */
  alpha: boolean;
  /** Log every failure while up. */
  logAllFailures: boolean;
}

/** Connection options of network checkers (resolved: connect_port defaults to the RS port). */
export interface CheckerConnection {
  /** Address to connect to (default: the real server's). */
  connectIp: string;
  /** Port to connect to (default: the real server's). */
  connectPort?: number;
  /** Source address. */
  bindto?: string;
  /** Source port. */
  bindPort?: number;
  /** Source interface. */
  bindIf?: string;
  /** Connection timeout in ms (default 5000, inherited from RS/VS). */
  connectTimeoutMs: number;
  /** SO_MARK value. */
  fwmark?: number;
}

/** Fields every checker has. */
export interface CheckerBase {
  /** Statements keepalived does not know in this checker. */
  unknown: ConfNode[];
  /** Where the checker block was. */
  origin: Origin;
}

/** An inclusive HTTP status code range. */
export interface StatusRange {
  /** First code. */
  min: number;
  /** Last code. */
  max: number;
}

/** `url { … }` of HTTP_GET / SSL_GET. */
export interface HttpUrl {
  /** `path`. */
  path?: string;
  /** `digest` (lower-case hex MD5 of the body). */
  digest?: string;
  /** Accepted status codes (default 200-299). */
  statusCodes: StatusRange[];
  /** `virtualhost` (default: checker, then RS, then VS). */
  virtualhost?: string;
  /** `regex`. */
  regex?: string;
  /** `regex_no_match`. */
  regexNoMatch: boolean;
  /** `regex_options` words. */
  regexOptions: string[];
  /** `regex_min_offset`. */
  regexMinOffset?: number;
  /** `regex_max_offset`. */
  regexMaxOffset?: number;
  /** `regex_stack START MAX`. */
  regexStack?: { start: number; max: number };
  /** Unknown statements. */
  unknown: ConfNode[];
  /** Where the block was. */
  origin: Origin;
}

/** HTTP_GET / SSL_GET. */
export interface HttpChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'HTTP_GET' | 'SSL_GET';
  /** Host header (checker, else RS, else VS virtualhost). */
  virtualhost?: string;
  /** `http_protocol` (default 1.0). */
  httpProtocol: '1.0' | '1.0C' | '1.1';
  /** `enable_sni`. */
  enableSni: boolean;
  /** `fast_recovery`. */
  fastRecovery: boolean;
  /** URLs to test. */
  urls: HttpUrl[];
}

/** TCP_CHECK. */
export interface TcpChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'TCP_CHECK';
}

/** PING_CHECK. */
export interface PingChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'PING_CHECK';
}

/** A deprecated `host { … }` sub-block of SMTP_CHECK. */
export interface SmtpHost extends CheckerConnection {
  /** Where the block was. */
  origin: Origin;
}

/** SMTP_CHECK. */
export interface SmtpChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'SMTP_CHECK';
  /** `helo_name` (keepalived default: local host name; absent here). */
  heloName?: string;
  /** Deprecated `host` sub-blocks. */
  hosts: SmtpHost[];
}

/** MISC_CHECK. */
export interface MiscChecker extends CheckerBase, CheckerTiming {
  /** Checker type. */
  type: 'MISC_CHECK';
  /** `misc_path` command line. */
  miscPath?: string;
  /** `misc_timeout` in ms (default: delayLoopMs). */
  miscTimeoutMs: number;
  /** `misc_dynamic`. */
  miscDynamic: boolean;
  /** `user`. */
  user?: string;
  /** Group of `user`. */
  group?: string;
}

/** DNS query types. */
export type DnsQueryType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'MX' | 'TXT' | 'AAAA';

/** DNS_CHECK. */
export interface DnsChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'DNS_CHECK';
  /** `type` (default SOA). */
  queryType: DnsQueryType;
  /** `name` (default "."). */
  name: string;
}

/** UDP_CHECK. */
export interface UdpChecker extends CheckerBase, CheckerTiming, CheckerConnection {
  /** Checker type. */
  type: 'UDP_CHECK';
  /** `payload` as lower-case hex without spaces. */
  payload?: string;
  /** `require_reply` given. */
  requireReply: boolean;
  /** `require_reply HEX` pattern (lower case; `x` = any nibble). */
  requireReplyPattern?: string;
  /** `min_reply_length` (default 0). */
  minReplyLength: number;
  /** `max_reply_length` (default 255). */
  maxReplyLength: number;
}

/** FILE_CHECK. */
export interface FileChecker extends CheckerBase {
  /** Checker type. */
  type: 'FILE_CHECK';
  /** `track_file` name. */
  trackFile?: string;
  /** `weight` multiplier (default: the track_file's weight). */
  weight?: number;
  /** `weight … reverse`. */
  reverse: boolean;
  /** `dynamic` (documented; not registered by keepalived 2.2.7). */
  dynamic: boolean;
}

/** BFD_CHECK. */
export interface BfdChecker extends CheckerBase {
  /** Checker type. */
  type: 'BFD_CHECK';
  /** `name` of the bfd_instance. */
  name?: string;
  /** `alpha`. */
  alpha: boolean;
}

/** Any checker, discriminated by `type`. */
export type Checker =
  | HttpChecker
  | TcpChecker
  | PingChecker
  | SmtpChecker
  | MiscChecker
  | DnsChecker
  | UdpChecker
  | FileChecker
  | BfdChecker;
