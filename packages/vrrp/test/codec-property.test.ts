/** Property tests: encode∘decode is the identity; decode/validate never throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalAddress,
  decodeAdvertisement,
  encodeAdvertisement,
  formatAddress,
  parseAddress,
  type ReceiveExpectations,
  validateAdvertisement,
  verifyChecksum,
} from '../src/codec/index.js';
import { DROP_REASONS } from '../src/codec/validate.js';
import type { RxMeta } from '../src/types.js';
import { arbAdvert, arbChecksumContext, arbMutatedPacket } from './fixtures/arbitraries.js';

describe('addresses', () => {
  const arbWords = fc.array(
    fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max: 0xffff })),
    { minLength: 8, maxLength: 8 },
  );
  it('IPv6 bytes → text is RFC 5952 canonical (as WHATWG URL writes it) and parses back', () => {
    fc.assert(
      fc.property(arbWords, (words) => {
        const bytes = new Uint8Array(16);
        words.forEach((w, i) => {
          bytes[i * 2] = w >> 8;
          bytes[i * 2 + 1] = w & 0xff;
        });
        const text = formatAddress(bytes, 0, 'ipv6');
        expect(`[${text}]`).toBe(new URL(`http://[${words.map((w) => w.toString(16)).join(':')}]/`).hostname);
        expect(parseAddress(text, 'ipv6')).toEqual(bytes);
      }),
      { numRuns: 5_000 },
    );
  });

  it('IPv4 bytes → dotted quad → the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 4 }), (bytes) => {
        const text = formatAddress(bytes, 0, 'ipv4');
        expect(text).toBe(Array.from(bytes).join('.'));
        expect(parseAddress(text, 'ipv4')).toEqual(bytes);
      }),
      { numRuns: 2_000 },
    );
  });

  it('parseAddress never throws and agrees with the URL parser on what is IPv6', () => {
    const arbText = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), maxLength: 45 }),
      fc.string(),
    );
    fc.assert(
      fc.property(arbText, (text) => {
        const ours = parseAddress(text, 'ipv6');
        let url: string | undefined;
        try {
          url = new URL(`http://[${text}]/`).hostname;
        } catch {
          url = undefined;
        }
        if (ours !== undefined) expect(url).toBe(`[${formatAddress(ours, 0, 'ipv6')}]`);
        else if (/^[0-9a-fA-F:.]*$/.test(text)) expect(url).toBeUndefined();
        parseAddress(text, 'ipv4');
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('encode ∘ decode', () => {
  it('decode(encode(a)) gives a back, with a verifying checksum, for v2/v3 × IPv4/IPv6 × 0..N addresses', () => {
    fc.assert(
      fc.property(arbAdvert, arbChecksumContext, (advert, ctxs) => {
        const ctx = advert.family === 'ipv4' ? ctxs.ipv4 : ctxs.ipv6;
        const bytes = encodeAdvertisement(advert, ctx);
        expect(verifyChecksum(bytes, advert.family, ctx)).toBe(true);
        const decoded = decodeAdvertisement(bytes, advert.family);
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        const { checksum, ...fields } = decoded.advert;
        expect(checksum).toBe((bytes[6]! << 8) | bytes[7]!);
        expect(fields).toEqual({
          ...advert,
          addresses: advert.addresses.map((a) => canonicalAddress(a, advert.family)),
        });
        // And encode(decode(bytes)) gives the bytes back.
        expect(encodeAdvertisement(decoded.advert, ctx)).toEqual(bytes);

        const meta: RxMeta = { source: ctx.source, destination: ctx.destination, ttl: 255 };
        const expectations: ReceiveExpectations = {
          version: advert.version,
          family: advert.family,
          vrid: advert.vrid,
          intervalCs: advert.intervalCs,
          addresses: [...advert.addresses].reverse(),
          authType: advert.authType === 2 ? 0 : advert.authType,
          v3ChecksumAsV2: ctx.v3ChecksumAsV2 === true,
        };
        const verdict = validateAdvertisement(bytes, meta, expectations);
        const unique = new Set(advert.addresses.map((a) => canonicalAddress(a, advert.family))).size;
        if (advert.version === 2 && advert.authType !== 0) {
          expect(verdict.ok).toBe(false);
        } else if (unique === advert.addresses.length) {
          expect(verdict).toMatchObject({ ok: true, intervalMismatch: false, addressMismatch: false });
        }
      }),
      { numRuns: 3_000 },
    );
  });
});

const arbMeta = fc.record({
  source: fc.oneof(
    fc.constantFrom('192.0.2.12', '192.0.2.11', 'fe80::ff:fe00:12', '2001:db8::12', '', 'zz', '::'),
    fc.string(),
  ),
  destination: fc.oneof(fc.constantFrom('224.0.0.18', 'ff02::12', '192.0.2.11'), fc.string()),
  ttl: fc.oneof(fc.constant(255), fc.integer({ min: -1, max: 300 })),
});
const arbExpect = fc.record(
  {
    version: fc.constantFrom(2 as const, 3 as const),
    family: fc.constantFrom('ipv4' as const, 'ipv6' as const),
    vrid: fc.integer({ min: 0, max: 256 }),
    intervalCs: fc.integer({ min: 0, max: 5000 }),
    addresses: fc.array(fc.constantFrom('192.0.2.100', '2001:db8::100', 'junk', ''), { maxLength: 3 }),
    authType: fc.constantFrom(0 as const, 1 as const, 2 as const),
    authPass: fc.string(),
    ownAddresses: fc.array(fc.constantFrom('192.0.2.11', 'fe80::ff:fe00:11', 'x'), { maxLength: 2 }),
    unicastPeers: fc.array(fc.constantFrom('192.0.2.12', 'fe80::ff:fe00:12', 'x'), { maxLength: 2 }),
    checkUnicastSrc: fc.boolean(),
    skipCheckAdvAddr: fc.boolean(),
    v3ChecksumAsV2: fc.boolean(),
    oldUnicastChecksum: fc.boolean(),
  },
  { requiredKeys: ['version', 'family', 'vrid', 'intervalCs', 'addresses'] },
);

describe('never throws', () => {
  it('decode and validate return a typed verdict for random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), arbMeta, arbExpect, (bytes, meta, expectations) => {
        const decoded = decodeAdvertisement(bytes, expectations.family);
        if (!decoded.ok) expect(DROP_REASONS).toContain(decoded.reason);
        const verdict = validateAdvertisement(bytes, meta, expectations);
        if (!verdict.ok) expect(DROP_REASONS).toContain(verdict.reason);
        else expect(verdict.advert.vrid).toBe(expectations.vrid);
      }),
      { numRuns: 10_000 },
    );
  });

  it('decode and validate return a typed verdict for mutated valid adverts', () => {
    fc.assert(
      fc.property(arbMutatedPacket, arbMeta, arbExpect, ({ bytes }, meta, expectations) => {
        const verdict = validateAdvertisement(bytes, meta, expectations);
        expect(typeof verdict.ok).toBe('boolean');
        for (const family of ['ipv4', 'ipv6'] as const) {
          const decoded = decodeAdvertisement(bytes, family);
          if (decoded.ok) {
            expect(decoded.advert.addresses.length).toBe(bytes[3]);
          }
        }
      }),
      { numRuns: 5_000 },
    );
  });
});
