/**
 * A tiny reader of classic pcap files (Ethernet link type) for golden tests: yields each
 * frame's IPv4 / IPv6 packet with the addresses, TTL / hop limit, protocol and payload
 * (trimmed to the IP length, so Ethernet padding is gone). No IPv6 extension headers are
 * followed (VRRP adverts carry none); the `protocol` is the first next header.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { formatAddress } from '../../src/codec/address.js';
import type { Family } from '../../src/types.js';

/** One IP packet of a capture. */
export interface PcapIpPacket {
  /** 1-based frame number (as Wireshark counts). */
  frame: number;
  /** Capture time in seconds since the epoch. */
  time: number;
  /** IP version of the packet. */
  family: Family;
  /** Source address, canonical text. */
  source: string;
  /** Destination address, canonical text. */
  destination: string;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: number;
  /** IPv4 protocol / IPv6 next header. */
  protocol: number;
  /** The IP payload. */
  payload: Uint8Array;
  /** The whole frame from the Ethernet header on. */
  frameBytes: Uint8Array;
}

/** Parses Ethernet frame bytes into its IP packet, or undefined for non-IP frames. */
export function parseFrame(frameBytes: Uint8Array, frame = 0, time = 0): PcapIpPacket | undefined {
  if (frameBytes.length < 14) return undefined;
  const view = new DataView(frameBytes.buffer, frameBytes.byteOffset, frameBytes.byteLength);
  const etherType = view.getUint16(12);
  const ip = frameBytes.subarray(14);
  if (etherType === 0x0800 && ip.length >= 20) {
    const ihl = (ip[0]! & 0x0f) * 4;
    const total = (ip[2]! << 8) | ip[3]!;
    return {
      frame,
      time,
      family: 'ipv4',
      source: formatAddress(ip, 12, 'ipv4'),
      destination: formatAddress(ip, 16, 'ipv4'),
      ttl: ip[8]!,
      protocol: ip[9]!,
      payload: ip.slice(ihl, total),
      frameBytes,
    };
  }
  if (etherType === 0x86dd && ip.length >= 40) {
    const payloadLength = (ip[4]! << 8) | ip[5]!;
    return {
      frame,
      time,
      family: 'ipv6',
      source: formatAddress(ip, 8, 'ipv6'),
      destination: formatAddress(ip, 24, 'ipv6'),
      ttl: ip[7]!,
      protocol: ip[6]!,
      payload: ip.slice(40, 40 + payloadLength),
      frameBytes,
    };
  }
  return undefined;
}

/** Reads every IP packet of a classic pcap file (micro- or nanosecond, either byte order). */
export function readPcap(path: string): PcapIpPacket[] {
  const file = readFileSync(path);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magicLe = view.getUint32(0, true);
  let little: boolean;
  let nano = false;
  if (magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d) {
    little = true;
    nano = magicLe === 0xa1b23c4d;
  } else {
    const magicBe = view.getUint32(0, false);
    if (magicBe !== 0xa1b2c3d4 && magicBe !== 0xa1b23c4d) throw new Error(`${path}: not a pcap file`);
    little = false;
    nano = magicBe === 0xa1b23c4d;
  }
  const linkType = view.getUint32(20, little);
  if (linkType !== 1) throw new Error(`${path}: link type ${linkType}, only Ethernet (1) supported`);
  const packets: PcapIpPacket[] = [];
  let offset = 24;
  let frame = 0;
  while (offset + 16 <= file.length) {
    const seconds = view.getUint32(offset, little);
    const fraction = view.getUint32(offset + 4, little);
    const captured = view.getUint32(offset + 8, little);
    offset += 16;
    frame++;
    const bytes = new Uint8Array(file.buffer, file.byteOffset + offset, captured).slice();
    offset += captured;
    const packet = parseFrame(bytes, frame, seconds + fraction / (nano ? 1e9 : 1e6));
    if (packet !== undefined) packets.push(packet);
  }
  return packets;
}

/** The VRRP packets (protocol 112) of a capture. */
export function readVrrpPackets(path: string): PcapIpPacket[] {
  return readPcap(path).filter((p) => p.protocol === 112);
}

/** Bytes of a hex string (whitespace ignored). */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
