/**
 * Linux socket constants used by `@ha/socket` (x86-64 and arm64 share these values).
 *
 * @module
 */

/** Address families. */
export const AF = { INET: 2, INET6: 10, NETLINK: 16, PACKET: 17 } as const;
/** Socket types. */
export const SOCK = { STREAM: 1, DGRAM: 2, RAW: 3 } as const;
/** Socket option levels. */
export const SOL = { SOCKET: 1, IP: 0, IPV6: 41, RAW: 255, NETLINK: 270 } as const;
/** IP protocol numbers used in this project. */
export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, VRRP: 112, RAW: 255 } as const;
/** SOL_SOCKET options. */
export const SO = { SNDBUF: 7, RCVBUF: 8, BINDTODEVICE: 25, SNDBUFFORCE: 32, RCVBUFFORCE: 33 } as const;
/** IPPROTO_IP options. */
export const IP = {
  TTL: 2,
  HDRINCL: 3,
  PKTINFO: 8,
  RECVTTL: 12,
  MULTICAST_IF: 32,
  MULTICAST_TTL: 33,
  MULTICAST_LOOP: 34,
  ADD_MEMBERSHIP: 35,
  DROP_MEMBERSHIP: 36,
} as const;
/** IPPROTO_IPV6 options. */
export const IPV6 = {
  CHECKSUM: 7,
  UNICAST_HOPS: 16,
  MULTICAST_IF: 17,
  MULTICAST_HOPS: 18,
  MULTICAST_LOOP: 19,
  JOIN_GROUP: 20,
  LEAVE_GROUP: 21,
  V6ONLY: 26,
  RECVPKTINFO: 49,
  RECVHOPLIMIT: 51,
} as const;
/** SOL_NETLINK options. */
export const NETLINK_OPT = {
  ADD_MEMBERSHIP: 1,
  DROP_MEMBERSHIP: 2,
  NO_ENOBUFS: 5,
  CAP_ACK: 10,
  EXT_ACK: 11,
  GET_STRICT_CHK: 12,
} as const;
/** Netlink protocols. */
export const NETLINK = { ROUTE: 0, GENERIC: 16 } as const;
/** Ethertypes. */
export const ETH_P = { ALL: 0x0003, IP: 0x0800, ARP: 0x0806, IPV6: 0x86dd } as const;
/** ENOBUFS: a netlink socket's receive queue overflowed. */
export const ENOBUFS = 105;
