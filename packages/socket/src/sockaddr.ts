/**
 * sockaddr structures ⇄ bytes (pure). Host-order fields follow the machine's endianness.
 *
 * @module
 */
import { endianness } from 'node:os';
import { AF } from './constants.js';
import { formatIP } from './ip.js';

const LE = endianness() === 'LE';

function writeHost16(b: Buffer, v: number, o: number): void {
  if (LE) b.writeUInt16LE(v, o);
  else b.writeUInt16BE(v, o);
}
function writeHost32(b: Buffer, v: number, o: number): void {
  if (LE) b.writeUInt32LE(v >>> 0, o);
  else b.writeUInt32BE(v >>> 0, o);
}
function readHost16(b: Buffer, o: number): number {
  return LE ? b.readUInt16LE(o) : b.readUInt16BE(o);
}
function readHost32(b: Buffer, o: number): number {
  return LE ? b.readUInt32LE(o) : b.readUInt32BE(o);
}

/**
 * Encodes a `struct sockaddr_in`.
 *
 * @param addr - 4 address bytes
 * @param port - port (0 for raw sockets)
 * @returns 16 bytes
 */
export function sockaddrIn(addr: Uint8Array, port = 0): Buffer {
  const b = Buffer.alloc(16);
  writeHost16(b, AF.INET, 0);
  b.writeUInt16BE(port, 2);
  b.set(addr, 4);
  return b;
}

/**
 * Encodes a `struct sockaddr_in6`.
 *
 * @param addr - 16 address bytes
 * @param scopeId - interface index for link-local addresses (0 otherwise)
 * @param port - port (0 for raw sockets)
 * @returns 28 bytes
 */
export function sockaddrIn6(addr: Uint8Array, scopeId = 0, port = 0): Buffer {
  const b = Buffer.alloc(28);
  writeHost16(b, AF.INET6, 0);
  b.writeUInt16BE(port, 2);
  b.set(addr, 8);
  writeHost32(b, scopeId, 24);
  return b;
}

/**
 * Encodes a `struct sockaddr_nl`.
 *
 * @param pid - port id (0: the kernel chooses, or the kernel as destination)
 * @param groups - legacy 32-bit multicast group mask
 * @returns 12 bytes
 */
export function sockaddrNl(pid = 0, groups = 0): Buffer {
  const b = Buffer.alloc(12);
  writeHost16(b, AF.NETLINK, 0);
  writeHost32(b, pid, 4);
  writeHost32(b, groups, 8);
  return b;
}

/**
 * Encodes a `struct sockaddr_ll` for sending on a packet socket.
 *
 * @param ifindex - interface index
 * @param protocol - ethertype (host value, encoded big-endian)
 * @param dst - destination hardware address (up to 8 bytes)
 * @returns 20 bytes
 */
export function sockaddrLl(ifindex: number, protocol: number, dst: Uint8Array): Buffer {
  const b = Buffer.alloc(20);
  writeHost16(b, AF.PACKET, 0);
  b.writeUInt16BE(protocol, 2);
  writeHost32(b, ifindex, 4);
  b[11] = Math.min(dst.length, 8);
  b.set(dst.subarray(0, 8), 12);
  return b;
}

/** A decoded socket address. */
export type SockAddr =
  | {
      /** IPv4 or IPv6. */
      family: 4 | 6;
      /** Address in text form. */
      address: string;
      /** Port (0 for raw sockets; the protocol for IPv4/IPv6 raw is not reported here). */
      port: number;
      /** IPv6 scope id (interface index of a link-local source); 0 for IPv4. */
      scopeId: number;
    }
  | {
      /** Netlink. */
      family: 'netlink';
      /** Sender's port id (0: the kernel). */
      pid: number;
      /** Legacy multicast group mask the message was sent to. */
      groups: number;
    }
  | {
      /** Packet (link layer). */
      family: 'packet';
      /** Ethertype. */
      protocol: number;
      /** Interface index. */
      ifindex: number;
      /** Packet type (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing). */
      pktType: number;
      /** Source hardware address. */
      address: Buffer;
    }
  | {
      /** Anything else. */
      family: 'unknown';
      /** The raw bytes. */
      raw: Buffer;
    };

/**
 * Decodes the bytes of a `struct sockaddr_*` as returned by recvmsg / getsockname.
 *
 * @param b - the sockaddr bytes
 * @returns the decoded address
 */
export function decodeSockaddr(b: Buffer): SockAddr {
  if (b.length < 2) return { family: 'unknown', raw: b };
  const family = readHost16(b, 0);
  if (family === AF.INET && b.length >= 8) {
    return { family: 4, address: formatIP(b.subarray(4, 8)), port: b.readUInt16BE(2), scopeId: 0 };
  }
  if (family === AF.INET6 && b.length >= 28) {
    return {
      family: 6,
      address: formatIP(b.subarray(8, 24)),
      port: b.readUInt16BE(2),
      scopeId: readHost32(b, 24),
    };
  }
  if (family === AF.NETLINK && b.length >= 12) {
    return { family: 'netlink', pid: readHost32(b, 4), groups: readHost32(b, 8) };
  }
  if (family === AF.PACKET && b.length >= 12) {
    const halen = Math.min(b[11] ?? 0, 8);
    return {
      family: 'packet',
      protocol: b.readUInt16BE(2),
      ifindex: readHost32(b, 4),
      pktType: b[10] ?? 0,
      address: Buffer.from(b.subarray(12, 12 + halen)),
    };
  }
  return { family: 'unknown', raw: b };
}

/**
 * Encodes a host-order 32-bit integer (for `struct ip_mreqn` and friends).
 *
 * @param v - the value
 * @returns 4 bytes
 */
export function hostU32(v: number): Buffer {
  const b = Buffer.alloc(4);
  writeHost32(b, v, 0);
  return b;
}
