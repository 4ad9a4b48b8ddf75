import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintCluster } from '../src/lint/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cluster');
const f = (name: string) => ({ file: join(dir, name) });

describe('lintCluster', () => {
  it('a consistent two-node unicast cluster has no findings', () => {
    const r = lintCluster([f('good-h1.conf'), f('good-h2.conf')], { interfaces: ['eth0', 'ens3'] });
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]?.members.map((m) => m.priority)).toEqual([150, 100]);
    expect(r.nodes).toHaveLength(2);
  });

  it('finds every split-brain risk of the split fixture', () => {
    const r = lintCluster([f('split-h1.conf'), f('split-h2.conf')], { perNode: false });
    expect(r.ok).toBe(false);
    expect(r.nodes).toEqual([]);
    const codes = new Set(r.diagnostics.map((d) => d.code));
    for (const c of [
      'HA201',
      'HA203',
      'HA204',
      'HA205',
      'HA206',
      'HA207',
      'HA208',
      'HA209',
      'HA210',
      'HA211',
    ]) {
      expect(codes, c).toContain(c);
    }
    expect(codes).not.toContain('HA202');
    expect(codes).not.toContain('HA212');
    // VI_DB and VI_DB_RENAMED are matched by VRID + interface.
    const db = r.groups.find((g) => g.vrid === 60);
    expect(db?.members.map((m) => m.instance)).toEqual(['VI_DB', 'VI_DB_RENAMED']);
    const only = r.diagnostics.find((d) => d.code === 'HA210');
    expect(only?.message).toContain('VI_ONLY_HERE');
    const peers = r.diagnostics.filter((d) => d.code === 'HA208');
    expect(peers).toHaveLength(1);
    expect(peers[0]?.message).toContain('192.0.2.2');
  });

  it('works on in-memory texts and reports unicast vs multicast', () => {
    const a =
      'vrrp_instance V {\n interface eth0\n virtual_router_id 9\n priority 110\n unicast_peer {\n  192.0.2.2\n }\n virtual_ipaddress {\n  192.0.2.50\n }\n}\n';
    const b =
      'vrrp_instance V {\n interface eth0\n virtual_router_id 9\n priority 100\n virtual_ipaddress {\n  192.0.2.50\n }\n}\n';
    const r = lintCluster([
      { text: a, file: 'a.conf' },
      { text: b, file: 'b.conf' },
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HA212']);
    expect(r.diagnostics[0]?.origin.file).toBe('b.conf');
  });

  it('HA213: the same VIP in two different virtual routers on different nodes', () => {
    const v = (name: string, vrid: number) =>
      `vrrp_instance ${name} {\n interface eth0\n virtual_router_id ${vrid}\n virtual_ipaddress {\n  192.0.2.77/24\n }\n}\n`;
    const r = lintCluster([
      { text: v('VI_A', 10), file: 'n1.conf' },
      { text: v('VI_B', 11), file: 'n2.conf' },
    ]);
    const d = r.diagnostics.filter((x) => x.code === 'HA213');
    expect(d).toHaveLength(1);
    expect(d[0]?.message).toContain('192.0.2.77');
    expect(r.ok).toBe(false);
    // The same VIP in one matched virtual router is fine.
    const same = lintCluster([
      { text: v('VI_A', 10), file: 'n1.conf' },
      { text: v('VI_A', 10), file: 'n2.conf' },
    ]);
    expect(same.diagnostics.map((x) => x.code)).not.toContain('HA213');
  });

  it('never throws on broken input', () => {
    const r = lintCluster([
      { text: '{{{', file: 'x' },
      { text: '}}}', file: 'y' },
    ]);
    expect(Array.isArray(r.diagnostics)).toBe(true);
  });
});

describe('HA205 (VIP list mismatch)', () => {
  it('is an error: keepalived drops adverts whose address list differs, so both nodes stay MASTER', () => {
    const node = (vip: string) => ({
      file: `${vip}.conf`,
      text: `vrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority ${vip.endsWith('1') ? 150 : 100}\n  virtual_ipaddress {\n    ${vip}/24\n  }\n}\n`,
    });
    const r = lintCluster([node('192.0.2.101'), node('192.0.2.102')], { perNode: false });
    const d = r.diagnostics.find((x) => x.code === 'HA205');
    expect(d?.severity).toBe('error');
    expect(d?.hint).toContain('split brain');
    expect(r.ok).toBe(false);
  });
});
