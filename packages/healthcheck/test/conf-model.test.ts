import { once } from 'node:events';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildModel, preprocess } from '@ha/conf-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksFromRealServer, virtualServersFromConfig } from '../src/conf/index.js';
import type { ServerNotify } from '../src/core/index.js';
import { HealthMonitor } from '../src/monitor/index.js';

function model(text: string) {
  const pre = preprocess({ text, file: 'test.conf' });
  return buildModel(pre.nodes).config;
}

describe('keepalived.conf → checks (with @ha/conf-parser)', () => {
  it('maps a parsed real server one to one', () => {
    const config = model(`
virtual_server 192.0.2.1 80 {
  delay_loop 6
  retry 2
  protocol TCP
  real_server 192.0.2.10 80 {
    weight 3
    HTTP_GET {
      connect_port 8080
      connect_timeout 3
      delay_before_retry 1.5
      url {
        path /health
        status_code 200-299 503
      }
    }
    TCP_CHECK {
      warmup 0
    }
  }
}
`);
    const vs = config.virtualServers[0];
    const rs = vs?.realServers[0];
    if (!vs || !rs) throw new Error('no model');
    const [http, tcp] = checksFromRealServer(vs, rs);
    expect(http).toMatchObject({
      type: 'HTTP_GET',
      target: { host: '192.0.2.10', port: 8080 },
      delayLoopMs: 6_000,
      retry: 2,
      delayBeforeRetryMs: 1_500,
      connectTimeoutMs: 3_000,
      options: { urls: [{ path: '/health', statusCode: ['200-299', 503] }] },
    });
    expect(tcp).toMatchObject({
      type: 'TCP_CHECK',
      target: { host: '192.0.2.10', port: 80 },
      warmupMs: 0,
      retry: 2,
    });
  });
});

describe('keepalived.conf → HealthMonitor against a real server on 127.0.0.1', () => {
  let http: Server;
  let port = 0;
  let status = 200;
  beforeAll(async () => {
    http = createHttpServer((_q, r) => {
      r.writeHead(status);
      r.end();
    });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    port = (http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  it('runs the configured checks and reports a failure', async () => {
    const config = model(`
virtual_server 127.0.0.1 ${port} {
  delay_loop 0.1
  protocol TCP
  real_server 127.0.0.1 ${port} {
    retry 0
    warmup 0
    HTTP_GET {
      url {
        path /health
      }
    }
    TCP_CHECK {
    }
  }
}
`);
    await using monitor = new HealthMonitor({ virtualServers: virtualServersFromConfig(config) });
    expect(monitor.checks().map((c) => c.spec.type)).toEqual(['HTTP_GET', 'TCP_CHECK']);
    status = 500;
    const down = await new Promise<ServerNotify>((r) => monitor.once('down', r));
    expect(down.rs).toBe(`127.0.0.1:${port}`);
    expect(down.vs).toBe(`TCP 127.0.0.1:${port}`);
    expect(down.reason).toMatch(/500/);
  });
});
