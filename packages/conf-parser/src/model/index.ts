/**
 * The typed model of a keepalived configuration: `buildModel()` turns preprocessed statements
 * into a `KeepalivedConfig` with real types and keepalived's defaults, plus KM diagnostics.
 *
 * @module
 */

export { hexOf, parseStatusCodes } from './build-checkers.js';
export { type BuildModelOptions, type BuildModelResult, buildModel } from './build-model.js';
export { type CheckerDefaults, checkerDefaults } from './checker-defaults.js';
export { COMPLETION_CODES, MODEL_CODES, type ModelCode, type ModelCodeInfo } from './codes.js';
export { type ParsedIp, type ParsedPrefix, parseIp, parsePrefix } from './ip.js';
export type { LvsSyncDaemon } from './lvs-sync-daemon.js';
export type {
  BfdChecker,
  Checker,
  CheckerBase,
  CheckerConnection,
  CheckerTiming,
  CheckerType,
  DnsChecker,
  DnsQueryType,
  FileChecker,
  HttpChecker,
  HttpUrl,
  MiscChecker,
  PingChecker,
  SmtpChecker,
  SmtpHost,
  StatusRange,
  TcpChecker,
  UdpChecker,
} from './types-checkers.js';
export type { IpRouteOrRule, ScriptRef, SettingValue, TrackRef, VirtualIpAddress } from './types-common.js';
export type {
  BfdInstance,
  GlobalDefs,
  InterfaceDelay,
  KeepalivedConfig,
  LinkbeatInterface,
  TrackFile,
} from './types-config.js';
export type {
  ForwardingMethod,
  LbAlgo,
  LbKind,
  RealServer,
  SorryServer,
  SslConfig,
  TunnelOptions,
  VirtualServer,
  VirtualServerGroup,
  VirtualServerGroupEntry,
  VirtualServerTarget,
  VsProtocol,
} from './types-lvs.js';
export type {
  GarpGroup,
  NotifyScripts,
  TrackGroup,
  Tracking,
  TrackProcess,
  UnicastPeer,
  VrrpAuthentication,
  VrrpInstance,
  VrrpScript,
  VrrpState,
  VrrpSyncGroup,
} from './types-vrrp.js';
