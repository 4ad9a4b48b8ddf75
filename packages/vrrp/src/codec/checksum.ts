/**
 * The VRRP checksum (RFC 1071 Internet checksum) and which bytes it covers:
 *
 * - VRRPv2: the VRRP message only (header, addresses and the 8 bytes of auth data).
 * - VRRPv3 over IPv4: an IPv4 pseudo-header `src dst 0 112 length(16)` + the message,
 *   with the packet's real destination (224.0.0.18, or the peer for unicast).
 * - VRRPv3 over IPv6: the IPv6 pseudo-header `src dst length(32) 0 0 0 112` + the message.
 * - keepalived's `v3_checksum_as_v2` (IPv4 only): v3 without the pseudo-header.
 *
 * @module
 */
import type { Family } from '../types.js';
import { IPV4_LENGTH, IPV6_LENGTH, parseAddressCached } from './address.js';
import { VRRP_PROTOCOL } from './constants.js';

/** The IP addresses a checksum is computed with, and keepalived's compatibility option. */
export interface ChecksumContext {
  /** Source address of the IP packet (ours when sending, the sender's when receiving). */
  source: string;
  /** Destination address of the IP packet: the multicast group or the unicast peer. */
  destination: string;
  /**
   * keepalived's `v3_checksum_as_v2`: compute VRRPv3/IPv4 checksums without the
   * pseudo-header (what RFC 9568 specifies). Ignored for v2 and for IPv6.
   */
  v3ChecksumAsV2?: boolean;
}

/** Byte offset of the checksum field in the VRRP header. */
const CHECKSUM_OFFSET = 6;

/** One's-complement sum (not yet folded) of `bytes[start, end)` as big-endian 16-bit words. */
function sumWords(bytes: Uint8Array, start: number, end: number, initial: number): number {
  let sum = initial;
  let i = start;
  const last = end - 1;
  for (; i < last; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i === last) sum += bytes[i]! << 8;
  return sum;
}

function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

// A small memo per family of the address part of the pseudo-header: a router sends and
// receives with a few (source, destination) pairs, so this spares two map lookups per packet.
interface MemoEntry {
  source: string;
  destination: string;
  sum: number;
}
const MEMO_SIZE = 4;
const newMemo = (): MemoEntry[] =>
  Array.from({ length: MEMO_SIZE }, () => ({ source: '', destination: '', sum: -1 }));
const memo = { ipv4: newMemo(), ipv6: newMemo() };
const memoNext = { ipv4: 0, ipv6: 0 };

/** Sum of the address words of the pseudo-header, or -1 when an address does not parse. */
function addressSum(family: Family, source: string, destination: string): number {
  const entries = memo[family];
  for (let i = 0; i < MEMO_SIZE; i++) {
    const e = entries[i]!;
    if (e.source === source && e.destination === destination && e.sum >= 0) return e.sum;
  }
  const src = parseAddressCached(source, family);
  const dst = parseAddressCached(destination, family);
  if (src === undefined || dst === undefined) return -1;
  const n = family === 'ipv4' ? IPV4_LENGTH : IPV6_LENGTH;
  const sum = sumWords(dst, 0, n, sumWords(src, 0, n, 0));
  const slot = memoNext[family];
  memoNext[family] = (slot + 1) % MEMO_SIZE;
  const e = entries[slot]!;
  e.source = source;
  e.destination = destination;
  e.sum = sum;
  return sum;
}

/**
 * Sum of the pseudo-header words, or -1 when the addresses cannot be parsed for `family`.
 * `length` is the VRRP message length.
 */
function pseudoHeaderSum(family: Family, source: string, destination: string, length: number): number {
  const sum = addressSum(family, source, destination);
  if (sum < 0) return -1;
  // IPv4: 0x00 | 112 | length(16). IPv6: length(32) | 0 0 0 | 112. Same words to sum.
  return sum + VRRP_PROTOCOL + (length & 0xffff) + (length >>> 16);
}

/** Whether the checksum of a message with this version byte covers a pseudo-header. */
function usesPseudoHeader(message: Uint8Array, family: Family, ctx: ChecksumContext): boolean {
  const version = message.length > 0 ? message[0]! >> 4 : 0;
  if (version !== 3) return false;
  return family === 'ipv6' || ctx.v3ChecksumAsV2 !== true;
}

/**
 * The checksum `message` (a whole VRRP message, version taken from its first byte) must
 * carry, computed with its checksum field taken as zero. Returns -1 when a pseudo-header is
 * needed and `ctx.source` / `ctx.destination` are not addresses of `family`. Never throws.
 */
export function computeChecksum(message: Uint8Array, family: Family, ctx: ChecksumContext): number {
  let sum = 0;
  if (usesPseudoHeader(message, family, ctx)) {
    sum = pseudoHeaderSum(family, ctx.source, ctx.destination, message.length);
    if (sum < 0) return -1;
  }
  const end = message.length;
  if (end <= CHECKSUM_OFFSET) return ~fold(sumWords(message, 0, end, sum)) & 0xffff;
  sum = sumWords(message, 0, CHECKSUM_OFFSET, sum);
  sum = sumWords(message, CHECKSUM_OFFSET + 2, end, sum);
  return ~fold(sum) & 0xffff;
}

/**
 * True when the checksum carried by `message` is correct for `family` and `ctx` (the
 * one's-complement sum over the covered bytes, checksum included, is 0xffff). False for
 * messages too short to carry a checksum and for unparseable addresses. Never throws.
 */
export function verifyChecksum(message: Uint8Array, family: Family, ctx: ChecksumContext): boolean {
  if (message.length < CHECKSUM_OFFSET + 2) return false;
  let sum = 0;
  if (usesPseudoHeader(message, family, ctx)) {
    sum = pseudoHeaderSum(family, ctx.source, ctx.destination, message.length);
    if (sum < 0) return false;
  }
  return fold(sumWords(message, 0, message.length, sum)) === 0xffff;
}
