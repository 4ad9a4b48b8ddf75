import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withLatency } from '../../src/checkers/common.js';
import { CheckerConfigError, createTcpCheck } from '../../src/checkers/index.js';
import type { TestServer } from './helpers.js';
import {
  blackhole,
  clientClose,
  closedPort,
  ENGINES,
  expectEngine,
  expectNoLeaks,
  never,
  snapshot,
  tcpServer,
} from './helpers.js';

describe.each(ENGINES)('TCP_CHECK on the %s engine', (engine) => {
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

  it('passes when the port accepts', async () => {
    server = await tcpServer(() => {});
    const r = await createTcpCheck({ engine, host: '127.0.0.1', port: server.port, connectTimeoutMs: 500 })(
      never,
    );
    expect(r.ok).toBe(true);
    expect(r.reason).toContain(`127.0.0.1:${server.port}`);
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('passes over IPv6 loopback, from a bound source address', async () => {
    server = await tcpServer(() => {}, '::1');
    const r = await createTcpCheck({
      engine,
      host: '::1',
      port: server.port,
      bindto: '::1',
      connectTimeoutMs: 500,
    })(never);
    expect(r).toMatchObject({ ok: true });
    expect(r.reason).toContain(`[::1]:${server.port}`);
  });

  it('connects from bindPort', async () => {
    const remotePorts: number[] = [];
    server = await tcpServer((s) => remotePorts.push(s.remotePort ?? 0));
    const bindPort = await closedPort();
    const r = await createTcpCheck({
      engine,
      host: '127.0.0.1',
      port: server.port,
      bindto: '127.0.0.1',
      bindPort,
    })(never);
    expect(r.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(remotePorts).toEqual([bindPort]);
  });

  it('applies fwmark natively (root), or warns once that node:net cannot', async () => {
    const warnings: Array<Error & { code?: string }> = [];
    const onWarning = (w: Error & { code?: string }) => warnings.push(w);
    process.on('warning', onWarning);
    server = await tcpServer(() => {});
    let r: Awaited<ReturnType<ReturnType<typeof createTcpCheck>>>;
    try {
      r = await createTcpCheck({ engine, host: '127.0.0.1', port: server.port, fwmark: 7 })(never);
      await createTcpCheck({ engine, host: '127.0.0.1', port: server.port, fwmark: 8 })(never);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    const fwmarkWarnings = warnings.filter((w) => w.code === 'HA_CHECK_FWMARK_UNSUPPORTED');
    if (engine === 'node') {
      expect(r.ok).toBe(true);
      expect(fwmarkWarnings).toHaveLength(1); // two checks with fwmark, one warning per process
    } else if (process.getuid?.() === 0) {
      expect(r.ok).toBe(true); // SO_MARK needs CAP_NET_ADMIN; the netns tier proves the mark routes
      expect(fwmarkWarnings).toHaveLength(0);
    } else {
      expect(r).toMatchObject({ ok: false, code: 'network' });
      expect(r.reason).toContain('EPERM');
    }
    expect(() => createTcpCheck({ engine, host: '127.0.0.1', port: 1, fwmark: -1 })).toThrow(
      CheckerConfigError,
    );
  });

  it('fails with code refused on a closed port', async () => {
    const port = await closedPort();
    const r = await createTcpCheck({ engine, host: '127.0.0.1', port, connectTimeoutMs: 500 })(never);
    expect(r).toMatchObject({ ok: false, code: 'refused' });
  });

  it('times out when SYNs are dropped (full accept queue)', async () => {
    const bh = await blackhole();
    try {
      const r = await createTcpCheck({ engine, host: '127.0.0.1', port: bh.port, connectTimeoutMs: 200 })(
        never,
      );
      expect(r).toMatchObject({ ok: false, code: 'timeout' });
      expect(r.reason).toMatch(/timeout after 200 ms during connect/);
      expect(r.latencyMs).toBeGreaterThanOrEqual(190);
      expect(r.latencyMs).toBeLessThan(1500);
    } finally {
      await bh.close();
    }
  });

  it('is aborted promptly by the caller', async () => {
    const bh = await blackhole();
    const ac = new AbortController();
    try {
      const p = createTcpCheck({ engine, host: '127.0.0.1', port: bh.port, connectTimeoutMs: 5000 })(
        ac.signal,
      );
      setTimeout(() => ac.abort(), 30);
      const r = await p;
      expect(r).toMatchObject({ ok: false, code: 'aborted' });
      expect(r.latencyMs).toBeLessThan(1500);
    } finally {
      await bh.close();
    }
    const r2 = await createTcpCheck({ engine, host: '127.0.0.1', port: 1 })(ac.signal);
    expect(r2).toMatchObject({ ok: false, code: 'aborted' });
  });

  it.each([
    [undefined, 'fin'],
    [false, 'fin'],
    [true, 'reset'],
  ] as const)(
    'resetOnClose %s: the connection ends with a FIN (default, as keepalived) or an RST',
    async (resetOnClose, expected) => {
      const closes: Promise<string>[] = [];
      server = await tcpServer((s) => closes.push(clientClose(s)));
      const opts = { engine, host: '127.0.0.1', port: server.port, connectTimeoutMs: 500 };
      const r = await createTcpCheck(resetOnClose === undefined ? opts : { ...opts, resetOnClose })(never);
      expect(r.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await Promise.all(closes)).toEqual([expected]);
    },
  );

  it('rejects bad options at creation', () => {
    expect(() => createTcpCheck({ engine, host: '127.0.0.1', port: 70000 })).toThrow(CheckerConfigError);
    expect(() =>
      createTcpCheck({ engine, host: '127.0.0.1', port: 1, resetOnClose: 1 as unknown as boolean }),
    ).toThrow(/resetOnClose/);
    expect(() => createTcpCheck({ engine, host: '', port: 1 })).toThrow(/host/);
    expect(() => createTcpCheck({ engine, host: 'x', port: 1, connectTimeoutMs: 0 })).toThrow(
      /connectTimeoutMs/,
    );
  });
});

describe('withLatency (the result of every probe attempt)', () => {
  it('copies ok, reason, weight and code, adds latencyMs, and adds no key whose value is undefined', () => {
    expect(withLatency({ ok: true, reason: 'connected' }, 1.5)).toStrictEqual({
      ok: true,
      reason: 'connected',
      latencyMs: 1.5,
    });
    const r = withLatency({ ok: false, reason: 'refused', code: 'refused' }, 2);
    expect(r).toStrictEqual({ ok: false, reason: 'refused', latencyMs: 2, code: 'refused' });
    expect(Object.keys(r)).toEqual(['ok', 'reason', 'latencyMs', 'code']);
    expect(withLatency({ ok: true, reason: 'exit 7', weight: 5 }, 0)).toStrictEqual({
      ok: true,
      reason: 'exit 7',
      latencyMs: 0,
      weight: 5,
    });
  });
});
