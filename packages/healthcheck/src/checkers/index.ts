/**
 * The checkers: one factory per keepalived checker, each returning a {@link Probe} that runs one
 * attempt and resolves (never rejects) a {@link CheckResult}.
 *
 * @module
 */

export { splitCommandLine } from './argv.js';
export type { ConnectOptions, Outcome } from './common.js';
export { CheckerConfigError, DEFAULT_CONNECT_TIMEOUT_MS } from './common.js';
export type { DnsCheckOptions } from './dns.js';
export { createDnsCheck, judgeDnsResponse } from './dns.js';
export type { DnsQuestion, DnsRecord, DnsResponse, DnsType } from './dns-packet.js';
export {
  DNS_RCODES,
  DNS_TYPES,
  DnsParseError,
  encodeDnsQuery,
  encodeName,
  parseDnsResponse,
} from './dns-packet.js';
export type { ProbeEngineChoice, ProbeEngineStatus } from './engine.js';
export { preloadProbeEngine, probeEngineStatus } from './engine.js';
export type { FileCheckOptions } from './file.js';
export { createFileCheck, parseTrackFileValue, TRACK_FILE_LIMIT, trackFileOutcome } from './file.js';
export type { HexPattern } from './hex.js';
export { matchHexPattern, parseHex, parseHexPattern } from './hex.js';
export type { HttpGetOptions, HttpProtocol, UrlCheck } from './http-get.js';
export {
  buildHttpRequest,
  createHttpGetCheck,
  DEFAULT_MAX_BODY_BYTES,
  STATUS_ONLY_DRAIN_BYTES,
} from './http-get.js';
export { HttpProtocolError } from './http-response.js';
export type {
  EchoErrorMatch,
  EchoMatch,
  EchoMessage,
  EchoReplyMatch,
  OtherIcmpMatch,
} from './icmp-packet.js';
export {
  classifyIcmp,
  encodeEchoRequest,
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMP6_ECHO_REPLY,
  ICMP6_ECHO_REQUEST,
  icmpErrorName,
  internetChecksum,
  stripIpv4Header,
} from './icmp-packet.js';
export type { MiscCheckOptions } from './misc.js';
export { createMiscCheck, DEFAULT_MISC_TIMEOUT_MS, MISC_OUTPUT_KEPT_BYTES, miscExitOutcome } from './misc.js';
export type { IcmpTransport, IcmpTransportFactory, PingCheckOptions } from './ping.js';
export { createPingCheck, loadDefaultIcmpTransport } from './ping.js';
export type { SmtpCheckOptions } from './smtp.js';
export { createSmtpCheck, DEFAULT_HELO_NAME } from './smtp.js';
export type { PemSource, SslGetOptions } from './ssl-get.js';
export { createSslGetCheck } from './ssl-get.js';
export type { StatusCodeSpec, StatusRange } from './status-codes.js';
export { DEFAULT_STATUS_CODES, parseStatusCodes, statusAccepted } from './status-codes.js';
export type { TcpCheckOptions } from './tcp.js';
export { createTcpCheck } from './tcp.js';
export type { UdpCheckOptions } from './udp.js';
export { createUdpCheck } from './udp.js';
export type { ScriptCredentials } from './user.js';
export { resolveCredentials } from './user.js';
