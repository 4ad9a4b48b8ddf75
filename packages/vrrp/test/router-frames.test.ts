/**
 * Gratuitous ARP and unsolicited NA frames against keepalived 2.2.7's, byte for byte
 * (VECTORS.md §4 `garp` and `unsolicited-na`).
 */
import { describe, expect, it } from 'vitest';
import {
  announcementFrame,
  gratuitousArpFrame,
  icmpv6Checksum,
  parseMac,
  unsolicitedNaFrame,
} from '../src/router/frames.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// a-v2-pass-startup.pcap frame 6 (42 bytes)
const GARP = hex(`
  ff ff ff ff ff ff 02 00 00 00 00 11 08 06 00 01
  08 00 06 04 00 01 02 00 00 00 00 11 c0 00 02 64
  ff ff ff ff ff ff c0 00 02 64`);

// c-v3-ipv6-startup.pcap frame 6 (86 bytes)
const NA = hex(`
  33 33 00 00 00 01 02 00 00 00 00 11 86 dd 60 00
  00 00 00 20 3a ff 20 01 0d b8 00 00 00 00 00 00
  00 00 00 00 01 00 ff 02 00 00 00 00 00 00 00 00
  00 00 00 00 00 01 88 00 f7 1c 20 00 00 00 20 01
  0d b8 00 00 00 00 00 00 00 00 00 00 01 00 02 01
  02 00 00 00 00 11`);

describe('announcement frames', () => {
  it('gratuitous ARP equals keepalived’s', () => {
    expect(gratuitousArpFrame('192.0.2.100', '02:00:00:00:00:11').equals(GARP)).toBe(true);
    expect(announcementFrame('192.0.2.100', parseMac('02:00:00:00:00:11')).equals(GARP)).toBe(true);
  });

  it('unsolicited NA equals keepalived’s (O flag, hop limit 255, target LL option, checksum 0xf71c)', () => {
    const f = unsolicitedNaFrame('2001:db8::100', '02:00:00:00:00:11');
    expect(f.toString('hex')).toBe(NA.toString('hex'));
    expect(f.readUInt16BE(56)).toBe(0xf71c);
    expect(announcementFrame('2001:db8::100', '02:00:00:00:00:11').equals(NA)).toBe(true);
  });

  it('NA checksum verifies to zero over the whole message', () => {
    const f = unsolicitedNaFrame('2001:db8::5', '02:00:00:00:00:12');
    expect(icmpv6Checksum(f.subarray(22, 38), f.subarray(38, 54), f.subarray(54))).toBe(0);
  });

  it('rejects bad input', () => {
    expect(() => parseMac('02:00:00:00:00')).toThrow(RangeError);
    expect(() => parseMac(new Uint8Array(5))).toThrow(RangeError);
    expect(() => gratuitousArpFrame('2001:db8::1', '02:00:00:00:00:11')).toThrow(RangeError);
    expect(() => unsolicitedNaFrame('192.0.2.1', '02:00:00:00:00:11')).toThrow(RangeError);
  });
});
