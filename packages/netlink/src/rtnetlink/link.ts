import { AttributeDecoder, AttributeEncoder } from '../attributes.js';
import { AF_UNSPEC, IFF, IFLA, IFLA_INFO, OPERSTATES, RTM } from '../constants.js';
import { LITTLE_ENDIAN as LE } from '../endian.js';
import { NetlinkDecodeError } from '../errors.js';
import type { NetlinkMessage } from '../message.js';

/** Size of `struct ifinfomsg`. */
export const IFINFOMSG_LEN = 16;

/** A network interface as rtnetlink describes it (RTM_NEWLINK). */
export interface Link {
  /** Interface index. */
  index: number;
  /** Interface name (IFLA_IFNAME). */
  name: string;
  /** ARPHRD_* type (1 Ethernet, 772 loopback). */
  type: number;
  /** IFF_* flags. */
  flags: number;
  /** Administratively up (IFF_UP). */
  up: boolean;
  /** Operationally up (IFF_RUNNING): admin up and carrier. */
  running: boolean;
  /** Carrier (IFF_LOWER_UP). */
  lowerUp: boolean;
  /** RFC 2863 operational state (IFLA_OPERSTATE), e.g. `'up'`, `'down'`, `'lowerlayerdown'`. */
  operstate: string;
  /** MTU (IFLA_MTU); 0 when absent. */
  mtu: number;
  /** Hardware address `aa:bb:…` (IFLA_ADDRESS), when the link has one. */
  mac?: string;
  /** Index of the master device (bridge, bond, VRF), when enslaved. */
  master?: number;
  /** Link kind from IFLA_LINKINFO (`'veth'`, `'bridge'`, `'macvlan'`, …), when reported. */
  kind?: string;
}

/**
 * Encodes an `ifinfomsg`.
 *
 * @param f - fields (family defaults to AF_UNSPEC)
 * @returns 16 bytes
 */
export function encodeIfinfomsg(f: {
  family?: number;
  type?: number;
  index?: number;
  flags?: number;
  change?: number;
}): Buffer {
  const b = Buffer.alloc(IFINFOMSG_LEN);
  b[0] = f.family ?? AF_UNSPEC;
  if (LE) {
    b.writeUInt16LE(f.type ?? 0, 2);
    b.writeInt32LE(f.index ?? 0, 4);
    b.writeUInt32LE((f.flags ?? 0) >>> 0, 8);
    b.writeUInt32LE((f.change ?? 0) >>> 0, 12);
  } else {
    b.writeUInt16BE(f.type ?? 0, 2);
    b.writeInt32BE(f.index ?? 0, 4);
    b.writeUInt32BE((f.flags ?? 0) >>> 0, 8);
    b.writeUInt32BE((f.change ?? 0) >>> 0, 12);
  }
  return b;
}

function formatMac(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** Result of {@link decodeLink}. */
export type LinkResult = { link: Link; error?: undefined } | { link?: undefined; error: NetlinkDecodeError };

/**
 * Decodes an RTM_NEWLINK / RTM_DELLINK payload. Never throws.
 *
 * @param payload - ifinfomsg + attributes
 * @returns the link or an error
 */
export function decodeLink(payload: Buffer): LinkResult {
  if (payload.length < IFINFOMSG_LEN) return { error: new NetlinkDecodeError('short ifinfomsg') };
  const type = LE ? payload.readUInt16LE(2) : payload.readUInt16BE(2);
  const index = LE ? payload.readInt32LE(4) : payload.readInt32BE(4);
  const flags = LE ? payload.readUInt32LE(8) : payload.readUInt32BE(8);
  const link: Link = {
    index,
    name: '',
    type,
    flags,
    up: (flags & IFF.UP) !== 0,
    running: (flags & IFF.RUNNING) !== 0,
    lowerUp: (flags & IFF.LOWER_UP) !== 0,
    operstate: 'unknown',
    mtu: 0,
  };
  const d = new AttributeDecoder(payload.subarray(IFINFOMSG_LEN));
  while (d.next()) {
    switch (d.type) {
      case IFLA.IFNAME:
        link.name = d.string();
        break;
      case IFLA.MTU:
        link.mtu = d.u32();
        break;
      case IFLA.ADDRESS:
        link.mac = formatMac(d.bytes());
        break;
      case IFLA.OPERSTATE:
        link.operstate = OPERSTATES[d.u8()] ?? 'unknown';
        break;
      case IFLA.MASTER:
        link.master = d.u32();
        break;
      case IFLA.LINKINFO:
        d.nested((n) => {
          while (n.next()) if (n.type === IFLA_INFO.KIND) link.kind = n.string();
        });
        break;
    }
  }
  if (d.err) return { error: d.err };
  return { link };
}

/**
 * Encodes a link as an RTM_NEWLINK payload (used by the fake kernel and fixtures).
 *
 * @param link - the link
 * @returns ifinfomsg + attributes
 */
export function encodeLink(link: Link): Buffer {
  const e = new AttributeEncoder().string(IFLA.IFNAME, link.name);
  if (link.mtu) e.u32(IFLA.MTU, link.mtu);
  if (link.mac) e.bytes(IFLA.ADDRESS, Buffer.from(link.mac.split(':').map((h) => Number.parseInt(h, 16))));
  const op = OPERSTATES.indexOf(link.operstate as (typeof OPERSTATES)[number]);
  e.u8(IFLA.OPERSTATE, Math.max(op, 0));
  if (link.master !== undefined) e.u32(IFLA.MASTER, link.master);
  if (link.kind !== undefined) {
    const kind = link.kind;
    e.nested(IFLA.LINKINFO, (n) => n.string(IFLA_INFO.KIND, kind));
  }
  return Buffer.concat([
    encodeIfinfomsg({ type: link.type, index: link.index, flags: link.flags }),
    e.encode(),
  ]);
}

/**
 * Whether a message is a link message (RTM_NEWLINK / RTM_DELLINK).
 *
 * @param m - a message
 * @returns true for link messages
 */
export function isLinkMessage(m: NetlinkMessage): boolean {
  return m.type === RTM.NEWLINK || m.type === RTM.DELLINK;
}
