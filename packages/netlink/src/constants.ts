/**
 * Netlink, rtnetlink and generic-netlink constants (from linux/netlink.h, rtnetlink.h,
 * if_addr.h, if_link.h, genetlink.h).
 *
 * @module
 */

/** Netlink protocols. */
export const NETLINK_ROUTE = 0;
/** Generic netlink protocol. */
export const NETLINK_GENERIC = 16;

/** Control message types (`nlmsg_type` below 16). */
export const NLMSG = { NOOP: 1, ERROR: 2, DONE: 3, OVERRUN: 4, MIN_TYPE: 16 } as const;

/** `nlmsg_flags` bits. */
export const NLM_F = {
  REQUEST: 0x1,
  MULTI: 0x2,
  ACK: 0x4,
  ECHO: 0x8,
  DUMP_INTR: 0x10,
  DUMP_FILTERED: 0x20,
  // GET requests
  ROOT: 0x100,
  MATCH: 0x200,
  ATOMIC: 0x400,
  DUMP: 0x300,
  // NEW requests
  REPLACE: 0x100,
  EXCL: 0x200,
  CREATE: 0x400,
  APPEND: 0x800,
  // acks
  CAPPED: 0x100,
  ACK_TLVS: 0x200,
} as const;

/** Extended-ack attributes of an NLMSG_ERROR / NLMSG_DONE. */
export const NLMSGERR_ATTR = { MSG: 1, OFFS: 2, COOKIE: 3, POLICY: 4, MISS_TYPE: 5, MISS_NEST: 6 } as const;

/** Attribute type flag bits. */
export const NLA_F = { NESTED: 0x8000, NET_BYTEORDER: 0x4000, TYPE_MASK: 0x3fff } as const;

/** rtnetlink message types used here. */
export const RTM = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  SETLINK: 19,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
} as const;

/** rtnetlink multicast groups. */
export const RTNLGRP = {
  LINK: 1,
  NOTIFY: 2,
  NEIGH: 3,
  IPV4_IFADDR: 5,
  IPV4_ROUTE: 7,
  IPV6_IFADDR: 9,
} as const;

/** `ifa_*` attributes (struct ifaddrmsg). */
export const IFA = {
  ADDRESS: 1,
  LOCAL: 2,
  LABEL: 3,
  BROADCAST: 4,
  ANYCAST: 5,
  CACHEINFO: 6,
  MULTICAST: 7,
  FLAGS: 8,
  RT_PRIORITY: 9,
  TARGET_NETNSID: 10,
  PROTO: 11,
} as const;

/** Address flags (`IFA_F_*`). */
export const IFA_F = {
  SECONDARY: 0x01,
  NODAD: 0x02,
  OPTIMISTIC: 0x04,
  DADFAILED: 0x08,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
  MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const;

/** Link attributes (`IFLA_*`) used here. */
export const IFLA = {
  ADDRESS: 1,
  BROADCAST: 2,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  MASTER: 10,
  TXQLEN: 13,
  OPERSTATE: 16,
  LINKMODE: 17,
  LINKINFO: 18,
  IFALIAS: 20,
  EXT_MASK: 29,
  CARRIER: 33,
} as const;

/** IFLA_LINKINFO nested attributes. */
export const IFLA_INFO = { KIND: 1, DATA: 2 } as const;

/** Interface flags (`IFF_*`). */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  MULTICAST: 0x1000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
} as const;

/** RFC 2863 operational states (IFLA_OPERSTATE). */
export const OPERSTATES = [
  'unknown',
  'notpresent',
  'down',
  'lowerlayerdown',
  'testing',
  'dormant',
  'up',
] as const;

/** Address scopes (`RT_SCOPE_*`). */
export const RT_SCOPE = { UNIVERSE: 0, SITE: 200, LINK: 253, HOST: 254, NOWHERE: 255 } as const;

/** Address families. */
export const AF_INET = 2;
/** IPv6 address family. */
export const AF_INET6 = 10;
/** Unspecified address family (dump everything). */
export const AF_UNSPEC = 0;

/** The generic-netlink controller family id. */
export const GENL_ID_CTRL = 0x10;
/** Controller commands. */
export const CTRL_CMD = { NEWFAMILY: 1, DELFAMILY: 2, GETFAMILY: 3, NEWMCAST_GRP: 7 } as const;
/** Controller attributes. */
export const CTRL_ATTR = {
  FAMILY_ID: 1,
  FAMILY_NAME: 2,
  VERSION: 3,
  HDRSIZE: 4,
  MAXATTR: 5,
  OPS: 6,
  MCAST_GROUPS: 7,
} as const;
/** Controller multicast-group attributes. */
export const CTRL_ATTR_MCAST_GRP = { NAME: 1, ID: 2 } as const;
/** Controller operation attributes. */
export const CTRL_ATTR_OP = { ID: 1, FLAGS: 2 } as const;
