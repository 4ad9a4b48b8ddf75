import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IcmpTransport } from '../../src/checkers/index.js';
import {
  CheckerConfigError,
  classifyIcmp,
  createPingCheck,
  encodeEchoRequest,
  internetChecksum,
  loadDefaultIcmpTransport,
  stripIpv4Header,
} from '../../src/checkers/index.js';
import { never } from './helpers.js';

type Responder = (req: Buffer, host: string) => Array<{ packet: Buffer; from: string }>;

/** A fake ICMP socket: answers each sent request with what `respond` returns, asynchronously. */
function fakeTransport(respond: Responder, opts: { rewritesIdentifier?: boolean; failSend?: boolean } = {}) {
  const state = { opened: 0, closed: 0, sent: [] as Buffer[] };
  const factory = (family: 4 | 6): IcmpTransport => {
    state.opened++;
    const listeners = new Set<(p: Uint8Array, from: string) => void>();
    return {
      rewritesIdentifier: opts.rewritesIdentifier === true,
      async send(packet, host) {
        if (opts.failSend) throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
        const req = Buffer.from(packet);
        state.sent.push(req);
        expect(req[0]).toBe(family === 4 ? 8 : 128);
        setTimeout(() => {
          for (const r of respond(req, host)) for (const l of listeners) l(r.packet, r.from);
        }, 5);
      },
      onMessage(l) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      close() {
        state.closed++;
      },
    };
  };
  return { factory, state };
}

/** Turns a request into the reply a host would send (IPv4: checksum fixed). */
function echoReply(req: Buffer, family: 4 | 6, mutate?: (b: Buffer) => void): Buffer {
  const b = Buffer.from(req);
  b[0] = family === 4 ? 0 : 129;
  mutate?.(b);
  if (family === 4) {
    b.writeUInt16BE(0, 2);
    b.writeUInt16BE(internetChecksum(b), 2);
  }
  return b;
}

function ipv4Header(src: string, payloadLen: number, proto = 1): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payloadLen, 2);
  h[8] = 64;
  h[9] = proto;
  Buffer.from(src.split('.').map(Number)).copy(h, 12);
  h.writeUInt16BE(internetChecksum(h), 10);
  return h;
}

describe('PING_CHECK (fake transport)', () => {
  it('passes on the matching echo reply, IPv4 (with an IP header) and IPv6', async () => {
    const t4 = fakeTransport((req) => {
      const rep = echoReply(req, 4);
      return [{ packet: Buffer.concat([ipv4Header('127.0.0.1', rep.length), rep]), from: '127.0.0.1' }];
    });
    const r = await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 300, transport: t4.factory })(
      never,
    );
    expect(r).toMatchObject({ ok: true, reason: 'echo reply from 127.0.0.1' });
    expect(t4.state).toMatchObject({ opened: 1, closed: 1 });
    expect(t4.state.sent[0]!.length).toBe(64);
    expect(internetChecksum(t4.state.sent[0]!)).toBe(0);

    const t6 = fakeTransport((req) => [{ packet: echoReply(req, 6), from: '::1' }]);
    expect(
      (await createPingCheck({ host: '::1', connectTimeoutMs: 300, transport: t6.factory })(never)).ok,
    ).toBe(true);
  });

  it('ignores replies with another id, seq, payload, source or a bad checksum; then times out', async () => {
    const t = fakeTransport((req) => [
      {
        packet: echoReply(req, 4, (b) => b.writeUInt16BE((b.readUInt16BE(4) + 1) & 0xffff, 4)),
        from: '127.0.0.1',
      },
      {
        packet: echoReply(req, 4, (b) => b.writeUInt16BE((b.readUInt16BE(6) + 1) & 0xffff, 6)),
        from: '127.0.0.1',
      },
      { packet: echoReply(req, 4, (b) => (b[20] = b[20]! ^ 0xff)), from: '127.0.0.1' },
      { packet: echoReply(req, 4), from: '127.0.0.2' },
      { packet: Buffer.concat([echoReply(req, 4).subarray(0, 8), Buffer.from('x')]), from: '127.0.0.1' },
      { packet: Buffer.from([0, 0, 0xff, 0xff, 1, 2, 3, 4]), from: '127.0.0.1' },
    ]);
    const r = await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 150, transport: t.factory })(
      never,
    );
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(t.state.closed).toBe(1);
  });

  it('matches by seq and payload only when the transport rewrites the identifier', async () => {
    const rewrite = (req: Buffer) => [
      { packet: echoReply(req, 4, (b) => b.writeUInt16BE(0x4242, 4)), from: '127.0.0.1' },
    ];
    const strict = fakeTransport(rewrite);
    expect(
      (await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 100, transport: strict.factory })(never))
        .ok,
    ).toBe(false);
    const dgram = fakeTransport(rewrite, { rewritesIdentifier: true });
    expect(
      (await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 300, transport: dgram.factory })(never))
        .ok,
    ).toBe(true);
  });

  it('fails with code unreachable on an ICMP error quoting the request', async () => {
    const t = fakeTransport((req) => {
      const quoted = Buffer.concat([ipv4Header('192.0.2.2', req.length), req.subarray(0, 8)]);
      const err = Buffer.concat([Buffer.from([3, 1, 0, 0, 0, 0, 0, 0]), quoted]);
      err.writeUInt16BE(internetChecksum(err), 2);
      return [{ packet: err, from: '192.0.2.1' }];
    });
    const r = await createPingCheck({ host: '192.0.2.9', connectTimeoutMs: 300, transport: t.factory })(
      never,
    );
    expect(r).toMatchObject({
      ok: false,
      code: 'unreachable',
      reason: 'host unreachable from 192.0.2.1 for 192.0.2.9',
    });
  });

  it('fails with code network when send fails, unsupported when the transport cannot open', async () => {
    const t = fakeTransport(() => [], { failSend: true });
    expect(await createPingCheck({ host: '127.0.0.1', transport: t.factory })(never)).toMatchObject({
      ok: false,
      code: 'network',
    });
    expect(t.state.closed).toBe(1);
    const r = await createPingCheck({
      host: '127.0.0.1',
      transport: () => {
        throw new Error('EPERM: operation not permitted');
      },
    })(never);
    expect(r).toMatchObject({ ok: false, code: 'unsupported' });
  });

  it('is aborted promptly and closes the transport', async () => {
    const t = fakeTransport(() => []);
    const ac = new AbortController();
    const p = createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 5000, transport: t.factory })(ac.signal);
    setTimeout(() => ac.abort(), 20);
    expect(await p).toMatchObject({ ok: false, code: 'aborted' });
    expect(t.state.closed).toBe(1);
  });

  it('without a transport, falls back to @ha/socket or reports unsupported', async () => {
    const def = await loadDefaultIcmpTransport();
    if (typeof def !== 'string') return; // @ha/socket provides ICMP: covered by the netns tier
    const r = await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 300 })(never);
    expect(r).toMatchObject({ ok: false, code: 'unsupported' });
    expect(r.reason).toContain('@ha/socket');
  });

  it('rejects a host that is not an IP address', () => {
    expect(() => createPingCheck({ host: 'example.test' })).toThrow(CheckerConfigError);
  });
});

describe('ICMP echo packets (pure)', () => {
  it('checksum matches a known vector (RFC 1071 example)', () => {
    // RFC 1071 §3: words 0001 f203 f4f5 f6f7 sum to ddf2, checksum 220d
    expect(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex'))).toBe(0x220d);
    expect(internetChecksum(Buffer.from([0xff]))).toBe(0x00ff);
  });

  it('a request with its checksum sums to zero, and round-trips id/seq/payload (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.uint8Array({ maxLength: 100 }),
        (id, seq, data) => {
          const req = encodeEchoRequest(4, id, seq, data);
          expect(internetChecksum(req)).toBe(0);
          const rep = Buffer.from(req);
          rep[0] = 0;
          rep.writeUInt16BE(0, 2);
          rep.writeUInt16BE(internetChecksum(rep), 2);
          const m = classifyIcmp(4, rep);
          expect(m.kind).toBe('reply');
          if (m.kind === 'reply') {
            expect(m.message.id).toBe(id);
            expect(m.message.seq).toBe(seq);
            expect(m.message.payload.equals(Buffer.from(data))).toBe(true);
          }
        },
      ),
    );
  });

  it('IPv6 requests leave the checksum to the kernel; IPv4 headers are stripped', () => {
    const r6 = encodeEchoRequest(6, 1, 2, Buffer.from('abc'));
    expect(r6.toString('hex')).toBe('8000000000010002616263');
    const inner = Buffer.from([0, 0, 0, 0, 0, 1, 0, 2]);
    expect(stripIpv4Header(Buffer.concat([ipv4Header('192.0.2.1', 8), inner])).equals(inner)).toBe(true);
    expect(stripIpv4Header(inner).equals(inner)).toBe(true);
    expect(classifyIcmp(6, Buffer.from([129, 0]))).toEqual({ kind: 'other' });
  });
});
