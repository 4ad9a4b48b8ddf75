import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpGetCheck, createTcpCheck } from '../src/checkers/index.js';
import type { ServerNotify } from '../src/core/index.js';
import { HealthMonitor } from '../src/monitor/index.js';

describe('HealthMonitor, real time, real servers on 127.0.0.1', () => {
  let http: Server;
  let tcp: TcpServer;
  let status = 200;
  let httpPort = 0;
  let tcpPort = 0;

  beforeAll(async () => {
    http = createHttpServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'unavailable');
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    httpPort = (http.address() as AddressInfo).port;
    tcp = createTcpServer((s) => s.destroy());
    tcp.listen(0, '127.0.0.1');
    await once(tcp, 'listening');
    tcpPort = (tcp.address() as AddressInfo).port;
  });

  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await new Promise((r) => tcp.close(r));
  });

  it('reports down with the HTTP reason, then up; TCP check stays up', async () => {
    const monitor = new HealthMonitor({
      virtualServers: [
        {
          id: 'web',
          delayLoopMs: 100,
          retry: 1,
          delayBeforeRetryMs: 50,
          warmupMs: 0,
          connectTimeoutMs: 1_000,
          sorryServer: { id: '127.0.0.1:9' },
          realServers: [
            {
              id: `127.0.0.1:${httpPort}`,
              checks: [
                {
                  type: 'HTTP_GET',
                  target: { host: '127.0.0.1', port: httpPort },
                  probe: createHttpGetCheck({
                    host: '127.0.0.1',
                    port: httpPort,
                    urls: [{ path: '/health' }],
                  }),
                },
              ],
            },
            {
              id: `127.0.0.1:${tcpPort}`,
              checks: [
                {
                  type: 'TCP_CHECK',
                  target: { host: '127.0.0.1', port: tcpPort },
                  probe: createTcpCheck({ host: '127.0.0.1', port: tcpPort }),
                },
              ],
            },
          ],
        },
      ],
    });
    try {
      const events: string[] = [];
      monitor.on('up', (e) => events.push(`up ${e.rs}`));
      monitor.on('down', (e) => events.push(`down ${e.rs}`));
      const until = performance.now() + 5_000;
      while (!monitor.metrics().checks.every((c) => c.runs >= 2) && performance.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(monitor.metrics().checks.every((c) => c.runs >= 2 && c.fail === 0)).toBe(true);
      status = 503;
      const t0 = performance.now();
      const [down] = [await new Promise<ServerNotify>((r) => monitor.once('down', r))];
      const tookMs = performance.now() - t0;
      expect(down.rs).toBe(`127.0.0.1:${httpPort}`);
      expect(down.reason).toMatch(/503/);
      expect(down.reason).toMatch(/after 1 retry/);
      // one failed cycle + one retry 50 ms later: well under two cycles
      expect(tookMs).toBeLessThan(2_000);
      status = 200;
      const [up] = [await new Promise<ServerNotify>((r) => monitor.once('up', r))];
      expect(up.rs).toBe(`127.0.0.1:${httpPort}`);
      expect(events).toEqual([`down 127.0.0.1:${httpPort}`, `up 127.0.0.1:${httpPort}`]);
      expect(monitor.servers().map((s) => s.status)).toEqual(['up', 'up']);
    } finally {
      await monitor.close();
    }
  });
});
