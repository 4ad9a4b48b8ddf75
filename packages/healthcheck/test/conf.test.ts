import { describe, expect, it } from 'vitest';
import type { KeepalivedConfig } from '../../conf-parser/src/model/types-config.js';
import type { RealServer, VirtualServer } from '../../conf-parser/src/model/types-lvs.js';
import {
  type ConfConfig,
  type ConfRealServer,
  type ConfVirtualServer,
  checksFromRealServer,
  virtualServerId,
  virtualServersFromConfig,
} from '../src/conf/index.js';
import type { Probe } from '../src/types.js';

// Compile-time: the parser's model is assignable to the structural shapes read here.
export const modelFitsVs: (x: VirtualServer) => ConfVirtualServer = (x) => x;
export const modelFitsRs: (x: RealServer) => ConfRealServer = (x) => x;
export const modelFitsConfig: (x: KeepalivedConfig) => ConfConfig = (x) => x;

const timing = {
  retry: 2,
  delayBeforeRetryMs: 1_500,
  warmupMs: 0,
  delayLoopMs: 6_000,
  alpha: false,
  logAllFailures: false,
};
const conn = (ip: string) => ({ connectIp: ip, connectTimeoutMs: 3_000 });

const rs: ConfRealServer = {
  address: '192.0.2.10',
  family: 4,
  weight: 3,
  inhibitOnFailure: true,
  alpha: false,
  delayLoopMs: 6_000,
  connectTimeoutMs: 3_000,
  checkers: [
    {
      type: 'HTTP_GET',
      ...timing,
      ...conn('192.0.2.10'),
      connectPort: 8080,
      bindto: '192.0.2.1',
      virtualhost: 'www.example.test',
      httpProtocol: '1.1',
      enableSni: false,
      fastRecovery: true,
      urls: [
        {
          path: '/health',
          digest: '9b3a0c85a887a256d6939da88aabd8cd',
          statusCodes: [
            { min: 200, max: 299 },
            { min: 503, max: 503 },
          ],
          regex: 'ok',
          regexNoMatch: false,
          regexOptions: ['caseless'],
          regexMinOffset: 2,
        },
      ],
    },
    { type: 'TCP_CHECK', ...timing, ...conn('192.0.2.10') },
    {
      type: 'MISC_CHECK',
      ...timing,
      retry: 0,
      miscPath: '/usr/local/bin/check 192.0.2.10',
      miscTimeoutMs: 4_000,
      miscDynamic: true,
      user: 'nobody',
    },
    { type: 'FILE_CHECK', trackFile: 'tf', reverse: false, dynamic: true },
    {
      type: 'SMTP_CHECK',
      ...timing,
      ...conn('192.0.2.10'),
      heloName: 'lb.example.test',
      hosts: [
        { connectIp: '192.0.2.20', connectPort: 25, connectTimeoutMs: 2_000 },
        { connectIp: '192.0.2.21', connectTimeoutMs: 2_000 },
      ],
    },
    {
      type: 'DNS_CHECK',
      ...timing,
      ...conn('192.0.2.10'),
      connectPort: 53,
      queryType: 'A',
      name: 'example.test',
    },
    {
      type: 'UDP_CHECK',
      ...timing,
      ...conn('192.0.2.10'),
      payload: 'ab12',
      requireReply: true,
      requireReplyPattern: 'abxx',
      minReplyLength: 2,
      maxReplyLength: 255,
    },
  ],
};

const vs: ConfVirtualServer = {
  target: { kind: 'address', address: '192.0.2.1', family: 4, port: 80 },
  protocol: 'TCP',
  quorum: 2,
  hysteresis: 1,
  alpha: false,
  omega: true,
  inhibitOnFailure: false,
  sorryServer: { address: '192.0.2.99', inhibit: true },
  realServers: [rs],
};

describe('checksFromRealServer', () => {
  const checks = checksFromRealServer(vs, rs, {
    trackFiles: [{ name: 'tf', file: '/run/weight', weight: 5, reverse: false }],
  });

  it('maps HTTP_GET options one to one', () => {
    const http = checks[0];
    expect(http).toMatchObject({
      type: 'HTTP_GET',
      target: { host: '192.0.2.10', port: 8080 },
      delayLoopMs: 6_000,
      retry: 2,
      delayBeforeRetryMs: 1_500,
      warmupMs: 0,
      alpha: false,
      connectTimeoutMs: 3_000,
      options: {
        host: '192.0.2.10',
        port: 8080,
        bindto: '192.0.2.1',
        connectTimeoutMs: 3_000,
        virtualhost: 'www.example.test',
        httpProtocol: '1.1',
        urls: [
          {
            path: '/health',
            digest: '9b3a0c85a887a256d6939da88aabd8cd',
            statusCode: ['200-299', 503],
            regex: 'ok',
            regexOptions: 'caseless',
            regexMinOffset: 2,
          },
        ],
      },
    });
    expect(http?.ignored[0]).toMatch(/^fast_recovery/);
  });

  it('TCP uses the real server port by default; MISC, FILE, SMTP hosts, DNS, UDP', () => {
    expect(checks[1]).toMatchObject({ type: 'TCP_CHECK', target: { host: '192.0.2.10', port: 80 } });
    expect(checks[2]).toMatchObject({
      type: 'MISC_CHECK',
      retry: 0,
      connectTimeoutMs: 4_000,
      dynamicWeight: 'set',
      options: {
        miscPath: '/usr/local/bin/check 192.0.2.10',
        miscTimeoutMs: 4_000,
        miscDynamic: true,
        user: 'nobody',
      },
    });
    expect(checks[3]).toMatchObject({
      type: 'FILE_CHECK',
      dynamicWeight: 'add',
      delayLoopMs: 6_000,
      options: { file: '/run/weight', weight: 5, reverse: false, dynamic: true },
    });
    expect(checks[4]).toMatchObject({
      type: 'SMTP_CHECK',
      target: { host: '192.0.2.20', port: 25 },
      options: { heloName: 'lb.example.test' },
    });
    expect(checks[5]).toMatchObject({ type: 'SMTP_CHECK', target: { host: '192.0.2.21', port: 80 } });
    expect(checks[6]).toMatchObject({
      type: 'DNS_CHECK',
      options: { type: 'A', name: 'example.test', port: 53 },
    });
    expect(checks[7]).toMatchObject({
      type: 'UDP_CHECK',
      options: {
        payload: 'ab12',
        requireReply: 'abxx',
        minReplyLength: 2,
        maxReplyLength: 255,
      },
    });
    expect(checks).toHaveLength(8);
  });
});

describe('virtualServersFromConfig', () => {
  it('builds monitor input with probes from factories', () => {
    const stub: Probe = async () => ({ ok: true, reason: 'stub', latencyMs: 0 });
    const built: string[] = [];
    const [spec] = virtualServersFromConfig(
      { virtualServers: [vs], trackFiles: [] },
      {
        factories: {
          MISC_CHECK: (o) => {
            built.push(`misc ${String(o.miscPath)}`);
            return stub;
          },
          FILE_CHECK: () => stub,
        },
        missingFactory: 'skip',
      },
    );
    expect(spec).toMatchObject({
      id: 'TCP 192.0.2.1:80',
      quorum: 2,
      hysteresis: 1,
      omega: true,
      sorryServer: { id: '192.0.2.99:80', inhibit: true },
    });
    expect(spec?.realServers[0]).toMatchObject({ id: '192.0.2.10:80', weight: 3, inhibitOnFailure: true });
    expect(spec?.realServers[0]?.checks.map((c) => c.type)).toEqual([
      'HTTP_GET',
      'TCP_CHECK',
      'MISC_CHECK',
      'FILE_CHECK',
      'SMTP_CHECK',
      'SMTP_CHECK',
      'DNS_CHECK',
      'UDP_CHECK',
    ]);
    expect(built).toEqual(['misc /usr/local/bin/check 192.0.2.10']);
    const bfd: ConfVirtualServer = {
      ...vs,
      realServers: [{ ...rs, checkers: [{ type: 'BFD_CHECK', name: 'b', alpha: false }] }],
    };
    expect(() => virtualServersFromConfig({ virtualServers: [bfd], trackFiles: [] })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
  });

  it('names virtual servers like keepalived declares them', () => {
    expect(virtualServerId({ ...vs, protocol: undefined, target: { kind: 'fwmark', fwmark: 7 } })).toBe(
      'fwmark 7',
    );
    expect(
      virtualServerId({ ...vs, target: { kind: 'address', address: '2001:db8::1', family: 6, port: 443 } }),
    ).toBe('TCP [2001:db8::1]:443');
  });
});
