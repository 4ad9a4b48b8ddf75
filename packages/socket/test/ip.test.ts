import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIP, parseIP, parseIPv4, parseIPv6 } from '../src/ip.js';

describe('ip text ⇄ bytes', () => {
  it('parses and formats IPv4', () => {
    expect(parseIPv4('192.0.2.1')).toEqual(Buffer.from([192, 0, 2, 1]));
    expect(parseIPv4('256.0.0.1')).toBeUndefined();
    expect(parseIPv4('1.2.3')).toBeUndefined();
    expect(formatIP(Buffer.from([203, 0, 113, 7]))).toBe('203.0.113.7');
  });

  it('parses IPv6 forms', () => {
    expect(parseIPv6('ff02::12')?.toString('hex')).toBe('ff020000000000000000000000000012');
    expect(parseIPv6('::')?.toString('hex')).toBe('0'.repeat(32));
    expect(parseIPv6('::ffff:192.0.2.1')?.toString('hex')).toBe('00000000000000000000ffffc0000201');
    expect(parseIPv6('2001:db8::1:2:3:4:5')?.toString('hex')).toBe('20010db8000000010002000300040005');
    expect(parseIPv6('2001:db8:0:0:0:0:0:1')).toEqual(parseIPv6('2001:db8::1'));
    expect(parseIPv6('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIPv6('1::2::3')).toBeUndefined();
    expect(parseIPv6('g::1')).toBeUndefined();
  });

  it('formats IPv6 canonically (RFC 5952)', () => {
    expect(formatIP(parseIPv6('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatIP(parseIPv6('2001:db8:0:1:0:0:0:1')!)).toBe('2001:db8:0:1::1');
    expect(formatIP(parseIPv6('fe80::')!)).toBe('fe80::');
    expect(formatIP(parseIPv6('2001:db8:1:1:1:1:1:1')!)).toBe('2001:db8:1:1:1:1:1:1');
    expect(formatIP(parseIPv6('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
  });

  it('round-trips any 16 bytes through text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIP(bytes);
        expect(parseIP(text)?.bytes).toEqual(Buffer.from(bytes));
      }),
    );
  });
});
