import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server, TLSSocket } from 'node:tls';
import { createServer } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SslGetOptions } from '../../src/checkers/index.js';
import { createSslGetCheck } from '../../src/checkers/index.js';
import type { TestServer } from './helpers.js';
import { expectNoLeaks, never, onRequest, snapshot, tcpServer } from './helpers.js';

const run = promisify(execFile);
let dir: string;
let certPath: string;
let keyPath: string;
let clientCert: string;
let clientKey: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ha-ssl-'));
  certPath = join(dir, 'cert.pem');
  keyPath = join(dir, 'key.pem');
  const req = (cert: string, key: string, cn: string): void => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${cn}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:www.example.test',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
  };
  req(certPath, keyPath, 'ha-test-server');
  req(join(dir, 'client.pem'), join(dir, 'client-key.pem'), 'ha-test-client');
  clientCert = readFileSync(join(dir, 'client.pem'), 'utf8');
  clientKey = readFileSync(join(dir, 'client-key.pem'), 'utf8');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface TlsTestServer {
  port: number;
  servernames: Array<string | false>;
  peerCerts: string[];
  close(): Promise<void>;
}

async function tlsServer(requestCert = false): Promise<TlsTestServer> {
  const sockets = new Set<TLSSocket>();
  const servernames: Array<string | false> = [];
  const peerCerts: string[] = [];
  const server: Server = createServer(
    {
      cert: readFileSync(certPath),
      key: readFileSync(keyPath),
      ...(requestCert ? { requestCert: true, rejectUnauthorized: true, ca: clientCert } : {}),
    },
    (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
      servernames.push(s.servername ?? false);
      peerCerts.push(String(s.getPeerCertificate().subject?.CN ?? ''));
      onRequest((c) => c.end('HTTP/1.0 200 OK\r\n\r\nsecure body'))(s);
    },
  );
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    servernames,
    peerCerts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('SSL_GET', () => {
  let tls: TlsTestServer | undefined;
  let plain: TestServer | undefined;
  let before: Map<string, number>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    await tls?.close();
    await plain?.close();
    tls = undefined;
    plain = undefined;
    await expectNoLeaks(before);
  });

  const opts = (port: number, over: Partial<SslGetOptions> = {}): SslGetOptions => ({
    host: '127.0.0.1',
    port,
    connectTimeoutMs: 500,
    urls: [{ path: '/', regex: 'secure' }],
    ...over,
  });

  it('passes against a self-signed certificate with verification off (keepalived’s default)', async () => {
    tls = await tlsServer();
    const r = await createSslGetCheck(opts(tls.port))(never);
    expect(r).toMatchObject({ ok: true, reason: 'status 200 on /' });
    expect(tls.servernames).toEqual([false]);
  });

  it('matches the digest genhash -S computes over TLS', async () => {
    tls = await tlsServer();
    const { stdout } = await run('genhash', ['-S', '-s', '127.0.0.1', '-p', String(tls.port), '-u', '/'], {
      timeout: 5000,
    });
    const digest = stdout.trim().split('\n').pop()!.trim();
    expect(digest).toBe(createHash('md5').update('secure body').digest('hex'));
    expect(await createSslGetCheck(opts(tls.port, { urls: [{ path: '/', digest }] }))(never)).toMatchObject({
      ok: true,
    });
  });

  it('fails with code tls when verification is on and the chain is untrusted', async () => {
    tls = await tlsServer();
    const r = await createSslGetCheck(opts(tls.port, { tlsVerify: true }))(never);
    expect(r).toMatchObject({ ok: false, code: 'tls' });
    expect(r.reason).toMatch(/self.signed/i);
  });

  it('passes with verification on when the CA is given (file path), checking the IP SAN', async () => {
    tls = await tlsServer();
    expect((await createSslGetCheck(opts(tls.port, { tlsVerify: true, ca: certPath }))(never)).ok).toBe(true);
  });

  it('sends SNI from the virtualhost or sniName when enableSni is set', async () => {
    tls = await tlsServer();
    await createSslGetCheck(opts(tls.port, { enableSni: true, virtualhost: 'www.example.test' }))(never);
    await createSslGetCheck(
      opts(tls.port, { enableSni: true, virtualhost: 'a.test', sniName: 'sni.example.test' }),
    )(never);
    await createSslGetCheck(opts(tls.port, { virtualhost: 'www.example.test' }))(never);
    expect(tls.servernames).toEqual(['www.example.test', 'sni.example.test', false]);
  });

  it('presents a client certificate', async () => {
    tls = await tlsServer(true);
    expect(await createSslGetCheck(opts(tls.port))(never)).toMatchObject({ ok: false });
    const r = await createSslGetCheck(opts(tls.port, { certificate: clientCert, key: clientKey }))(never);
    expect(r.ok).toBe(true);
    expect(tls.peerCerts).toContain('ha-test-client');
  });

  it('fails with code tls against a plain TCP server that answers in clear', async () => {
    plain = await tcpServer((s) => s.end('HTTP/1.0 400 Bad\r\n\r\n'));
    const r = await createSslGetCheck(opts(plain.port))(never);
    expect(r).toMatchObject({ ok: false, code: 'tls' });
  });

  it('times out in the handshake against a silent TCP server', async () => {
    plain = await tcpServer(() => {});
    const r = await createSslGetCheck(opts(plain.port, { connectTimeoutMs: 200 }))(never);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.reason).toContain('TLS handshake');
  });

  it('closes TLS in order: resetOnClose true is refused at creation (false is accepted)', () => {
    expect(() => createSslGetCheck(opts(443, { resetOnClose: true }))).toThrow(/resetOnClose/);
    expect(() => createSslGetCheck(opts(443, { resetOnClose: false }))).not.toThrow();
  });
});
