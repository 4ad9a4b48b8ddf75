import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UdpCheckOptions } from '../../src/checkers/index.js';
import {
  CheckerConfigError,
  createUdpCheck,
  matchHexPattern,
  parseHex,
  parseHexPattern,
} from '../../src/checkers/index.js';
import { expectNoLeaks, never, snapshot } from './helpers.js';

async function udpServer(
  type: 'udp4' | 'udp6',
  reply: (msg: Buffer) => Buffer | undefined,
): Promise<UdpSocket> {
  const s = createSocket(type);
  s.on('message', (m, r) => {
    const out = reply(m);
    if (out) s.send(out, r.port, r.address);
  });
  await new Promise<void>((resolve) => s.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', resolve));
  return s;
}

describe('UDP_CHECK', () => {
  let server: UdpSocket | undefined;
  let before: Map<string, number>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expectNoLeaks(before);
  });

  const udp = (o: Partial<UdpCheckOptions>) =>
    createUdpCheck({ host: '127.0.0.1', port: server!.address().port, connectTimeoutMs: 300, ...o })(never);

  it('require_reply with a pattern: echo matches, X nibbles are wildcards', async () => {
    const got: string[] = [];
    server = await udpServer('udp4', (m) => {
      got.push(m.toString('hex'));
      return m;
    });
    const r = await udp({ payload: 'de ad be ef 01', requireReply: 'DEADbXef' });
    expect(r).toMatchObject({ ok: true, reason: 'reply of 5 bytes' });
    expect(got).toEqual(['deadbeef01']);
    expect(await udp({ payload: 'deadbeef', requireReply: 'deadbeee' })).toMatchObject({
      ok: false,
      code: 'reply',
    });
  });

  it('require_reply checks min and max reply lengths', async () => {
    server = await udpServer('udp4', (m) => m);
    expect(
      (await udp({ payload: '0102030405', requireReply: true, minReplyLength: 5, maxReplyLength: 5 })).ok,
    ).toBe(true);
    expect(await udp({ payload: '0102', requireReply: true, minReplyLength: 3 })).toMatchObject({
      ok: false,
      code: 'reply',
      reason: 'reply of 2 bytes outside 3..255',
    });
    expect(await udp({ payload: '01020304', requireReply: true, maxReplyLength: 3 })).toMatchObject({
      ok: false,
    });
  });

  it('require_reply times out when the server stays silent', async () => {
    server = await udpServer('udp4', () => undefined);
    expect(await udp({ payload: '01', requireReply: true })).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('without require_reply: silence passes after the timeout, a reply passes at once', async () => {
    server = await udpServer('udp4', () => undefined);
    const r = await udp({ payload: '01', connectTimeoutMs: 200 });
    expect(r).toMatchObject({ ok: true });
    expect(r.latencyMs).toBeGreaterThanOrEqual(190);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = await udpServer('udp4', (m) => m);
    const r2 = await udp({ connectTimeoutMs: 2000 });
    expect(r2).toMatchObject({ ok: true });
    expect(r2.latencyMs).toBeLessThan(1000);
  });

  it('fails with code refused on a closed port (ICMP port unreachable), IPv4 and IPv6', async () => {
    for (const type of ['udp4', 'udp6'] as const) {
      const s = await udpServer(type, () => undefined);
      const { port, address } = s.address();
      await new Promise<void>((resolve) => s.close(() => resolve()));
      const r = await createUdpCheck({ host: address, port, payload: '00', connectTimeoutMs: 500 })(never);
      expect(r).toMatchObject({ ok: false, code: 'refused' });
    }
  });

  it('parses keepalived HEX_STR free format (pure)', () => {
    expect(parseHex('Ab12f 3 456 546443123', 'payload').toString('hex')).toBe('ab120f03450654644312' + '03');
    const p = parseHexPattern('aX x5 X', 'requireReply');
    expect(Buffer.from(p.value).toString('hex')).toBe('a00500');
    expect(Buffer.from(p.mask).toString('hex')).toBe('f00ff0');
    expect(matchHexPattern(Buffer.from([0xa7, 0x35, 0x0e]), p)).toBe(-1);
    expect(matchHexPattern(Buffer.from([0xa7, 0x35, 0x1e]), p)).toBe(2);
    expect(matchHexPattern(Buffer.from([0xa7]), p)).toBe(-1);
    expect(() => parseHex('0x12', 'payload')).toThrow(CheckerConfigError);
    expect(() => createUdpCheck({ host: '127.0.0.1', port: 1, requireReply: 'zz' })).toThrow(/requireReply/);
  });
});
