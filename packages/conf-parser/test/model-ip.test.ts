import { Address4, Address6 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import { isIpv4, parseIp, parsePrefix } from '../src/model/ip.js';

/** The reference: ip-address's own verdicts and canonical forms (what ip.ts used to call for every address). */
function refIp(text: string, family?: 4 | 6): { address: string; family: 4 | 6 } | undefined {
  if (text.includes('/')) return undefined;
  if (family !== 6 && Address4.isValid(text)) return { address: new Address4(text).correctForm(), family: 4 };
  if (family !== 4 && text.includes(':') && Address6.isValid(text)) {
    return { address: new Address6(text).correctForm(), family: 6 };
  }
  return undefined;
}

function refPrefix(text: string) {
  const slash = text.indexOf('/');
  const ip = refIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max, explicitPrefix: false };
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText) || Number(lenText) > max) return undefined;
  return { ...ip, prefix: Number(lenText), explicitPrefix: true };
}

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const V4_PARTS = [
  '0',
  '1',
  '01',
  '00',
  '9',
  '99',
  '100',
  '199',
  '249',
  '250',
  '255',
  '256',
  '300',
  '1000',
  '',
  'a',
];
const V6_PARTS = [
  '0',
  '0',
  '0',
  '1',
  'a',
  'ff',
  'FFFF',
  '0000',
  '00000',
  'abc',
  'db8',
  '2001',
  'g',
  '',
  '1.2.3.4',
];
const TAILS = ['', '', '', '/24', '/64', '/128', '/129', '/', '/x', '%eth0', '.1', ' '];

function candidate(next: () => number): string {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(next() * a.length)] as T;
  if (next() < 0.4) {
    const n = 1 + Math.floor(next() * 5);
    return Array.from({ length: n }, () => pick(V4_PARTS)).join(pick(['.', '.', '.', ':'])) + pick(TAILS);
  }
  const n = Math.floor(next() * 10);
  let s = Array.from({ length: n }, () => pick(V6_PARTS)).join(':');
  if (next() < 0.6) {
    const k = Math.floor(next() * (s.length + 1));
    s = s.slice(0, k) + pick(['::', ':', ':::']) + s.slice(k);
  }
  return s + pick(TAILS);
}

describe('ip parsing agrees with ip-address', () => {
  it('canonicalises the usual forms', () => {
    expect(parseIp('192.0.2.1')).toEqual({ address: '192.0.2.1', family: 4 });
    expect(parseIp('2001:DB8:0:0:0:0:0:1')).toEqual({ address: '2001:db8::1', family: 6 });
    expect(parseIp('2001:db8:0:0:1:0:0:1')).toEqual({ address: '2001:db8::1:0:0:1', family: 6 });
    expect(parseIp('0:0:0:0:0:0:0:0')).toEqual({ address: '::', family: 6 });
    expect(parseIp('1::')).toEqual({ address: '1::', family: 6 });
    expect(parseIp('0001:0:1:0:1:0:1:0')).toEqual({ address: '1:0:1:0:1:0:1:0', family: 6 });
    expect(parseIp('::ffff:192.0.2.1')).toEqual(refIp('::ffff:192.0.2.1'));
    expect(parseIp('fe80::1%eth0')).toEqual(refIp('fe80::1%eth0'));
    expect(parseIp('192.0.2.01')).toBeUndefined();
    expect(parseIp('192.0.2.1', 6)).toBeUndefined();
    expect(parseIp('::1', 4)).toBeUndefined();
    expect(parsePrefix('2001:db8::/64')).toEqual({
      address: '2001:db8::',
      family: 6,
      prefix: 64,
      explicitPrefix: true,
    });
    expect(parsePrefix('192.0.2.0/33')).toBeUndefined();
    expect(isIpv4('255.255.255.255')).toBe(true);
    expect(isIpv4('1.2.3')).toBe(false);
  });

  it('gives the same verdict and canonical form on 50,000 random candidates', () => {
    const next = rng(20261122);
    const diffs: string[] = [];
    let valid = 0;
    for (let i = 0; i < 50_000; i++) {
      const t = candidate(next);
      for (const fam of [undefined, 4, 6] as const) {
        const a = JSON.stringify(refIp(t, fam));
        const b = JSON.stringify(parseIp(t, fam));
        if (a !== b) diffs.push(`parseIp(${JSON.stringify(t)}, ${fam}): ${a} vs ${b}`);
      }
      const ref = refPrefix(t);
      if (ref) valid++;
      if (JSON.stringify(ref) !== JSON.stringify(parsePrefix(t)))
        diffs.push(`parsePrefix(${JSON.stringify(t)})`);
    }
    expect(diffs.slice(0, 10)).toEqual([]);
    expect(valid).toBeGreaterThan(1000);
  });
});
