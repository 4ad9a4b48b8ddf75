/**
 * `@ha/socket` — the one native addon of `@ha`: raw IP sockets (IPv4/IPv6, any protocol, with
 * TTL / hop limit and packet info), packet sockets (whole Ethernet frames) and netlink
 * sockets (groups, overflow as an event), read through libuv on the main loop.
 *
 * @packageDocumentation
 */
export type { CommonSocketEvents, CommonSocketOptions } from './base-socket.js';
export { BaseSocket } from './base-socket.js';
export { AF, ETH_P, IP, IPPROTO, IPV6, NETLINK, NETLINK_OPT, SO, SOCK, SOL } from './constants.js';
export { errnoName, SocketClosedError, SocketError } from './errors.js';
export type { IcmpTransport, IcmpTransportOptions } from './icmp.js';
export { createIcmpTransport, IcmpUnavailableError } from './icmp.js';
export type { InterfaceInfo, InterfaceLookupOptions } from './interface.js';
export { interfaceInfo, interfaceName } from './interface.js';
export { formatIP, parseIP, parseIPv4, parseIPv6 } from './ip.js';
export type { NetlinkSender, NetlinkSocketEvents, NetlinkSocketOptions } from './netlink-socket.js';
export { NetlinkSocket } from './netlink-socket.js';
export { netnsPath } from './netns.js';
export type { FrameInfo, PacketSocketEvents, PacketSocketOptions } from './packet-socket.js';
export { PacketSocket } from './packet-socket.js';
export type {
  ProbePhase,
  SpawnProbeHandler,
  SpawnProbeOptions,
  TcpProbeHandler,
  TcpProbeOptions,
  TcpTarget,
  TcpTargetOptions,
} from './probe-engine.js';
export { ProbeArgumentError, ProbeEngine, sharedProbeEngine, tcpTarget } from './probe-engine.js';
export type { RawMessageInfo, RawSocketEvents, RawSocketOptions, SendOptions } from './raw-socket.js';
export { RawSocket } from './raw-socket.js';
export type { SockAddr } from './sockaddr.js';
export { decodeSockaddr, sockaddrIn, sockaddrIn6, sockaddrLl, sockaddrNl } from './sockaddr.js';
