import { describe, expect, it } from 'vitest';
import { echoIdentifier } from '../src/icmp.js';
import { createIcmpTransport, IcmpUnavailableError } from '../src/index.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** An IPv4 header (20 bytes, protocol `proto`) as quoted by an ICMP error. */
const IP4 = (proto: number) =>
  `4500001c 0000 0000 40${proto.toString(16).padStart(2, '0')} 0000 c0000202 c00002c8`;
/** An IPv6 header (40 bytes, next header `nh`). */
const IP6 = (nh: number) =>
  `60000000 0010 ${nh.toString(16).padStart(2, '0')}40 20010db8000000000000000000000002 20010db8ffff00000000000000000001`;

describe('echoIdentifier (raw sockets keep only messages about identifiers they sent)', () => {
  it('reads the identifier of an echo reply', () => {
    expect(echoIdentifier(4, hex('0000 ffff beef 0005 6162'))).toBe(0xbeef);
    expect(echoIdentifier(6, hex('8100 0000 1234 0001'))).toBe(0x1234);
  });

  it('reads the identifier of the echo request an ICMP error quotes', () => {
    // IPv4 host unreachable quoting 192.0.2.2 → 192.0.2.200, ICMP echo request id 0x0a0b seq 9.
    expect(echoIdentifier(4, hex(`0301 0000 00000000 ${IP4(1)} 0800 0000 0a0b 0009`))).toBe(0x0a0b);
    // Time exceeded, parameter problem.
    expect(echoIdentifier(4, hex(`0b00 0000 00000000 ${IP4(1)} 0800 0000 0102 0009`))).toBe(0x0102);
    // ICMPv6 destination unreachable (no route) quoting an echo request id 0x0a0b.
    expect(echoIdentifier(6, hex(`0100 0000 00000000 ${IP6(58)} 8000 0000 0a0b 0009`))).toBe(0x0a0b);
  });

  it('ignores requests, other types, errors about other protocols or non-echo messages, and short messages', () => {
    expect(echoIdentifier(4, hex('0800 0000 0001 0001'))).toBeUndefined(); // our own request, looped back
    expect(echoIdentifier(6, hex('8000 0000 0001 0001'))).toBeUndefined();
    expect(echoIdentifier(6, hex('8700 0000 00000000'))).toBeUndefined(); // neighbour solicitation
    expect(echoIdentifier(4, hex(`0303 0000 00000000 ${IP4(17)} 0035 0035 0008 0000`))).toBeUndefined(); // UDP
    expect(echoIdentifier(4, hex(`0301 0000 00000000 ${IP4(1)} 0000 0000 0a0b 0009`))).toBeUndefined(); // quoted reply
    expect(echoIdentifier(6, hex(`0100 0000 00000000 ${IP6(17)} 8000 0000 0a0b 0009`))).toBeUndefined();
    expect(echoIdentifier(4, hex(`0301 0000 00000000 ${IP4(1)} 0800`))).toBeUndefined(); // truncated quote
    expect(echoIdentifier(4, hex('0000 0000 0001'))).toBeUndefined();
    // Family matters: an ICMPv4 reply type read as ICMPv6 is nothing.
    expect(echoIdentifier(6, hex('0000 0000 0001 0001'))).toBeUndefined();
  });
});

describe('createIcmpTransport (argument checks)', () => {
  it('rejects a family other than 4 or 6 before opening anything', () => {
    expect(() => createIcmpTransport(5 as 4)).toThrow(TypeError);
  });

  it('IcmpUnavailableError carries a stable code and both causes', () => {
    const e = new IcmpUnavailableError(6, { code: 'EACCES' }, { code: 'EPERM' });
    expect(e).toMatchObject({ code: 'ERR_ICMP_UNAVAILABLE', name: 'IcmpUnavailableError' });
    expect(e.message).toBe(
      'no ICMPv6 socket: ping socket EACCES (is the group within net.ipv4.ping_group_range?), raw socket EPERM (needs CAP_NET_RAW)',
    );
  });
});
