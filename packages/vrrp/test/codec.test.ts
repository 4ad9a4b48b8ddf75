/** Unit tests of the codec: addresses, checksums, encode errors, decode drop reasons, statistics. */
import { describe, expect, it } from 'vitest';
import type { AdvertisementInput } from '../src/codec/index.js';
import {
  advertisementLength,
  canonicalAddress,
  computeChecksum,
  decodeAdvertisement,
  encodeAdvertisement,
  formatAddress,
  parseAddress,
  passwordAuthData,
  VrrpEncodeError,
  type VrrpEncodeErrorCode,
  VrrpStatistics,
  verifyChecksum,
} from '../src/codec/index.js';
import { fromHex, toHex } from './helpers/pcap.js';

const V4_CTX = { source: '192.0.2.11', destination: '224.0.0.18' };
const V6_CTX = { source: 'fe80::ff:fe00:11', destination: 'ff02::12' };

const v2: AdvertisementInput = {
  version: 2,
  family: 'ipv4',
  vrid: 51,
  priority: 150,
  intervalCs: 100,
  addresses: ['192.0.2.100'],
  authType: 1,
  authData: passwordAuthData('1111'),
};
const v3: AdvertisementInput = { ...v2, version: 3, authType: 0, authData: new Uint8Array(0) };
const v3v6: AdvertisementInput = { ...v3, family: 'ipv6', addresses: ['2001:db8::100'] };

describe('addresses', () => {
  it.each([
    ['192.0.2.100', 'ipv4', 'c0000264'],
    ['0.0.0.0', 'ipv4', '00000000'],
    ['255.255.255.255', 'ipv4', 'ffffffff'],
    ['2001:db8::100', 'ipv6', '20010db8000000000000000000000100'],
    ['2001:DB8:0:0:0:0:0:100', 'ipv6', '20010db8000000000000000000000100'],
    ['::', 'ipv6', '00000000000000000000000000000000'],
    ['::1', 'ipv6', '00000000000000000000000000000001'],
    ['fe80::ff:fe00:11%kl-e0', 'ipv6', 'fe80000000000000000000fffe000011'],
    ['::ffff:192.0.2.1', 'ipv6', '00000000000000000000ffffc0000201'],
    ['2001:db8::', 'ipv6', '20010db8000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', 'ipv6', '00010002000300040005000600070008'],
  ] as const)('parses %s', (text, family, hex) => {
    const bytes = parseAddress(text, family);
    expect(bytes && toHex(bytes)).toBe(hex);
  });

  it.each([
    ['192.0.2', 'ipv4'],
    ['192.0.2.256', 'ipv4'],
    ['192.0.2.01', 'ipv4'],
    ['192.0.2.1.', 'ipv4'],
    ['192.0..1', 'ipv4'],
    ['', 'ipv4'],
    ['2001:db8::1', 'ipv4'],
    ['192.0.2.1', 'ipv6'],
    [':::', 'ipv6'],
    ['1::2::3', 'ipv6'],
    ['1:2:3:4:5:6:7:8:9', 'ipv6'],
    ['1:2:3:4:5:6:7', 'ipv6'],
    ['::1:2:3:4:5:6:7:8', 'ipv6'],
    ['12345::', 'ipv6'],
    ['g::', 'ipv6'],
    ['1:', 'ipv6'],
    [':1', 'ipv6'],
    ['fe80::1%', 'ipv6'],
    ['%eth0', 'ipv6'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'ipv6'],
  ] as const)('rejects %j as %s', (text, family) => {
    expect(parseAddress(text, family)).toBeUndefined();
  });

  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0100', '2001:db8::100'],
    ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:1:1:1:1:0:1', '2001:db8:1:1:1:1:0:1'],
    ['0:0:0:0:0:0:0:0', '::'],
    ['FE80:0:0:0:0:FF:FE00:11', 'fe80::ff:fe00:11'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
  ])('canonical form of %s is %s (RFC 5952)', (text, canonical) => {
    expect(canonicalAddress(text)).toBe(canonical);
    expect(new URL(`http://[${text}]/`).hostname).toBe(`[${canonical}]`);
  });

  it('formatAddress reads at an offset and serves repeats from its cache', () => {
    const bytes = fromHex('ffff c0000264 c0000265');
    expect(formatAddress(bytes, 2, 'ipv4')).toBe('192.0.2.100');
    expect(formatAddress(bytes, 6, 'ipv4')).toBe('192.0.2.101');
    expect(formatAddress(bytes, 2, 'ipv4')).toBe('192.0.2.100');
    expect(canonicalAddress('not an address')).toBeUndefined();
  });
});

describe('checksums', () => {
  it('v2 covers the message only; v3 IPv4 and IPv6 add a pseudo-header', () => {
    const m2 = encodeAdvertisement(v2, V4_CTX);
    expect(toHex(m2.subarray(6, 8))).toBe('2303');
    // v2 checksum does not depend on the addresses of the IP header.
    expect(verifyChecksum(m2, 'ipv4', { source: '198.51.100.1', destination: '203.0.113.9' })).toBe(true);
    const m3 = encodeAdvertisement(v3, V4_CTX);
    expect(toHex(m3.subarray(6, 8))).toBe('d367');
    expect(verifyChecksum(m3, 'ipv4', { source: '192.0.2.11', destination: '192.0.2.12' })).toBe(false);
    const m6 = encodeAdvertisement(v3v6, V6_CTX);
    expect(toHex(m6.subarray(6, 8))).toBe('0c7f');
    expect(verifyChecksum(m6, 'ipv6', { ...V6_CTX, source: 'fe80::ff:fe00:12' })).toBe(false);
  });

  it('v3ChecksumAsV2 drops the IPv4 pseudo-header only', () => {
    const m = encodeAdvertisement(v3, { ...V4_CTX, v3ChecksumAsV2: true });
    expect(toHex(m.subarray(6, 8))).toBe('7602');
    const m6 = encodeAdvertisement(v3v6, { ...V6_CTX, v3ChecksumAsV2: true });
    expect(toHex(m6.subarray(6, 8))).toBe('0c7f');
  });

  it('computeChecksum ignores the checksum field and never throws', () => {
    const m = encodeAdvertisement(v3, V4_CTX);
    const corrupted = m.slice();
    corrupted[6] = 0xaa;
    expect(computeChecksum(corrupted, 'ipv4', V4_CTX)).toBe(0xd367);
    expect(computeChecksum(m, 'ipv4', { source: 'x', destination: 'y' })).toBe(-1);
    expect(verifyChecksum(m, 'ipv4', { source: 'x', destination: 'y' })).toBe(false);
    expect(verifyChecksum(new Uint8Array(3), 'ipv4', V4_CTX)).toBe(false);
    expect(computeChecksum(new Uint8Array(0), 'ipv4', V4_CTX)).toBe(0xffff);
    expect(computeChecksum(Uint8Array.of(0x21, 1, 2), 'ipv4', V4_CTX)).toBe(~(0x2101 + 0x0200) & 0xffff);
  });
});

describe('encodeAdvertisement', () => {
  it('writes the v2 layout with auth data present even for auth type 0', () => {
    const m = encodeAdvertisement({ ...v2, authType: 0, authData: new Uint8Array(0) }, V4_CTX);
    expect(toHex(m)).toBe('2133960100018665c00002640000000000000000');
    expect(m.length).toBe(advertisementLength(2, 'ipv4', 1));
  });

  it('pads short auth data and cuts passwords to 8 bytes', () => {
    expect(toHex(passwordAuthData('secretpassword'))).toBe(toHex(new TextEncoder().encode('secretpa')));
    const m = encodeAdvertisement({ ...v2, authData: Uint8Array.of(0x41) }, V4_CTX);
    expect(toHex(m.subarray(12))).toBe('4100000000000000');
  });

  it('writes v3 with 12-bit centiseconds, several addresses, and zero addresses', () => {
    const m = encodeAdvertisement(
      { ...v3, intervalCs: 4095, addresses: ['192.0.2.1', '198.51.100.2'] },
      V4_CTX,
    );
    expect(toHex(m.subarray(0, 6))).toBe('313396020fff');
    expect(toHex(m.subarray(8))).toBe('c0000201c6336402');
    const empty = encodeAdvertisement({ ...v3v6, addresses: [] }, V6_CTX);
    expect(empty.length).toBe(8);
    expect(decodeAdvertisement(empty, 'ipv6')).toMatchObject({ ok: true, advert: { addresses: [] } });
  });

  const bad: [string, Partial<AdvertisementInput>, VrrpEncodeErrorCode][] = [
    ['version 4', { version: 4 as 2 }, 'invalidVersion'],
    ['v2 over IPv6', { family: 'ipv6', addresses: [] }, 'versionFamilyMismatch'],
    ['vrid 0', { vrid: 0 }, 'vridOutOfRange'],
    ['vrid 256', { vrid: 256 }, 'vridOutOfRange'],
    ['vrid 1.5', { vrid: 1.5 }, 'vridOutOfRange'],
    ['priority -1', { priority: -1 }, 'priorityOutOfRange'],
    ['priority 256', { priority: 256 }, 'priorityOutOfRange'],
    ['256 addresses', { addresses: Array.from({ length: 256 }, () => '192.0.2.1') }, 'tooManyAddresses'],
    ['an IPv6 address in v2', { addresses: ['2001:db8::1'] }, 'invalidAddress'],
    ['v2 interval 150 cs', { intervalCs: 150 }, 'intervalNotRepresentable'],
    ['v2 interval 0', { intervalCs: 0 }, 'intervalNotRepresentable'],
    ['v2 interval 256 s', { intervalCs: 25600 }, 'intervalNotRepresentable'],
    ['auth type 3', { authType: 3 as 0 }, 'invalidAuthType'],
    ['9 bytes of auth data', { authData: new Uint8Array(9) }, 'authDataTooLong'],
  ];
  it.each(bad)('throws VrrpEncodeError for %s', (_name, patch, code) => {
    expect(() => encodeAdvertisement({ ...v2, ...patch }, V4_CTX)).toThrow(
      expect.objectContaining({ name: 'VrrpEncodeError', code }),
    );
  });

  it.each([
    [{ intervalCs: 0 }, 'intervalNotRepresentable'],
    [{ intervalCs: 4096 }, 'intervalNotRepresentable'],
    [{ intervalCs: 10.5 }, 'intervalNotRepresentable'],
  ] as const)('throws for v3 %j', (patch, code) => {
    expect(() => encodeAdvertisement({ ...v3, ...patch }, V4_CTX)).toThrow(expect.objectContaining({ code }));
  });

  it('throws invalidChecksumContext when a v3 pseudo-header cannot be built', () => {
    const err = (() => {
      try {
        encodeAdvertisement(v3v6, V4_CTX);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(VrrpEncodeError);
    expect((err as VrrpEncodeError).code).toBe('invalidChecksumContext');
    // v2 needs no pseudo-header: any context will do.
    expect(encodeAdvertisement(v2, { source: '', destination: '' }).length).toBe(20);
  });
});

describe('decodeAdvertisement', () => {
  const good2 = encodeAdvertisement(v2, V4_CTX);
  const good3 = encodeAdvertisement(v3, V4_CTX);
  const patch = (bytes: Uint8Array, at: number, value: number) => {
    const copy = bytes.slice();
    copy[at] = value;
    return copy;
  };
  it.each([
    ['empty', new Uint8Array(0), 'ipv4', 'packetLengthErrors'],
    ['7 bytes', good3.subarray(0, 7), 'ipv4', 'packetLengthErrors'],
    ['version 1', patch(good2, 0, 0x11), 'ipv4', 'versionErrors'],
    ['version 4', patch(good2, 0, 0x41), 'ipv4', 'versionErrors'],
    ['v2 over IPv6', good2, 'ipv6', 'versionErrors'],
    ['type 2', patch(good2, 0, 0x22), 'ipv4', 'invalidTypeErrors'],
    ['type 0', patch(good3, 0, 0x30), 'ipv4', 'invalidTypeErrors'],
    ['count 2 with one address', patch(good2, 3, 2), 'ipv4', 'packetLengthErrors'],
    ['count 0 with one address', patch(good3, 3, 0), 'ipv4', 'packetLengthErrors'],
    ['a trailing byte', Uint8Array.of(...good3, 0), 'ipv4', 'packetLengthErrors'],
    ['v2 without auth data', good2.subarray(0, 12), 'ipv4', 'packetLengthErrors'],
    ['v3/IPv4 bytes read as IPv6', good3, 'ipv6', 'packetLengthErrors'],
    ['v2 auth type 3', patch(good2, 4, 3), 'ipv4', 'invalidAuthType'],
  ] as const)('drops %s', (_name, bytes, family, reason) => {
    const result = decodeAdvertisement(bytes, family);
    expect(result.ok ? 'ok' : result.reason).toBe(reason);
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
  });

  it('ignores v3 reserved bits and keeps the checksum as found', () => {
    const result = decodeAdvertisement(patch(good3, 4, 0xf0), 'ipv4');
    expect(result).toMatchObject({ ok: true, advert: { intervalCs: 100, checksum: 0xd367, authType: 0 } });
  });

  it('accepts a Node Buffer and still copies the auth data out of it', () => {
    const buffer = Buffer.from(good2);
    const result = decodeAdvertisement(buffer, 'ipv4');
    buffer.fill(0);
    expect(result.ok && toHex(result.advert.authData)).toBe('3131313100000000');
    expect(result.ok && result.advert.addresses).toEqual(['192.0.2.100']);
  });

  it('copies v2 auth data (the decoded advert does not alias the input)', () => {
    const input = good2.slice();
    const result = decodeAdvertisement(input, 'ipv4');
    input.fill(0);
    expect(result.ok && toHex(result.advert.authData)).toBe('3131313100000000');
  });
});

describe('VrrpStatistics', () => {
  it('counts drops by reason, accepted adverts, priority 0 both ways, flags per the MIB', () => {
    const stats = new VrrpStatistics();
    const advert = { ...v3, checksum: 0 };
    stats.record({ ok: false, reason: 'checksumErrors', detail: '' });
    stats.record({ ok: false, reason: 'checksumErrors', detail: '' });
    stats.record({ ok: false, reason: 'ipTtlErrors', detail: '' });
    stats.record({
      ok: true,
      advert,
      intervalMismatch: true,
      addressMismatch: false,
      checksumVariant: 'rfc',
    });
    stats.record({
      ok: true,
      advert: { ...advert, priority: 0 },
      intervalMismatch: false,
      addressMismatch: true,
      checksumVariant: 'rfc',
    });
    stats.record({ ok: true, advert });
    stats.recordSent({ priority: 100 });
    stats.recordSent({ priority: 0 });
    stats.recordMasterTransition();
    const s = stats.snapshot();
    expect(s).toMatchObject({
      checksumErrors: 2,
      ipTtlErrors: 1,
      dropped: 3,
      advertisementsReceived: 3,
      priorityZeroReceived: 1,
      advIntervalErrors: 1,
      addressListErrors: 1,
      advertisementsSent: 2,
      priorityZeroSent: 1,
      masterTransitions: 1,
      vrIdErrors: 0,
    });
    expect(Object.isFrozen(s)).toBe(true);
    stats.reset();
    expect(Object.values(stats.snapshot()).every((v) => v === 0)).toBe(true);
    expect(s.checksumErrors).toBe(2);
  });
});
