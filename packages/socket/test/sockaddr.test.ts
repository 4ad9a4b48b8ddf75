import { describe, expect, it } from 'vitest';
import { parseIPv6 } from '../src/ip.js';
import { decodeSockaddr, sockaddrIn, sockaddrIn6, sockaddrLl, sockaddrNl } from '../src/sockaddr.js';

describe('sockaddr codec', () => {
  it('encodes sockaddr_in and decodes it back', () => {
    const b = sockaddrIn(Buffer.from([224, 0, 0, 18]), 0);
    expect(b.toString('hex')).toBe('02000000e00000120000000000000000');
    expect(decodeSockaddr(b)).toEqual({ family: 4, address: '224.0.0.18', port: 0, scopeId: 0 });
  });

  it('encodes sockaddr_in6 with a scope id', () => {
    const b = sockaddrIn6(parseIPv6('fe80::1')!, 7, 0);
    expect(b.length).toBe(28);
    expect(decodeSockaddr(b)).toEqual({ family: 6, address: 'fe80::1', port: 0, scopeId: 7 });
  });

  it('encodes sockaddr_nl and sockaddr_ll', () => {
    expect(decodeSockaddr(sockaddrNl(1234, 5))).toEqual({ family: 'netlink', pid: 1234, groups: 5 });
    const ll = sockaddrLl(3, 0x0806, Buffer.from('ffffffffffff', 'hex'));
    expect(ll.toString('hex')).toBe('110008060300000000000006ffffffffffff0000');
    const d = decodeSockaddr(ll);
    expect(d).toMatchObject({ family: 'packet', protocol: 0x0806, ifindex: 3 });
  });

  it('reports unknown families without throwing', () => {
    expect(decodeSockaddr(Buffer.from([1]))).toMatchObject({ family: 'unknown' });
    expect(decodeSockaddr(Buffer.from([99, 0, 1, 2]))).toMatchObject({ family: 'unknown' });
  });
});
