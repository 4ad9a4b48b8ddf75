import { describe, expect, it } from 'vitest';
import { buildModel, MODEL_CODES } from '../src/model/index.js';
import type { ConfNode } from '../src/types.js';
import { codesOf, modelOf as modelOfDefault } from './helpers/model.js';

/** These tests look at every code, including the config-completion ones. */
const modelOf = (text: string) => modelOfDefault(text, { completionChecks: true });

const VI = (body: string) => `vrrp_instance V {
  interface eth0
  virtual_router_id 51
${body}
}`;

function one(text: string) {
  const r = modelOf(text);
  expect(r.diagnostics, JSON.stringify(r.diagnostics)).toHaveLength(1);
  return { ...r, d: r.diagnostics[0]! };
}

describe('buildModel — diagnostics (levels observed with keepalived -t 2.2.7)', () => {
  it('KM001 unknown keyword (exit 5)', () => {
    const { d, config } = one(VI('  foo_bar 1'));
    expect(d).toMatchObject({ code: 'KM001', keepalived: 'error', severity: 'error' });
    expect(d.message).toBe("Unknown keyword 'foo_bar'");
    expect(d.origin).toMatchObject({ file: 'test.conf', line: 4, column: 3 });
    expect(config.vrrpInstances[0]?.unknown[0]?.args).toEqual(['1']);
    expect(d.hint).toBeUndefined();
    expect(one(VI('  advert_intt 1')).d.hint).toBe("did you mean 'advert_int'?");
    expect(one(VI('  nopremept')).d.hint).toBe("did you mean 'nopreempt'?");
  });

  it('KM002 keyword of another block (exit 5, keepalived also says Unknown keyword)', () => {
    const { d } = one('global_defs {\n  priority 3\n}');
    expect(d).toMatchObject({ code: 'KM002', keepalived: 'error' });
    expect(d.hint).toContain('vrrp_instance');
  });

  it('KM003 missing parameter (keepalived exits 2 immediately → fatal)', () => {
    const { d, config } = one(VI('  priority'));
    expect(d).toMatchObject({ code: 'KM003', keepalived: 'fatal' });
    expect(config.vrrpInstances[0]?.priority).toBe(100);
  });

  it('KM004 invalid number (exit 5)', () => {
    const { d, config } = one(VI('  advert_int x'));
    expect(d).toMatchObject({ code: 'KM004', keepalived: 'error' });
    expect(d.message).toContain("invalid number 'x'");
    expect(config.vrrpInstances[0]?.advertIntMs).toBe(1000);
  });

  it('KM004 whole seconds only where keepalived reads an unsigned integer', () => {
    const r = modelOf('vrrp_script s {\n  script /bin/true\n  interval 0.5\n  timeout 1.5\n}');
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['KM004', "interval: invalid number '0.5'"],
      ['KM004', "timeout: invalid number '1.5'"],
    ]);
    expect(r.config.vrrpScripts[0]).toMatchObject({ intervalMs: 1000, timeoutMs: 1000 });
    expect(one(VI('  garp_master_delay 0.5')).d.code).toBe('KM004');
    expect(one('global_defs {\n  smtp_connect_timeout 1.5\n}').d.code).toBe('KM004');
  });

  it('KM005 out of range: VRID 0/256, priority 0/256, advert_int 300, preempt_delay 2000, version 4', () => {
    for (const [body, field, kept] of [
      ['  priority 0', 'priority', 100],
      ['  priority 256', 'priority', 100],
      ['  advert_int 300', 'advertIntMs', 1000],
      ['  preempt_delay 2000', 'preemptDelayMs', 0],
      ['  version 4', 'version', 2],
    ] as const) {
      const { d, config } = one(VI(body));
      expect(d, body).toMatchObject({ code: 'KM005', keepalived: 'error' });
      expect(config.vrrpInstances[0]?.[field], body).toBe(kept);
    }
    const vrid = modelOf('vrrp_instance V {\n  virtual_router_id 256\n}');
    // keepalived: "number '256' outside range [1, 255]" then "the virtual router id must be set"
    expect(codesOf(vrid)).toEqual(['KM005', 'KM011']);
    expect(vrid.diagnostics[0]?.message).toContain("number '256' outside range [1, 255]");
    expect(codesOf(modelOf('vrrp_instance V {\n  virtual_router_id 0\n}'))).toEqual(['KM005', 'KM011']);
  });

  it('KM006 invalid boolean (exit 5)', () => {
    expect(one('global_defs {\n  smtp_alert maybe\n}').d).toMatchObject({
      code: 'KM006',
      keepalived: 'error',
    });
    const { d, config } = one(VI('  strict_mode maybe'));
    expect(d.code).toBe('KM006');
    expect(config.vrrpInstances[0]?.strictMode).toBe(false);
  });

  it('KM007 invalid enum: state, auth_type, lb_algo (exit 5)', () => {
    // case matters to keepalived (strcmp) except for protocol (strcasecmp)
    const nat = modelOfDefault(
      'virtual_server 192.0.2.5 80 {\n  lb_algo rr\n  lb_kind nat\n  protocol tcp\n}',
    );
    expect(codesOf(nat)).toEqual(['KM007']);
    const s = one(VI('  state FOO'));
    expect(s.d).toMatchObject({ code: 'KM007', keepalived: 'error' });
    expect(s.config.vrrpInstances[0]?.state).toBe('BACKUP');
    expect(codesOf(modelOfDefault(VI('  authentication {\n    auth_type FOO\n  }')))).toEqual(['KM007']);
    const lb = modelOf('virtual_server 192.0.2.5 80 {\n  lb_algo foo\n  lb_kind NAT\n  protocol TCP\n}');
    // keepalived: "Invalid lvs_scheduler 'foo' - ignoring" and then "no scheduler set, setting default 'wlc'"
    expect(codesOf(lb)).toEqual(['KM007', 'KM011']);
    expect(lb.config.virtualServers[0]?.lbAlgo).toBe('wlc');
  });

  it('KM008 bad addresses: VIP, unicast peer, unicast_src_ip, virtual server, real server', () => {
    const vip = one(VI('  virtual_ipaddress {\n    192.0.2.300/24\n  }'));
    expect(vip.d).toMatchObject({ code: 'KM008', keepalived: 'error' });
    expect(vip.d.message).toBe('VRRP parsed invalid IP 192.0.2.300/24. skipping IP...');
    expect(vip.config.vrrpInstances[0]?.virtualIpaddresses).toEqual([]);
    expect(one(VI('  unicast_peer {\n    192.0.2.999\n  }')).d.code).toBe('KM008');
    expect(one(VI('  unicast_src_ip 192.0.2')).d.code).toBe('KM008');
    expect(one(VI('  virtual_ipaddress {\n    192.0.2.1/33\n  }')).d.code).toBe('KM008');
    const vs = one('virtual_server 192.0.2.500 80 {\n  lb_algo rr\n}');
    expect(vs.d).toMatchObject({ code: 'KM008' });
    expect(vs.config.virtualServers).toEqual([]);
    const rs = modelOf(
      'virtual_server 192.0.2.5 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n  real_server 192.0.2.256 80 {\n  }\n}',
    );
    expect(codesOf(rs)).toEqual(['KM008']);
    expect(rs.config.virtualServers[0]?.realServers).toEqual([]);
  });

  it('KM009 extra arguments are ignored silently by keepalived (exit 0)', () => {
    const { d, config } = one(VI('  priority 100 200'));
    expect(d).toMatchObject({ code: 'KM009', keepalived: 'none', severity: 'warning' });
    expect(config.vrrpInstances[0]?.priority).toBe(100);
  });

  it("KM010 missing '{' / unexpected '{' (exit 5)", () => {
    expect(one(VI('  authentication')).d).toMatchObject({ code: 'KM010', keepalived: 'error' });
    const nodes: ConfNode[] = [
      {
        keyword: 'global_defs',
        args: [],
        origin: { file: 'x', line: 1, column: 1 },
        argOrigins: [],
        children: [
          {
            keyword: 'vrrp_strict',
            args: [],
            origin: { file: 'x', line: 2, column: 3 },
            argOrigins: [],
            children: [],
          },
        ],
      },
    ];
    const r = buildModel(nodes, { completionChecks: true });
    expect(codesOf(r)).toEqual(['KM010']);
    expect(r.config.globalDefs.vrrpStrict).toBe(true);
  });

  it('KM011 virtual_router_id missing (exit 5)', () => {
    const { d } = one('vrrp_instance V {\n  interface eth0\n}');
    expect(d).toMatchObject({ code: 'KM011', keepalived: 'error' });
    expect(d.message).toBe('(V) the virtual router id must be set');
  });

  it('KM012 deprecated: silent for most keywords, an error for some', () => {
    expect(one('global_defs {\n  lvs_flush_onstop\n}').d).toMatchObject({
      code: 'KM012',
      keepalived: 'none',
    });
    expect(one(VI('  vmac_garp_intvl 10')).d).toMatchObject({ code: 'KM012', keepalived: 'error' });
    const t = one('vrrp_track_file f {\n  file /tmp/x\n}');
    expect(t.d).toMatchObject({ code: 'KM012', keepalived: 'none' });
    expect(t.config.trackFiles[0]).toMatchObject({ name: 'f', file: '/tmp/x' });
    expect(one(VI('  lvs_sync_daemon_interface eth1')).d.keepalived).toBe('error');
  });

  it('KM013 invalid value-block lines (exit 5)', () => {
    const scope = one(VI('  virtual_ipaddress {\n    192.0.2.7/24 scope bogus\n  }'));
    expect(scope.d).toMatchObject({ code: 'KM013', keepalived: 'error' });
    expect(scope.d.message).toBe("Invalid scope 'bogus' specified for 192.0.2.7/24 - ignoring");
    expect(one(VI('  virtual_ipaddress {\n    192.0.2.7/24 dev\n  }')).d.message).toBe(
      'No dev parameter specified for 192.0.2.7/24',
    );
    const w = modelOf(
      `vrrp_script s {\n  script /bin/true\n}\n${VI('  track_script {\n    s weight 300\n  }')}`,
    );
    expect(codesOf(w)).toEqual(['KM013']);
    expect(w.config.vrrpInstances[0]?.trackScripts).toEqual([]);
    expect(one('interface_up_down_delays {\n  eth0 300\n}').d.code).toBe('KM013');
  });

  it('KM014 block without its name (keepalived exits 2)', () => {
    const { d } = one('vrrp_script {\n  script /bin/true\n}');
    expect(d).toMatchObject({ code: 'KM014', keepalived: 'fatal' });
    expect(one('virtual_server {\n  lb_algo rr\n}').d.code).toBe('KM014');
  });

  it('KM019 vrrp_instance / vrrp_sync_group / track_group without a name are skipped (exit 5)', () => {
    const r = one('vrrp_instance {\n  virtual_router_id 5\n}');
    expect(r.d).toMatchObject({ code: 'KM019', keepalived: 'error' });
    expect(r.d.message).toBe('vrrp_instance must have a name - skipping');
    expect(r.config.vrrpInstances).toEqual([]);
    expect(one('vrrp_sync_group {\n  group {\n    V\n  }\n}').d.code).toBe('KM019');
  });

  it('KM015 fractional VRRPv2 advert_int is rounded (exit 5)', () => {
    const { d, config } = one(VI('  advert_int 1.5'));
    expect(d).toMatchObject({ code: 'KM015', keepalived: 'error' });
    expect(config.vrrpInstances[0]?.advertIntMs).toBe(2000);
    expect(modelOf(VI('  version 3\n  advert_int 1.5')).config.vrrpInstances[0]?.advertIntMs).toBe(1500);
    const cs = one(VI('  version 3\n  advert_int 0.015'));
    expect(cs.d.message).toContain('must be in units of 10ms - rounding');
    expect(cs.config.vrrpInstances[0]?.advertIntMs).toBe(20);
    const v3 = one(VI('  version 3\n  advert_int 45'));
    expect(v3.d.code).toBe('KM015');
    expect(v3.config.vrrpInstances[0]?.advertIntMs).toBe(40950);
  });

  it('KM016 FILE_CHECK dynamic is documented but unknown to keepalived 2.2.7 (exit 5)', () => {
    const r = modelOf(`virtual_server 192.0.2.5 80 {
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 192.0.2.6 80 {
    FILE_CHECK {
      track_file tf
      dynamic
    }
  }
}`);
    expect(r.diagnostics.map((d) => [d.code, d.keepalived])).toEqual([['KM016', 'error']]);
    const c = r.config.virtualServers[0]?.realServers[0]?.checkers[0];
    expect(c?.type === 'FILE_CHECK' && c.dynamic).toBe(true);
  });

  it('KM018 options that do not apply where written (exit 5)', () => {
    const vs = (body: string) => `virtual_server 192.0.2.5 80 {\n  lb_kind NAT\n  protocol TCP\n${body}\n}`;
    const early = one(vs('  sh-port\n  lb_algo sh'));
    expect(early.d).toMatchObject({ code: 'KM018', keepalived: 'error' });
    expect(early.d.message).toBe('sh-port only applies to sh scheduler - ignoring');
    expect(modelOf(vs('  lb_algo sh\n  sh-port')).diagnostics).toEqual([]);
    expect(modelOf(vs('  lb_algo mh\n  mh-fallback')).diagnostics).toEqual([]);
    expect(one(vs('  lb_algo rr\n  sorry_server_inhibit\n  sorry_server 192.0.2.9 80')).d.code).toBe('KM018');
    expect(one(vs('  lb_algo rr\n  sorry_server_lvs_method DR')).d.message).toBe(
      'sorry_server forwarding used without sorry_server',
    );
  });

  it('validates argument syntaxes the schema cannot express', () => {
    const g = (line: string) => one(`global_defs {\n  ${line}\n}`).d.code;
    expect(g('umask IRGRP|IWXYZ')).toBe('KM007');
    expect(modelOf('global_defs {\n  umask IWGRP|IWOTH\n}').diagnostics).toEqual([]);
    expect(modelOf('global_defs {\n  umask 0022\n}').diagnostics).toEqual([]);
    expect(g('vrrp_rx_bufs_policy LARGE')).toBe('KM004');
    expect(g('lvs_timeouts soon')).toBe('KM007');
    expect(g('vrrp_garp_extra_if all x')).toBe('KM004');
    expect(one(VI('  garp_extra_if soon')).d.code).toBe('KM004');
    const vs = (body: string) =>
      `virtual_server 192.0.2.5 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol UDP\n${body}\n}`;
    expect(one(vs('  persistence_granularity xyz')).d.code).toBe('KM008');
    expect(modelOf(vs('  persistence_granularity 255.255.0')).diagnostics).toEqual([]);
    expect(modelOf(vs('  persistence_granularity 255.255.255.0')).diagnostics).toEqual([]);
    const udp = (body: string) => vs(`  real_server 192.0.2.6 53 {\n    UDP_CHECK {\n${body}\n    }\n  }`);
    expect(one(udp('      payload 12zz')).d.message).toBe('Invalid hex string for UDP_CHECK payload');
    expect(modelOf(udp('      require_reply 12xx')).diagnostics).toEqual([]);
  });

  it('KM020 value block with extra parameters; extra words on keyword blocks are ignored', () => {
    const r = one(VI('  track_interface eth1 {\n    eth2\n  }'));
    expect(r.d).toMatchObject({ code: 'KM020', keepalived: 'error' });
    expect(r.d.message).toBe('Block track_interface has extra parameters eth1 ...');
    expect(r.config.vrrpInstances[0]?.trackInterfaces.map((t) => t.name)).toEqual(['eth2']);
    expect(one('global_defs foo {\n  router_id x\n}').d).toMatchObject({ code: 'KM009', keepalived: 'none' });
    expect(one('vrrp_instance V extra {\n  virtual_router_id 5\n}').d.code).toBe('KM019');
    expect(one('virtual_server_group G extra {\n  192.0.2.1 80\n}').d).toMatchObject({
      code: 'KM014',
      keepalived: 'fatal',
    });
  });

  it('lvs_sync_daemon options as keepalived -t checks them', () => {
    const sd = (line: string) => modelOf(`global_defs {\n  lvs_sync_daemon ${line}\n}`);
    // [line, number of keepalived messages observed on that line]
    const observed: [string, number][] = [
      ['d0', 0],
      ['d0 V', 0],
      ['d0 inst V id 5', 0],
      ['d0 V 5', 1],
      ['d0 V x', 1],
      ['d0 id 300', 1],
      ['d0 maxlen 70000', 1],
      ['d0 port 0', 1],
      ['d0 ttl 0', 1],
      ['d0 group 192.0.2.1', 1],
      ['d0 group 224.0.0.81', 0],
      ['d0 group x', 1],
      ['d0 inst V bogus 4', 2],
      ['d0 id', 1],
    ];
    for (const [line, n] of observed) {
      const errors = sd(line).diagnostics.filter((d) => d.keepalived === 'error');
      expect(errors.length, line).toBe(n);
    }
    expect(sd('d0 inst V id 5 port 8849 group 224.0.0.81').config.globalDefs.lvsSyncDaemon).toMatchObject({
      interface: 'd0',
      vrrpInstance: 'V',
      syncId: 5,
      port: 8849,
      group: '224.0.0.81',
    });
  });

  it('KM017 duplicate names (exit 5)', () => {
    const r = modelOf(`${VI('')}\n${VI('')}`);
    expect(codesOf(r)).toEqual(['KM017']);
    expect(r.diagnostics[0]?.message).toBe('vrrp instance V already defined');
    // Without completionChecks (what lint() uses) the linter reports these itself.
    const plain = modelOfDefault(`${VI('')}\n${VI('')}\nvrrp_instance W {\n  advert_int 1.5\n}`);
    expect(plain.diagnostics).toEqual([]);
    expect(plain.config.vrrpInstances[2]?.advertIntMs).toBe(2000);
  });

  it('documents every code it emits', () => {
    for (const [code, info] of Object.entries(MODEL_CODES)) {
      expect(code).toMatch(/^KM\d{3}$/);
      expect(info.title.length).toBeGreaterThan(3);
    }
  });

  it('never throws on hostile trees', () => {
    const o = { file: 'x', line: 1, column: 1 };
    const weird: ConfNode[] = [
      { keyword: 'vrrp_instance', args: [], origin: o, argOrigins: [] },
      { keyword: 'virtual_server', args: [], origin: o, argOrigins: [], children: [] },
      { keyword: 'virtual_server', args: ['fwmark', 'x'], origin: o, argOrigins: [], children: [] },
      { keyword: 'virtual_server', args: ['group'], origin: o, argOrigins: [], children: [] },
      { keyword: 'real_server', args: ['192.0.2.1'], origin: o, argOrigins: [], children: [] },
      {
        keyword: 'virtual_server_group',
        args: ['g'],
        origin: o,
        argOrigins: [],
        children: [
          { keyword: 'fwmark', args: [], origin: o, argOrigins: [] },
          { keyword: '192.0.2.9-300', args: [], origin: o, argOrigins: [] },
        ],
      },
    ];
    const r = buildModel(weird);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.config.virtualServers).toEqual([]);
  });
});
