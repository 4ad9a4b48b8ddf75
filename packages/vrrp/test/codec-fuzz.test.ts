/**
 * 1,000,000 random and mutated packets through decode and validate: none may throw, and
 * every verdict is a known drop reason or an accepted advert. A seeded xorshift PRNG keeps
 * the iterations cheap (fast-check's generators cost ~50 µs each) and the run reproducible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAdvertisement,
  encodeAdvertisement,
  type ReceiveExpectations,
  validateAdvertisement,
} from '../src/codec/index.js';
import { DROP_REASONS } from '../src/codec/validate.js';
import type { RxMeta } from '../src/types.js';
import { arbAdvert } from './fixtures/arbitraries.js';

const ITERATIONS = 1_000_000;

function xorshift(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('fuzz', () => {
  it(`${ITERATIONS.toLocaleString('en')} random and mutated packets never throw`, () => {
    const next = xorshift(0x5eed);
    const v4: RxMeta = { source: '192.0.2.12', destination: '224.0.0.18', ttl: 255 };
    const v6: RxMeta = { source: 'fe80::ff:fe00:12', destination: 'ff02::12', ttl: 255 };
    const pool = fc.sample(arbAdvert, { numRuns: 500, seed: 42 }).map((advert) => ({
      advert,
      bytes: encodeAdvertisement(advert, advert.family === 'ipv4' ? v4 : v6),
    }));
    const verdicts = new Map<string, number>();
    const known = new Set<string>([...DROP_REASONS, 'ok']);
    for (let i = 0; i < ITERATIONS; i++) {
      const r = next();
      const { advert, bytes: original } = pool[r % pool.length]!;
      let bytes: Uint8Array;
      if ((r >>> 9) % 4 === 0) {
        // Random bytes with a plausible VRRP first byte half of the time.
        bytes = new Uint8Array(next() % 64);
        for (let j = 0; j < bytes.length; j++) bytes[j] = next() & 0xff;
        if (bytes.length > 0 && r & 0x100) bytes[0] = (r & 0x200 ? 0x21 : 0x31) as number;
      } else {
        bytes = original.slice();
        const mutations = 1 + (next() % 3);
        for (let m = 0; m < mutations; m++) {
          const x = next();
          const at = x % Math.max(bytes.length, 1);
          switch ((x >>> 16) % 5) {
            case 0:
              bytes[at]! ^= 1 << ((x >>> 8) & 7);
              break;
            case 1:
              bytes[at] = (x >>> 8) & 0xff;
              break;
            case 2:
              bytes = bytes.subarray(0, at);
              break;
            case 3:
              bytes = Uint8Array.of(...bytes, (x >>> 8) & 0xff);
              break;
            default:
              break; // leave intact: exercises the accept path
          }
        }
      }
      const meta = advert.family === 'ipv4' ? v4 : v6;
      const expectations: ReceiveExpectations = {
        version: advert.version,
        family: r & 0x400 ? advert.family : advert.family === 'ipv4' ? 'ipv6' : 'ipv4',
        vrid: advert.vrid,
        intervalCs: advert.intervalCs,
        addresses: advert.addresses,
        authType: advert.authType === 2 ? 0 : advert.authType,
        skipCheckAdvAddr: (r & 0x800) !== 0,
      };
      const decoded = decodeAdvertisement(bytes, expectations.family);
      const verdict = validateAdvertisement(
        bytes,
        { ...meta, ttl: r & 0x1000 ? 255 : r & 0xff },
        expectations,
      );
      const key = verdict.ok ? 'ok' : verdict.reason;
      verdicts.set(key, (verdicts.get(key) ?? 0) + 1);
      if (!decoded.ok && !known.has(decoded.reason)) throw new Error(`unknown reason ${decoded.reason}`);
    }
    for (const key of verdicts.keys()) expect(known).toContain(key);
    // The fuzz reaches deep into the receive path: accepts and most drop reasons occur.
    for (const reason of [
      'ok',
      'ipTtlErrors',
      'versionErrors',
      'packetLengthErrors',
      'invalidTypeErrors',
      'checksumErrors',
      'authTypeMismatch',
    ]) {
      expect(verdicts.get(reason) ?? 0, reason).toBeGreaterThan(0);
    }
    expect([...verdicts.values()].reduce((a, b) => a + b, 0)).toBe(ITERATIONS);
  });
});
