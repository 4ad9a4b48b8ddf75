/**
 * ICMP / ICMPv6 echo messages for PING_CHECK: build requests, read replies and the errors that quote
 * a request (RFC 792, RFC 4443). Pure.
 *
 * @module
 */

/** ICMPv4 echo request type. */
export const ICMP_ECHO_REQUEST = 8;
/** ICMPv4 echo reply type. */
export const ICMP_ECHO_REPLY = 0;
/** ICMPv6 echo request type. */
export const ICMP6_ECHO_REQUEST = 128;
/** ICMPv6 echo reply type. */
export const ICMP6_ECHO_REPLY = 129;

/** The Internet checksum (RFC 1071) of `buf`: one's complement of the one's complement sum of 16-bit words. */
export function internetChecksum(buf: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (buf.length % 2 === 1) sum += buf[buf.length - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An echo request or reply. */
export interface EchoMessage {
  /** ICMP type. */
  type: number;
  /** ICMP code. */
  code: number;
  /** Identifier. */
  id: number;
  /** Sequence number. */
  seq: number;
  /** Data after the 8-byte header. */
  payload: Buffer;
}

/**
 * Builds an echo request. IPv4: checksum filled in. IPv6: checksum left 0 (the kernel computes it
 * over the pseudo-header for ICMPv6 sockets).
 */
export function encodeEchoRequest(family: 4 | 6, id: number, seq: number, payload: Uint8Array): Buffer {
  const buf = Buffer.alloc(8 + payload.length);
  buf[0] = family === 4 ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST;
  buf[1] = 0;
  buf.writeUInt16BE(id & 0xffff, 4);
  buf.writeUInt16BE(seq & 0xffff, 6);
  buf.set(payload, 8);
  if (family === 4) buf.writeUInt16BE(internetChecksum(buf), 2);
  return buf;
}

/** Strips an IPv4 header when the message starts with one (raw IPv4 sockets deliver it). */
export function stripIpv4Header(buf: Uint8Array): Buffer {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length >= 20 && b[0]! >> 4 === 4) {
    const ihl = (b[0]! & 0x0f) * 4;
    if (ihl >= 20 && b.length >= ihl) return b.subarray(ihl);
  }
  return b;
}

/** An echo reply. */
export interface EchoReplyMatch {
  /** Discriminant. */
  kind: 'reply';
  /** The reply. */
  message: EchoMessage;
}

/** An ICMP error (unreachable, time exceeded, …) quoting an echo request. */
export interface EchoErrorMatch {
  /** Discriminant. */
  kind: 'error';
  /** ICMP type of the error. */
  type: number;
  /** ICMP code of the error. */
  code: number;
  /** Identifier of the quoted request. */
  id: number;
  /** Sequence number of the quoted request. */
  seq: number;
}

/** Anything else (not ours, or malformed). */
export interface OtherIcmpMatch {
  /** Discriminant. */
  kind: 'other';
}

/** What a received ICMP message means for an outstanding echo request. */
export type EchoMatch = EchoReplyMatch | EchoErrorMatch | OtherIcmpMatch;

const V4_ERRORS = new Set([3, 11, 12]); // destination unreachable, time exceeded, parameter problem
const V6_ERRORS = new Set([1, 3, 4]);

/**
 * Classifies a received ICMP message (IPv4 with or without its IP header): an echo reply, an error
 * quoting one of our echo requests (with that request's id/seq), or something else. IPv4 replies with
 * a bad checksum are `other`.
 */
export function classifyIcmp(family: 4 | 6, packet: Uint8Array): EchoMatch {
  const b =
    family === 4 ? stripIpv4Header(packet) : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (b.length < 8) return { kind: 'other' };
  const type = b[0]!;
  const code = b[1]!;
  if (type === (family === 4 ? ICMP_ECHO_REPLY : ICMP6_ECHO_REPLY)) {
    if (family === 4 && internetChecksum(b) !== 0) return { kind: 'other' };
    return {
      kind: 'reply',
      message: {
        type,
        code,
        id: b.readUInt16BE(4),
        seq: b.readUInt16BE(6),
        payload: Buffer.from(b.subarray(8)),
      },
    };
  }
  if ((family === 4 ? V4_ERRORS : V6_ERRORS).has(type)) {
    // The error quotes the offending packet's IP header and at least its first 8 bytes.
    let inner = b.subarray(8);
    if (family === 4) {
      if (inner.length < 20 || inner[0]! >> 4 !== 4) return { kind: 'other' };
      inner = inner.subarray((inner[0]! & 0x0f) * 4);
    } else {
      if (inner.length < 40 || inner[6] !== 58) return { kind: 'other' }; // next header ICMPv6 only
      inner = inner.subarray(40);
    }
    if (inner.length < 8 || inner[0] !== (family === 4 ? ICMP_ECHO_REQUEST : ICMP6_ECHO_REQUEST))
      return { kind: 'other' };
    return { kind: 'error', type, code, id: inner.readUInt16BE(4), seq: inner.readUInt16BE(6) };
  }
  return { kind: 'other' };
}

/** Names of common ICMP errors, for reasons. */
export function icmpErrorName(family: 4 | 6, type: number, code: number): string {
  if (family === 4) {
    if (type === 3) {
      return (
        ['net unreachable', 'host unreachable', 'protocol unreachable', 'port unreachable'][code] ??
        `destination unreachable (code ${code})`
      );
    }
    if (type === 11) return 'time exceeded';
    return `ICMP type ${type} code ${code}`;
  }
  if (type === 1) {
    return (
      ['no route', 'administratively prohibited', 'beyond scope', 'address unreachable', 'port unreachable'][
        code
      ] ?? `destination unreachable (code ${code})`
    );
  }
  if (type === 3) return 'hop limit exceeded';
  return `ICMPv6 type ${type} code ${code}`;
}
