import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, parseAddress } from '../src/lint/address.js';

describe('linter address parsing (platform neutral)', () => {
  it('agrees with node:net on IPv4 and IPv6 addresses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 20 })), (a) => {
        expect(isIPv4(a)).toBe(isIP(a) === 4);
        expect(isIPv6(a)).toBe(isIP(a) === 6);
      }),
      { numRuns: 2000 },
    );
  });
  it('agrees with node:net on zones (fast-check once found `::%`)', () => {
    for (const a of [
      '::%',
      '::%%',
      '::%a%b',
      '::% ',
      '::%_',
      '::%é',
      'fe80::1%eth0',
      '::%a-b.c:d',
      'fe80::1%1',
    ]) {
      expect(isIPv6(a), a).toBe(isIP(a) === 6);
    }
  });
  it('parses prefixes and rejects bad ones', () => {
    expect(parseAddress('192.0.2.1/24')).toEqual({
      family: 4,
      address: '192.0.2.1',
      key: '192.0.2.1',
      prefix: 24,
    });
    expect(parseAddress('2001:DB8::1')).toEqual({ family: 6, address: '2001:DB8::1', key: '2001:db8::1' });
    expect(parseAddress('192.0.2.1/33')).toBeUndefined();
    expect(parseAddress('192.0.2.999')).toBeUndefined();
    expect(parseAddress('192.0.2.1/x')).toBeUndefined();
    expect(isIPv4('01.2.3.4')).toBe(isIP('01.2.3.4') === 4);
  });
});
