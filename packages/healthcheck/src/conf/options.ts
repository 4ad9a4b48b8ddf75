/**
 * Probe options produced from keepalived.conf for each checker type: the checker factories' own
 * option types (BFD_CHECK, which has no checker here, gets its own).
 *
 * @module
 */
import type {
  DnsCheckOptions,
  FileCheckOptions,
  HttpGetOptions,
  MiscCheckOptions,
  PingCheckOptions,
  SmtpCheckOptions,
  SslGetOptions,
  TcpCheckOptions,
  UdpCheckOptions,
} from '../checkers/index.js';

/** BFD_CHECK options. */
export interface BfdConfOptions {
  /** `bfd_instance` name. */
  name: string;
}

/** Options by checker type. */
export interface ConfOptionsByType {
  /** HTTP_GET. */
  HTTP_GET: HttpGetOptions;
  /** SSL_GET. */
  SSL_GET: SslGetOptions;
  /** TCP_CHECK. */
  TCP_CHECK: TcpCheckOptions;
  /** SMTP_CHECK. */
  SMTP_CHECK: SmtpCheckOptions;
  /** MISC_CHECK. */
  MISC_CHECK: MiscCheckOptions;
  /** DNS_CHECK. */
  DNS_CHECK: DnsCheckOptions;
  /** UDP_CHECK. */
  UDP_CHECK: UdpCheckOptions;
  /** PING_CHECK. */
  PING_CHECK: PingCheckOptions;
  /** FILE_CHECK. */
  FILE_CHECK: FileCheckOptions;
  /** BFD_CHECK. */
  BFD_CHECK: BfdConfOptions;
}

/** A checker type keepalived.conf can name. */
export type ConfCheckType = keyof ConfOptionsByType;
