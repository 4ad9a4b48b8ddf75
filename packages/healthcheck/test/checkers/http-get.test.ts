import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpGetOptions } from '../../src/checkers/index.js';
import {
  buildHttpRequest,
  CheckerConfigError,
  createHttpGetCheck,
  parseStatusCodes,
} from '../../src/checkers/index.js';
import type { TestServer } from './helpers.js';
import {
  clientClose,
  closedPort,
  ENGINES,
  expectEngine,
  expectNoLeaks,
  never,
  onRequest,
  snapshot,
  tcpServer,
} from './helpers.js';

const run = promisify(execFile);

function reply(status: number, body: string, extra = ''): (s: Socket) => void {
  return onRequest((s) => {
    s.end(`HTTP/1.0 ${status} X\r\nContent-Type: text/plain\r\n${extra}\r\n${body}`);
  });
}

describe.each(ENGINES)('HTTP_GET on the %s engine', (engine) => {
  expectEngine(engine);
  let server: TestServer | undefined;
  let before: Map<string, number>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await expectNoLeaks(before);
  });

  const check = (over: Partial<HttpGetOptions>, urls: HttpGetOptions['urls'] = [{ path: '/' }]) =>
    createHttpGetCheck({
      engine,
      host: '127.0.0.1',
      port: server!.port,
      connectTimeoutMs: 500,
      urls,
      ...over,
    })(never);

  it('passes on 200 and sends keepalived’s HTTP/1.0 request by default', async () => {
    server = await tcpServer(reply(200, 'hello'));
    const r = await check({}, [{ path: '/health' }]);
    expect(r).toMatchObject({ ok: true, reason: 'status 200 on /health' });
    expect(server.received[0]).toBe(
      `GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
    );
  });

  it('sends HTTP/1.1 and 1.0C request lines with Connection: close, and the virtualhost', async () => {
    server = await tcpServer(reply(200, 'x'));
    expect((await check({ httpProtocol: '1.1', virtualhost: 'www.example.test' })).ok).toBe(true);
    expect(server.received[0]).toBe(
      'GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: www.example.test\r\n\r\n',
    );
    expect(
      (await check({ httpProtocol: '1.0C', virtualhost: 'a.test' }, [{ path: '/', virtualhost: 'b.test' }]))
        .ok,
    ).toBe(true);
    expect(server.received[1]).toBe(
      'GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: b.test\r\n\r\n',
    );
  });

  it('sends byte-for-byte the request genhash sends, for each protocol, with and without virtualhost', async () => {
    server = await tcpServer(reply(200, 'x'));
    const cases: Array<[HttpGetOptions['httpProtocol'], string, string | undefined]> = [
      ['1.0', '1.0', undefined],
      ['1.0C', '1.0c', 'vh.example.test'],
      ['1.1', '1.1', 'vh.example.test'],
      ['1.1', '1.1', undefined],
    ];
    for (const [ours, theirs, vhost] of cases) {
      const n = server.received.length;
      await run(
        'genhash',
        [
          '-s',
          '127.0.0.1',
          '-p',
          String(server.port),
          '-u',
          '/q?a=1',
          '-P',
          theirs,
          ...(vhost ? ['-V', vhost] : []),
        ],
        { timeout: 5000 },
      );
      await check({ httpProtocol: ours, ...(vhost ? { virtualhost: vhost } : {}) }, [{ path: '/q?a=1' }]);
      expect(server.received[n + 1]).toBe(server.received[n]);
    }
  });

  it('fails on a wrong status, and honours status ranges', async () => {
    server = await tcpServer(reply(503, 'down'));
    expect(await check({})).toMatchObject({ ok: false, code: 'status', reason: 'status 503 on /' });
    expect((await check({}, [{ path: '/', statusCode: '200-299 500-503' }])).ok).toBe(true);
    expect((await check({}, [{ path: '/', statusCode: [200, '504-599'] }])).ok).toBe(false);
    expect((await check({}, [{ path: '/', statusCode: 503 }])).ok).toBe(true);
  });

  it('checks every url, each on its own connection, and stops at the first failure', async () => {
    server = await tcpServer(
      onRequest((s, req) => {
        const path = req.split(' ')[1];
        s.end(path === '/bad' ? 'HTTP/1.0 404 N\r\n\r\n' : 'HTTP/1.0 200 OK\r\n\r\nok');
      }),
    );
    const ok = await check({}, [{ path: '/a' }, { path: '/b' }]);
    expect(ok).toMatchObject({ ok: true, reason: '2 urls ok' });
    const bad = await check({}, [{ path: '/a' }, { path: '/bad' }, { path: '/c' }]);
    expect(bad).toMatchObject({ ok: false, code: 'status', reason: 'status 404 on /bad' });
    expect(server.received.length).toBe(4);
  });

  it('matches the digest genhash computes (plain, Content-Length-cut and raw chunked bodies)', async () => {
    const bodies: Record<string, string> = {
      '/plain': 'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html>hello world</html>\n',
      '/cl': 'HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello world',
      '/chunked':
        'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n world\n\r\n0\r\n\r\n',
    };
    server = await tcpServer(
      onRequest((s, req) => s.end(bodies[req.split(' ')[1] ?? ''] ?? 'HTTP/1.0 404 N\r\n\r\n')),
    );
    for (const path of Object.keys(bodies)) {
      const { stdout } = await run('genhash', ['-s', '127.0.0.1', '-p', String(server.port), '-u', path], {
        timeout: 5000,
      });
      const digest = stdout.trim().split('\n').pop()!.trim();
      expect(digest).toMatch(/^[0-9a-f]{32}$/);
      expect(await check({}, [{ path, digest }])).toMatchObject({ ok: true });
      expect(await check({ httpProtocol: '1.1' }, [{ path, digest: digest.toUpperCase() }])).toMatchObject({
        ok: true,
      });
    }
    expect(createHash('md5').update('hello').digest('hex')).toBe(
      (await run('genhash', ['-s', '127.0.0.1', '-p', String(server.port), '-u', '/cl'])).stdout.trim(),
    );
  });

  it('works over IPv6 loopback with a bracketed Host header', async () => {
    server = await tcpServer(reply(200, 'v6'), '::1');
    const r = await createHttpGetCheck({
      engine,
      host: '::1',
      port: server.port,
      connectTimeoutMs: 500,
      urls: [{ path: '/' }],
    })(never);
    expect(r.ok).toBe(true);
    expect(server.received[0]).toContain(`Host: [::1]:${server.port}\r\n`);
  });

  it('matches genhash against a real node:http server streaming a chunked body (HTTP/1.1)', async () => {
    const srv = createHttpServer((_req, res) => {
      res.write('part one;');
      setTimeout(() => res.end('part two'), 10);
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const port = (srv.address() as AddressInfo).port;
    try {
      const { stdout } = await run(
        'genhash',
        ['-s', '127.0.0.1', '-p', String(port), '-u', '/', '-P', '1.1'],
        {
          timeout: 5000,
        },
      );
      const digest = stdout.trim().split('\n').pop()!.trim();
      const probe = createHttpGetCheck({
        engine,
        host: '127.0.0.1',
        port,
        httpProtocol: '1.1',
        connectTimeoutMs: 1000,
        urls: [{ path: '/', digest, regex: 'part one;.*part two', regexOptions: 'dotall' }],
      });
      expect(await probe(never)).toMatchObject({ ok: true });
    } finally {
      srv.closeAllConnections();
      await new Promise<void>((resolve) => srv.close(() => resolve()));
    }
  });

  it('fails on a bad digest', async () => {
    server = await tcpServer(reply(200, 'hello'));
    const r = await check({}, [{ path: '/', digest: '0'.repeat(32) }]);
    expect(r).toMatchObject({ ok: false, code: 'digest' });
    expect(r.reason).toContain(createHash('md5').update('hello').digest('hex'));
  });

  it('checks regex, regex_no_match and offsets', async () => {
    // body: 10 bytes of padding, then "status: UP"
    server = await tcpServer(reply(200, '0123456789status: UP\n'));
    expect((await check({}, [{ path: '/', regex: 'status: UP' }])).ok).toBe(true);
    expect(await check({}, [{ path: '/', regex: 'status: DOWN' }])).toMatchObject({
      ok: false,
      code: 'regex',
    });
    expect((await check({}, [{ path: '/', regex: 'STATUS', regexOptions: 'caseless' }])).ok).toBe(true);
    expect(await check({}, [{ path: '/', regex: 'status', regexNoMatch: true }])).toMatchObject({
      ok: false,
      code: 'regex',
    });
    expect((await check({}, [{ path: '/', regex: 'DOWN', regexNoMatch: true }])).ok).toBe(true);
    expect((await check({}, [{ path: '/', regex: 'status', regexMaxOffset: 10 }])).ok).toBe(true);
    expect((await check({}, [{ path: '/', regex: 'status', regexMaxOffset: 9 }])).ok).toBe(false);
    expect((await check({}, [{ path: '/', regex: '0123', regexMinOffset: 1 }])).ok).toBe(false);
    expect((await check({}, [{ path: '/', regex: 'status', regexMinOffset: 10 }])).ok).toBe(true);
    expect((await check({}, [{ path: '/', regex: /^\d+status/ }])).ok).toBe(true);
  });

  it('caps the bytes kept for a regex', async () => {
    server = await tcpServer(reply(200, 'x'.repeat(5000)));
    const r = await check({ maxBodyBytes: 1000 }, [{ path: '/', regex: 'y' }]);
    expect(r).toMatchObject({ ok: false, code: 'too-large' });
  });

  it('fails on a response truncated mid-body', async () => {
    server = await tcpServer(
      onRequest((s) => {
        s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part');
      }),
    );
    const r = await check({}, [{ path: '/', digest: '0'.repeat(32) }]);
    expect(r).toMatchObject({ ok: false, code: 'truncated' });
    expect(r.reason).toContain('11 of 100');
  });

  it('fails on a chunked body cut before its last chunk', async () => {
    server = await tcpServer(
      onRequest((s) => s.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel')),
    );
    expect(await check({}, [{ path: '/', regex: 'hel' }])).toMatchObject({ ok: false, code: 'truncated' });
  });

  it('fails a slowloris server (headers trickle) at the deadline', async () => {
    const timers = new Set<NodeJS.Timeout>();
    server = await tcpServer(
      onRequest((s) => {
        const text = 'HTTP/1.0 200 OK\r\nX-Slow: ' + 'a'.repeat(1000);
        let i = 0;
        const t = setInterval(() => {
          if (s.destroyed || i >= text.length) {
            clearInterval(t);
            timers.delete(t);
            return;
          }
          s.write(text[i++]!);
        }, 20);
        timers.add(t);
      }),
    );
    const r = await check({ connectTimeoutMs: 300 });
    for (const t of timers) clearInterval(t);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.reason).toContain('waiting for the response');
    expect(r.latencyMs).toBeLessThan(1500);
  });

  it('fails on garbage instead of HTTP', async () => {
    server = await tcpServer((s) => s.end('SSH-2.0-OpenSSH_9.2\r\n'));
    const r = await check({});
    expect(r).toMatchObject({ ok: false, code: 'protocol' });
    expect(r.reason).toContain('not an HTTP response');
  });

  it('fails when the server closes without answering, and when refused', async () => {
    server = await tcpServer(onRequest((s) => s.end()));
    expect(await check({})).toMatchObject({ ok: false, code: 'protocol' });
    const port = await closedPort();
    const r = await createHttpGetCheck({ engine, host: '127.0.0.1', port, urls: [{ path: '/' }] })(never);
    expect(r).toMatchObject({ ok: false, code: 'refused' });
  });

  it('status-only urls drain at most 64 KiB: an endless body is cut and passes, a cut body passes', async () => {
    server = await tcpServer(
      onRequest((s) => {
        s.write('HTTP/1.1 200 OK\r\n\r\n');
        const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write('x'.repeat(1024))), 5);
      }),
    );
    expect((await check({})).ok).toBe(true);
    await server.close();
    server = await tcpServer(
      onRequest((s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial')),
    );
    expect(await check({})).toMatchObject({ ok: true, reason: 'status 200 on /' });
  });

  it.each([
    [undefined, 'reset'],
    [true, 'reset'],
    [false, 'fin'],
  ] as const)(
    'resetOnClose %s: after the server replied and closed, the client ends with an RST (default) or a FIN',
    async (resetOnClose, expected) => {
      const closes: Promise<string>[] = [];
      server = await tcpServer(
        (s) => {
          closes.push(clientClose(s));
          reply(200, 'ok')(s);
        },
        '127.0.0.1',
        { allowHalfOpen: true },
      );
      const r = await check(resetOnClose === undefined ? {} : { resetOnClose });
      expect(r).toMatchObject({ ok: true });
      expect(await Promise.all(closes)).toEqual([expected]);
    },
  );

  it.each([
    [true, 'reset'],
    [false, 'fin'],
  ] as const)(
    'resetOnClose %s: a reply complete by Content-Length from a server that keeps the connection open',
    async (resetOnClose, expected) => {
      const closes: Promise<string>[] = [];
      server = await tcpServer((s) => {
        closes.push(clientClose(s));
        onRequest((c) => c.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'))(s);
      });
      expect(await check({ resetOnClose })).toMatchObject({ ok: true, reason: 'status 200 on /' });
      expect(await Promise.all(closes)).toEqual([expected]);
    },
  );

  it('rejects bad options at creation', () => {
    const base = { host: '127.0.0.1', port: 80 };
    expect(() =>
      createHttpGetCheck({
        engine,
        ...base,
        urls: [{ path: '/' }],
        resetOnClose: 'yes' as unknown as boolean,
      }),
    ).toThrow(/resetOnClose/);
    expect(() => createHttpGetCheck({ engine, ...base, urls: [] })).toThrow(CheckerConfigError);
    expect(() => createHttpGetCheck({ engine, ...base, urls: [{ path: 'nope' }] })).toThrow(/path/);
    expect(() => createHttpGetCheck({ engine, ...base, urls: [{ path: '/', digest: 'xyz' }] })).toThrow(
      /digest/,
    );
    expect(() => createHttpGetCheck({ engine, ...base, urls: [{ path: '/', statusCode: '2xx' }] })).toThrow(
      /statusCode/,
    );
    expect(() => createHttpGetCheck({ engine, ...base, urls: [{ path: '/', regex: '(' }] })).toThrow(/regex/);
    expect(() =>
      createHttpGetCheck({ engine, ...base, urls: [{ path: '/', regex: 'a', regexOptions: 'jit' }] }),
    ).toThrow(/regexOptions/);
  });

  it('parses status lists and builds requests (pure)', () => {
    expect(parseStatusCodes(undefined)).toEqual([{ from: 200, to: 299 }]);
    expect(parseStatusCodes('200-299 400-499 503 505')).toEqual([
      { from: 200, to: 299 },
      { from: 400, to: 499 },
      { from: 503, to: 503 },
      { from: 505, to: 505 },
    ]);
    expect(() => parseStatusCodes('300-200')).toThrow(/empty range/);
    expect(buildHttpRequest('/x', '[::1]:80', '1.1')).toBe(
      'GET /x HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: [::1]:80\r\n\r\n',
    );
  });
});
