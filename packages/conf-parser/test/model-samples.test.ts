import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/index.js';
import { preprocess } from '../src/preprocess/index.js';

const SAMPLES = '/work/shared/keepalived-samples';
const VECTORS = '/work/shared/vectors/conf';

function build(file: string) {
  const pre = preprocess({ text: readFileSync(file, 'utf8'), file });
  return buildModel(pre.nodes);
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
}

describe.skipIf(!existsSync(SAMPLES))('keepalived sample configs', () => {
  it('builds every sample without throwing', () => {
    for (const f of filesIn(SAMPLES)) {
      const r = build(f);
      expect(r.config, f).toBeDefined();
      for (const d of r.diagnostics) expect(d.code, f).toMatch(/^KM\d{3}$/);
    }
  });

  it('reads keepalived.conf.sample', () => {
    const { config } = build(join(SAMPLES, 'keepalived.conf.sample'));
    const vs = config.virtualServers.find((v) => v.target.kind === 'address' && v.target.port === 1358);
    expect(vs).toMatchObject({ lbAlgo: 'rr', method: { kind: 'NAT' } });
    const http = vs?.realServers[0]?.checkers.find((c) => c.type === 'HTTP_GET');
    expect(http?.type === 'HTTP_GET' && http.urls[0]).toMatchObject({
      path: '/testurl3/test.jsp',
      digest: '640205b7b0fc66c1ea91c463fac6334d',
    });
  });

  it('reports exactly the problems keepalived reports in the SYNOPSIS and lvs_syncd samples', () => {
    // keepalived -t: Unknown keyword 'This' / 'for' / 'just' / 'groff' (lines 1, 2, 3, 5)
    const syn = build(join(SAMPLES, 'keepalived.conf.SYNOPSIS'));
    expect(syn.diagnostics.map((d) => [d.code, d.origin.line])).toEqual([
      ['KM001', 1],
      ['KM001', 2],
      ['KM001', 3],
      ['KM001', 5],
    ]);
    // keepalived -t: Unknown keyword 'VI_2' / 'VI_3' (lines 4, 5) and lvs_sync_daemon_interface deprecated (line 11)
    const lvs = build(join(SAMPLES, 'keepalived.conf.vrrp.lvs_syncd'));
    expect(lvs.diagnostics.map((d) => [d.code, d.origin.line, d.keepalived])).toEqual([
      ['KM001', 4, 'error'],
      ['KM001', 5, 'error'],
      ['KM012', 11, 'error'],
    ]);
  });
});

describe.skipIf(!existsSync(VECTORS))('lab vector configs', () => {
  it('builds every vector config cleanly', () => {
    for (const f of filesIn(VECTORS)) {
      const r = build(f);
      expect(r.diagnostics, f).toEqual([]);
      expect(r.config.vrrpInstances.length, f).toBeGreaterThan(0);
    }
  });

  it('v2-pass-h1.conf: VRID 51, priority 150, auth PASS 1111, VIP 192.0.2.100/24', () => {
    const v = build(join(VECTORS, 'v2-pass-h1.conf')).config.vrrpInstances[0];
    expect(v).toMatchObject({
      name: 'VI_1',
      state: 'MASTER',
      interface: 'kl-e0',
      virtualRouterId: 51,
      priority: 150,
      advertIntMs: 1000,
      version: 2,
      authentication: { type: 'PASS', pass: '1111' },
    });
    expect(v?.virtualIpaddresses.map((a) => `${a.address}/${a.prefix}`)).toEqual(['192.0.2.100/24']);
  });

  it('v3-ipv6-h1.conf and v2-unicast-h1.conf', () => {
    const six = build(join(VECTORS, 'v3-ipv6-h1.conf')).config;
    expect(six.globalDefs.vrrpVersion).toBe(3);
    expect(six.vrrpInstances[0]).toMatchObject({ version: 3 });
    expect(six.vrrpInstances[0]?.virtualIpaddresses[0]).toMatchObject({
      address: '2001:db8::100',
      prefix: 64,
      family: 6,
    });
    const uni = build(join(VECTORS, 'v2-unicast-h1.conf')).config.vrrpInstances[0];
    expect(uni?.unicastSrcIp).toBe('192.0.2.11');
    expect(uni?.unicastPeers.map((p) => p.address)).toEqual(['192.0.2.12']);
  });
});
