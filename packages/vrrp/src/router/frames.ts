/**
 * Gratuitous ARP and unsolicited Neighbour Advertisement frames, byte for byte as
 * keepalived 2.2.7 sends them (see VECTORS.md, vectors `garp` and `unsolicited-na`). Pure.
 *
 * @module
 */
import { parseAddress } from '../codec/address.js';

/** Ethernet broadcast address. */
const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

/**
 * Parses a MAC address `aa:bb:cc:dd:ee:ff` (or passes 6 bytes through).
 *
 * @param mac - text or bytes
 * @returns 6 bytes
 * @throws RangeError when it is not a MAC address
 */
export function parseMac(mac: string | Uint8Array): Uint8Array {
  if (typeof mac !== 'string') {
    if (mac.length !== 6) throw new RangeError('a MAC address has 6 bytes');
    return mac;
  }
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new RangeError(`not a MAC address: ${mac}`);
  }
  return Uint8Array.from(parts.map((p) => Number.parseInt(p, 16)));
}

function ipv4(text: string): Uint8Array {
  const b = parseAddress(text, 'ipv4');
  if (!b) throw new RangeError(`not an IPv4 address: ${text}`);
  return b;
}

function ipv6(text: string): Uint8Array {
  const b = parseAddress(text, 'ipv6');
  if (!b) throw new RangeError(`not an IPv6 address: ${text}`);
  return b;
}

/**
 * A gratuitous ARP as keepalived sends it: an ARP *request* broadcast to ff:ff:ff:ff:ff:ff,
 * sender = (own MAC, VIP), target = (ff:ff:ff:ff:ff:ff, VIP). 42 bytes, no padding.
 *
 * @param vip - the IPv4 virtual address
 * @param mac - own interface MAC
 * @returns the Ethernet frame
 */
export function gratuitousArpFrame(vip: string, mac: string | Uint8Array): Buffer {
  const m = parseMac(mac);
  const ip = ipv4(vip);
  const f = Buffer.alloc(42);
  f.set(BROADCAST, 0);
  f.set(m, 6);
  f.writeUInt16BE(0x0806, 12);
  f.writeUInt16BE(1, 14); // htype Ethernet
  f.writeUInt16BE(0x0800, 16); // ptype IPv4
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(1, 20); // op request
  f.set(m, 22);
  f.set(ip, 28);
  f.set(BROADCAST, 32);
  f.set(ip, 38);
  return f;
}

/**
 * ICMPv6 checksum over the IPv6 pseudo-header and the message (RFC 4443 §2.3).
 *
 * @param src - 16-byte source
 * @param dst - 16-byte destination
 * @param msg - the ICMPv6 message with a zero checksum field
 * @returns the checksum
 */
export function icmpv6Checksum(src: Uint8Array, dst: Uint8Array, msg: Uint8Array): number {
  let sum = 0;
  const add = (b: Uint8Array): void => {
    for (let i = 0; i < b.length; i += 2) sum += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  };
  add(src);
  add(dst);
  sum += msg.length >>> 16;
  sum += msg.length & 0xffff;
  sum += 58;
  add(msg);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * An unsolicited Neighbour Advertisement as keepalived sends it: from the VIP to ff02::1
 * (33:33:00:00:00:01), hop limit 255, flags R=0 S=0 O=1, target = VIP, option 2 (target
 * link-layer address) = own MAC. 86 bytes.
 *
 * @param vip - the IPv6 virtual address
 * @param mac - own interface MAC
 * @returns the Ethernet frame
 */
export function unsolicitedNaFrame(vip: string, mac: string | Uint8Array): Buffer {
  const m = parseMac(mac);
  const target = ipv6(vip);
  const allNodes = ipv6('ff02::1');
  const icmp = Buffer.alloc(32);
  icmp[0] = 136; // Neighbor Advertisement
  icmp[4] = 0x20; // O flag
  icmp.set(target, 8);
  icmp[24] = 2; // target link-layer address
  icmp[25] = 1; // 8 bytes
  icmp.set(m, 26);
  icmp.writeUInt16BE(icmpv6Checksum(target, allNodes, icmp), 2);
  const f = Buffer.alloc(14 + 40 + icmp.length);
  f.set([0x33, 0x33, 0, 0, 0, 1], 0);
  f.set(m, 6);
  f.writeUInt16BE(0x86dd, 12);
  f.writeUInt32BE(0x60000000, 14);
  f.writeUInt16BE(icmp.length, 18);
  f[20] = 58; // ICMPv6
  f[21] = 255;
  f.set(target, 22);
  f.set(allNodes, 38);
  f.set(icmp, 54);
  return f;
}

/**
 * The announcement frame for a virtual address: a gratuitous ARP (IPv4) or an unsolicited NA
 * (IPv6).
 *
 * @param vip - the virtual address
 * @param mac - own interface MAC
 * @returns the Ethernet frame
 */
export function announcementFrame(vip: string, mac: string | Uint8Array): Buffer {
  return vip.includes(':') ? unsolicitedNaFrame(vip, mac) : gratuitousArpFrame(vip, mac);
}
