import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DnsCheckOptions } from '../../src/checkers/index.js';
import {
  CheckerConfigError,
  createDnsCheck,
  encodeDnsQuery,
  encodeName,
  judgeDnsResponse,
  parseDnsResponse,
} from '../../src/checkers/index.js';
import { expectNoLeaks, never, snapshot } from './helpers.js';

async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function udpServer(
  onMsg: (s: UdpSocket, msg: Buffer, port: number, addr: string) => void,
): Promise<UdpSocket> {
  const s = createSocket('udp4');
  s.on('message', (m, r) => onMsg(s, m, r.port, r.address));
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  return s;
}

let dnsmasq: ChildProcess | undefined;
let dnsPort = 0;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ha-dns-'));
  for (let attempt = 0; attempt < 3 && dnsmasq === undefined; attempt++) {
    dnsPort = await freeUdpPort();
    const child = spawn(
      'dnsmasq',
      [
        `--port=${dnsPort}`,
        '--listen-address=127.0.0.1',
        '--bind-interfaces',
        '--no-resolv',
        '--no-hosts',
        '--address=/example.test/192.0.2.10',
        '--address=/gone.test/',
        '--host-record=v4only.test,192.0.2.20',
        '--local=/v4only.test/',
        '--mx-host=example.test,mail.example.test,10',
        '--keep-in-foreground',
        `--pid-file=${join(dir, 'dnsmasq.pid')}`,
        '--conf-file=/dev/null',
        '--user=root',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', () => {});
    // ready when it answers
    const deadline = Date.now() + 3000;
    let up = false;
    while (!up && Date.now() < deadline && child.exitCode === null) {
      const r = await createDnsCheck({
        host: '127.0.0.1',
        port: dnsPort,
        type: 'A',
        name: 'x.example.test',
        connectTimeoutMs: 100,
      })(never);
      up = r.ok;
    }
    if (up) dnsmasq = child;
    else child.kill('SIGKILL');
  }
  if (dnsmasq === undefined) throw new Error('dnsmasq did not start');
});

afterAll(async () => {
  const child = dnsmasq;
  if (child && child.exitCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
    expect(() => process.kill(child.pid!, 0)).toThrow();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('DNS_CHECK against dnsmasq', () => {
  let before: Map<string, number>;
  let extra: UdpSocket | undefined;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    if (extra) await new Promise<void>((resolve) => extra!.close(() => resolve()));
    extra = undefined;
    await expectNoLeaks(before);
  });

  const dns = (o: Partial<DnsCheckOptions>) =>
    createDnsCheck({ host: '127.0.0.1', port: dnsPort, connectTimeoutMs: 500, ...o })(never);

  it('passes on an A record', async () => {
    expect(await dns({ type: 'A', name: 'www.example.test' })).toMatchObject({
      ok: true,
      reason: 'DNS 1 A record for www.example.test',
    });
    expect((await dns({ type: 'A', name: 'WWW.Example.Test.' })).ok).toBe(true);
    expect((await dns({ type: 'MX', name: 'example.test' })).ok).toBe(true);
  });

  it('fails on NXDOMAIN and on an answer without a record of the type', async () => {
    expect(await dns({ type: 'A', name: 'host.gone.test' })).toMatchObject({ ok: false, code: 'dns' });
    expect((await dns({ type: 'A', name: 'host.gone.test' })).reason).toContain('NXDOMAIN');
    const r = await dns({ type: 'AAAA', name: 'v4only.test' });
    expect(r).toMatchObject({ ok: false, code: 'dns' });
    expect(r.reason).toContain('no AAAA record');
  });

  it('fails the default query (SOA for .) on a server with no such zone', async () => {
    const r = await dns({});
    expect(r.ok).toBe(false);
    expect(r.code).toBe('dns');
  });

  it('fails with code refused when nothing listens (ICMP port unreachable)', async () => {
    const port = await freeUdpPort();
    expect(await createDnsCheck({ host: '127.0.0.1', port, type: 'A', name: 'a.test' })(never)).toMatchObject(
      {
        ok: false,
        code: 'refused',
      },
    );
  });

  it('times out when the server never answers, and ignores replies with another id', async () => {
    extra = await udpServer((s, msg, port, addr) => {
      const bad = Buffer.from(msg);
      bad.writeUInt16BE((msg.readUInt16BE(0) + 1) & 0xffff, 0);
      bad[2] = 0x81;
      s.send(bad, port, addr);
    });
    const r = await createDnsCheck({ host: '127.0.0.1', port: extra.address().port, connectTimeoutMs: 200 })(
      never,
    );
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
  });

  it('fails with code protocol on garbage carrying the right id', async () => {
    extra = await udpServer((s, msg, port, addr) => {
      s.send(
        Buffer.concat([msg.subarray(0, 2), Buffer.from([0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xff])]),
        port,
        addr,
      );
    });
    const r = await createDnsCheck({ host: '127.0.0.1', port: extra.address().port, connectTimeoutMs: 300 })(
      never,
    );
    expect(r).toMatchObject({ ok: false, code: 'protocol' });
  });
});

describe('DNS packets (pure)', () => {
  it('encodes a query with RD and one IN question', () => {
    expect(encodeDnsQuery(0x1234, 'a.bc', 'A').toString('hex')).toBe(
      '123401000001000000000000' + '016102626300' + '00010001',
    );
    expect(encodeName('.').toString('hex')).toBe('00');
    expect(() => encodeName('a..b')).toThrow(CheckerConfigError);
    expect(() => encodeName(`${'x'.repeat(64)}.test`)).toThrow(/bad label/);
  });

  it('parses compressed answers and judges them', () => {
    const q = encodeDnsQuery(7, 'a.bc', 'A');
    const resp = Buffer.from(q);
    resp.writeUInt16BE(0x8180, 2);
    resp.writeUInt16BE(1, 6);
    const rr = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]);
    const msg = Buffer.concat([resp, rr]);
    const p = parseDnsResponse(msg);
    expect(p.answers).toEqual([{ name: 'a.bc', type: 1, class: 1, ttl: 60, rdlength: 4 }]);
    expect(judgeDnsResponse(msg, 7, 'a.bc', 'A')).toMatchObject({ ok: true });
    expect(judgeDnsResponse(msg, 8, 'a.bc', 'A')).toBeUndefined();
    expect(judgeDnsResponse(msg, 7, 'a.bc', 'MX')).toMatchObject({ ok: false, code: 'protocol' });
    const loop = Buffer.from(msg);
    loop.writeUInt16BE(0xc000 | (msg.length - 16), msg.length - 16);
    expect(() => parseDnsResponse(loop)).toThrow(/loop/);
  });
});
