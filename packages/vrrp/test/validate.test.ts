/** Unit tests of validateAdvertisement: one test per check, plus the order of the checks. */
import { describe, expect, it } from 'vitest';
import {
  type AdvertisementInput,
  encodeAdvertisement,
  passwordAuthData,
  type ReceiveExpectations,
  type ValidationResult,
  validateAdvertisement,
} from '../src/codec/index.js';
import type { RxMeta } from '../src/types.js';

const PEER = '192.0.2.12';
const ME = '192.0.2.11';
const GROUP = '224.0.0.18';
const meta: RxMeta = { source: PEER, destination: GROUP, ttl: 255, ifname: 'eth0' };

const v2: AdvertisementInput = {
  version: 2,
  family: 'ipv4',
  vrid: 51,
  priority: 100,
  intervalCs: 100,
  addresses: ['192.0.2.100', '192.0.2.101'],
  authType: 1,
  authData: passwordAuthData('1111'),
};
const v2Expect: ReceiveExpectations = {
  version: 2,
  family: 'ipv4',
  vrid: 51,
  intervalCs: 100,
  addresses: ['192.0.2.100', '192.0.2.101'],
  authType: 1,
  authPass: '1111',
  ownAddresses: [ME],
};
const v3: AdvertisementInput = { ...v2, version: 3, authType: 0, authData: new Uint8Array(0) };
const v3Expect: ReceiveExpectations = { ...v2Expect, version: 3, authType: undefined, authPass: undefined };
const v6: AdvertisementInput = { ...v3, family: 'ipv6', addresses: ['2001:db8::100'] };
const v6Meta: RxMeta = { source: 'fe80::ff:fe00:12', destination: 'ff02::12', ttl: 255 };
const v6Expect: ReceiveExpectations = {
  ...v3Expect,
  family: 'ipv6',
  addresses: ['2001:db8::100'],
  ownAddresses: ['fe80::ff:fe00:11'],
};

const send = (advert: AdvertisementInput, m: RxMeta = meta) =>
  encodeAdvertisement(advert, { source: m.source, destination: m.destination });
const reasonOf = (result: ValidationResult) => (result.ok ? 'ok' : result.reason);
const check = (advert: AdvertisementInput, expectations: ReceiveExpectations, m: RxMeta = meta) =>
  validateAdvertisement(send(advert, m), m, expectations);

describe('validateAdvertisement', () => {
  it('accepts matching v2, v3 and v3/IPv6 adverts and returns the decoded advert', () => {
    const r2 = check(v2, v2Expect);
    expect(r2).toMatchObject({
      ok: true,
      intervalMismatch: false,
      addressMismatch: false,
      checksumVariant: 'rfc',
    });
    expect(r2.ok && r2.advert.addresses).toEqual(['192.0.2.100', '192.0.2.101']);
    expect(reasonOf(check(v3, v3Expect))).toBe('ok');
    expect(reasonOf(check(v6, v6Expect, v6Meta))).toBe('ok');
  });

  it('ownAdvert: the source is one of our addresses (any text form, IPv6 zone ignored)', () => {
    expect(reasonOf(check(v2, { ...v2Expect, ownAddresses: [PEER] }))).toBe('ownAdvert');
    const m = { ...v6Meta, source: 'fe80::ff:fe00:11%eth0' };
    expect(reasonOf(check(v6, { ...v6Expect, ownAddresses: ['FE80:0:0:0:0:FF:FE00:11'] }, m))).toBe(
      'ownAdvert',
    );
  });

  it('unknownPeer: only with checkUnicastSrc and a peer list', () => {
    const unicast = { ...meta, destination: ME };
    const expectations = { ...v3Expect, unicastPeers: ['192.0.2.13'], checkUnicastSrc: true };
    expect(reasonOf(check(v3, expectations, unicast))).toBe('unknownPeer');
    expect(reasonOf(check(v3, { ...expectations, unicastPeers: [PEER] }, unicast))).toBe('ok');
    expect(reasonOf(check(v3, { ...expectations, checkUnicastSrc: false }, unicast))).toBe('ok');
    expect(reasonOf(check(v3, { ...expectations, unicastPeers: [] }, unicast))).toBe('ok');
    const bytes = send(v3, unicast);
    expect(reasonOf(validateAdvertisement(bytes, { ...unicast, source: 'garbage' }, expectations))).toBe(
      'unknownPeer',
    );
  });

  it('ipTtlErrors: TTL / hop limit must be 255', () => {
    for (const ttl of [0, 1, 64, 254, 256, -1]) {
      expect(reasonOf(validateAdvertisement(send(v2), { ...meta, ttl }, v2Expect))).toBe('ipTtlErrors');
    }
    expect(reasonOf(validateAdvertisement(send(v6, v6Meta), { ...v6Meta, ttl: 64 }, v6Expect))).toBe(
      'ipTtlErrors',
    );
  });

  it('unicastTtl: a TTL range instead of 255, only in unicast mode', () => {
    const unicast = { ...meta, destination: ME };
    const bytes = send(v3, unicast);
    const expectations = { ...v3Expect, unicastPeers: [PEER], unicastTtl: { min: 250 } };
    expect(reasonOf(validateAdvertisement(bytes, { ...unicast, ttl: 252 }, expectations))).toBe('ok');
    expect(reasonOf(validateAdvertisement(bytes, { ...unicast, ttl: 249 }, expectations))).toBe(
      'ipTtlErrors',
    );
    const capped = { ...expectations, unicastTtl: { min: 60, max: 64 } };
    expect(reasonOf(validateAdvertisement(bytes, { ...unicast, ttl: 64 }, capped))).toBe('ok');
    expect(reasonOf(validateAdvertisement(bytes, { ...unicast, ttl: 255 }, capped))).toBe('ipTtlErrors');
    // Without unicast peers the range is ignored: 255 is required.
    const multicast = { ...v3Expect, unicastTtl: { min: 1 } };
    expect(reasonOf(validateAdvertisement(send(v3), { ...meta, ttl: 64 }, multicast))).toBe('ipTtlErrors');
  });

  it('versionErrors: v3 to a v2 instance and v2 to a v3 instance', () => {
    expect(reasonOf(check(v3, v2Expect))).toBe('versionErrors');
    expect(reasonOf(check(v2, v3Expect))).toBe('versionErrors');
  });

  it('packetLengthErrors and invalidTypeErrors come from the structural decode', () => {
    const bytes = send(v2);
    expect(reasonOf(validateAdvertisement(bytes.subarray(0, 19), meta, v2Expect))).toBe('packetLengthErrors');
    const typed = bytes.slice();
    typed[0] = 0x22;
    expect(reasonOf(validateAdvertisement(typed, meta, v2Expect))).toBe('invalidTypeErrors');
    expect(reasonOf(validateAdvertisement(new Uint8Array(0), meta, v2Expect))).toBe('packetLengthErrors');
  });

  it('checksumErrors: any flipped bit of a v2 message; a wrong pseudo-header for v3', () => {
    const bytes = send(v2);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      if (bit < 8) continue; // version/type byte: caught earlier as versionErrors/invalidTypeErrors
      const copy = bytes.slice();
      copy[bit >> 3]! ^= 1 << (bit & 7);
      const r = validateAdvertisement(copy, meta, v2Expect);
      // Flipping the count changes the length check first.
      const expected =
        bit >> 3 === 3
          ? 'packetLengthErrors'
          : bit >> 3 === 4
            ? ['checksumErrors', 'invalidAuthType']
            : 'checksumErrors';
      if (Array.isArray(expected)) expect(expected).toContain(reasonOf(r));
      else expect(reasonOf(r)).toBe(expected);
    }
    const v3bytes = send(v3);
    expect(reasonOf(validateAdvertisement(v3bytes, { ...meta, source: '192.0.2.13' }, v3Expect))).toBe(
      'checksumErrors',
    );
    expect(reasonOf(validateAdvertisement(v3bytes, { ...meta, destination: ME }, v3Expect))).toBe(
      'checksumErrors',
    );
  });

  it('v3ChecksumAsV2 and oldUnicastChecksum are accepted only when configured', () => {
    const asV2 = encodeAdvertisement(v3, { source: PEER, destination: GROUP, v3ChecksumAsV2: true });
    expect(reasonOf(validateAdvertisement(asV2, meta, v3Expect))).toBe('checksumErrors');
    const r = validateAdvertisement(asV2, meta, { ...v3Expect, v3ChecksumAsV2: true });
    expect(r.ok && r.checksumVariant).toBe('asV2');
    // RFC checksums are still accepted with the option.
    expect(reasonOf(validateAdvertisement(send(v3), meta, { ...v3Expect, v3ChecksumAsV2: true }))).toBe('ok');

    const unicast = { ...meta, destination: ME };
    const old = encodeAdvertisement(v3, { source: PEER, destination: GROUP });
    expect(reasonOf(validateAdvertisement(old, unicast, v3Expect))).toBe('checksumErrors');
    const r2 = validateAdvertisement(old, unicast, { ...v3Expect, oldUnicastChecksum: true });
    expect(r2.ok && r2.checksumVariant).toBe('oldUnicast');
    // Neither variant exists for IPv6 (the kernel checks those checksums).
    const v6asV2 = encodeAdvertisement(v6, v6Meta);
    const broken = v6asV2.slice();
    broken[7]! ^= 1;
    expect(
      reasonOf(
        validateAdvertisement(broken, v6Meta, {
          ...v6Expect,
          v3ChecksumAsV2: true,
          oldUnicastChecksum: true,
        }),
      ),
    ).toBe('checksumErrors');
  });

  it('vrIdErrors: another VRID', () => {
    expect(reasonOf(check({ ...v2, vrid: 52 }, v2Expect))).toBe('vrIdErrors');
    expect(reasonOf(check({ ...v6, vrid: 1 }, v6Expect, v6Meta))).toBe('vrIdErrors');
  });

  it('v2 authentication: type mismatch, AH, password (8 NUL-padded bytes)', () => {
    const none = { ...v2, authType: 0 as const, authData: new Uint8Array(8) };
    expect(reasonOf(check(none, v2Expect))).toBe('authTypeMismatch');
    expect(reasonOf(check(v2, { ...v2Expect, authType: 0 }))).toBe('authTypeMismatch');
    expect(reasonOf(check(v2, { ...v2Expect, authType: undefined }))).toBe('authTypeMismatch');
    expect(reasonOf(check(none, { ...v2Expect, authType: 0 }))).toBe('ok');
    expect(reasonOf(check({ ...v2, authType: 2 }, { ...v2Expect, authType: 2 }))).toBe('invalidAuthType');
    expect(reasonOf(check({ ...v2, authData: passwordAuthData('2222') }, v2Expect))).toBe('authFailures');
    // Only 8 characters count, as in keepalived.
    const long = { ...v2, authData: passwordAuthData('12345678-ignored') };
    expect(reasonOf(check(long, { ...v2Expect, authPass: '12345678' }))).toBe('ok');
    expect(reasonOf(check(long, { ...v2Expect, authPass: '12345678-other' }))).toBe('ok');
    expect(reasonOf(check(long, { ...v2Expect, authPass: '1234567' }))).toBe('authFailures');
    // v3 has no authentication: auth settings are irrelevant.
    expect(reasonOf(check(v3, { ...v3Expect, authType: 1, authPass: 'x' }))).toBe('ok');
  });

  it('addressListErrors: other count, other address; order and text form do not matter', () => {
    expect(reasonOf(check({ ...v2, addresses: ['192.0.2.100'] }, v2Expect))).toBe('addressListErrors');
    expect(reasonOf(check({ ...v2, addresses: ['192.0.2.100', '192.0.2.102'] }, v2Expect))).toBe(
      'addressListErrors',
    );
    expect(reasonOf(check({ ...v2, addresses: ['192.0.2.101', '192.0.2.100'] }, v2Expect))).toBe('ok');
    // keepalived drops even the address owner's (priority 255) advert.
    expect(reasonOf(check({ ...v2, priority: 255, addresses: ['192.0.2.100', '192.0.2.9'] }, v2Expect))).toBe(
      'addressListErrors',
    );
    expect(reasonOf(check(v6, { ...v6Expect, addresses: ['2001:DB8:0::0100'] }, v6Meta))).toBe('ok');
    expect(reasonOf(check(v6, { ...v6Expect, addresses: ['not-an-address'] }, v6Meta))).toBe(
      'addressListErrors',
    );
  });

  it('skipCheckAdvAddr accepts other addresses (flagged) but not another count', () => {
    const skip = { ...v2Expect, skipCheckAdvAddr: true };
    const r = check({ ...v2, addresses: ['192.0.2.100', '192.0.2.102'] }, skip);
    expect(r).toMatchObject({ ok: true, addressMismatch: true, intervalMismatch: false });
    expect(reasonOf(check({ ...v2, addresses: ['192.0.2.100'] }, skip))).toBe('addressListErrors');
    expect(check(v2, skip)).toMatchObject({ ok: true, addressMismatch: false });
  });

  it('intervals: v2 drops a mismatch, v3 accepts and flags it (but not 0)', () => {
    expect(reasonOf(check({ ...v2, intervalCs: 200 }, v2Expect))).toBe('advIntervalErrors');
    expect(check({ ...v3, intervalCs: 50 }, v3Expect)).toMatchObject({
      ok: true,
      intervalMismatch: true,
      advert: { intervalCs: 50 },
    });
    const zero = send(v3);
    zero[4] = 0;
    zero[5] = 0;
    // Fix the checksum for the zero interval: 0x0064 less in the sum.
    const sum = ((zero[6]! << 8) | zero[7]!) + 0x64;
    const fixed = (sum & 0xffff) + (sum >>> 16);
    zero[6] = fixed >> 8;
    zero[7] = fixed & 0xff;
    expect(reasonOf(validateAdvertisement(zero, meta, v3Expect))).toBe('advIntervalErrors');
  });

  it('checks in RFC order: the first failing check is reported', () => {
    const everythingWrong = {
      ...v2,
      vrid: 9,
      authType: 0 as const,
      intervalCs: 300,
      addresses: ['192.0.2.9'],
    };
    const bytes = send(everythingWrong);
    expect(
      reasonOf(validateAdvertisement(bytes, { ...meta, ttl: 1 }, { ...v2Expect, ownAddresses: [PEER] })),
    ).toBe('ownAdvert');
    expect(reasonOf(validateAdvertisement(bytes, { ...meta, ttl: 1 }, v2Expect))).toBe('ipTtlErrors');
    expect(reasonOf(validateAdvertisement(bytes, meta, v3Expect))).toBe('versionErrors');
    const badSum = bytes.slice();
    badSum[7]! ^= 0xff;
    expect(reasonOf(validateAdvertisement(badSum, meta, v2Expect))).toBe('checksumErrors');
    expect(reasonOf(validateAdvertisement(bytes, meta, v2Expect))).toBe('vrIdErrors');
    expect(reasonOf(check({ ...everythingWrong, vrid: 51 }, v2Expect))).toBe('authTypeMismatch');
    const authOk = { ...everythingWrong, vrid: 51, authType: 1 as const, authData: passwordAuthData('1111') };
    expect(reasonOf(check(authOk, v2Expect))).toBe('addressListErrors');
    expect(reasonOf(check({ ...authOk, addresses: v2.addresses }, v2Expect))).toBe('advIntervalErrors');
  });
});
