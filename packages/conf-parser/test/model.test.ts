import { describe, expect, it } from 'vitest';
import { codesOf, modelOf } from './helpers/model.js';

describe('buildModel — VRRP', () => {
  it('converts a vrrp_instance with keepalived defaults', () => {
    const { config, diagnostics } = modelOf(`
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  virtual_ipaddress {
    192.0.2.10
  }
}`);
    expect(diagnostics).toEqual([]);
    const v = config.vrrpInstances[0]!;
    expect(v).toMatchObject({
      name: 'VI_1',
      state: 'BACKUP',
      interface: 'eth0',
      virtualRouterId: 51,
      priority: 100,
      advertIntMs: 1000,
      version: 2,
      nopreempt: false,
      preemptDelayMs: 0,
      garpMasterDelayMs: 5000,
      garpMasterRepeat: 5,
      garpLowerPrioDelayMs: 5000,
      garpLowerPrioRepeat: 5,
      downTimerAdverts: 3,
      strictMode: false,
      lowerPrioNoAdvert: false,
    });
    expect(v.virtualIpaddresses[0]).toMatchObject({ address: '192.0.2.10', family: 4, prefix: 32 });
    expect(v.origin).toMatchObject({ file: 'test.conf', line: 2, column: 1 });
    expect(v.accept).toBeUndefined();
    expect(v.authentication).toBeUndefined();
  });

  it('reads every common instance option', () => {
    const { config, diagnostics } = modelOf(`
global_defs {
  vrrp_garp_master_delay 2
  vrrp_garp_master_repeat 3
  vrrp_strict
}
vrrp_instance VI_2 {
  state MASTER
  interface eth1
  virtual_router_id 52
  priority 150
  advert_int 2
  nopreempt
  preempt_delay 4.5
  no_accept
  authentication {
    auth_type PASS
    auth_pass secret12
  }
  unicast_src_ip 192.0.2.1
  unicast_peer {
    192.0.2.2
    192.0.2.3 min_ttl 250 max_ttl 255
  }
  track_interface {
    eth2
    eth3 weight -20 reverse
  }
  track_script {
    chk weight 10
  }
  virtual_ipaddress {
    192.0.2.100/24 dev eth1 label eth1:1 scope global
    192.0.2.101/24 brd 192.0.2.255 no_track
  }
  virtual_ipaddress_excluded {
    2001:DB8::10/64 dev eth1 -nodad preferred_lft forever
  }
  virtual_routes {
    198.51.100.0/24 via 192.0.2.254 dev eth1 table 100
  }
  virtual_rules {
    from 198.51.100.0/24 table 100 no_track
  }
  notify_master "/usr/local/bin/notify master" root root
  smtp_alert
  garp_master_repeat 1
  use_vmac vrrp.52
}`);
    expect(diagnostics).toEqual([]);
    const v = config.vrrpInstances[0]!;
    expect(v).toMatchObject({
      state: 'MASTER',
      priority: 150,
      advertIntMs: 2000,
      nopreempt: true,
      preemptDelayMs: 4500,
      accept: false,
      strictMode: true,
      lowerPrioNoAdvert: true,
      garpMasterDelayMs: 2000,
      garpMasterRepeat: 1,
      garpLowerPrioRepeat: 1,
      unicastSrcIp: '192.0.2.1',
      smtpAlert: true,
      useVmac: { name: 'vrrp.52' },
    });
    expect(v.authentication).toMatchObject({ type: 'PASS', pass: 'secret12' });
    expect(v.unicastPeers.map((p) => [p.address, p.minTtl, p.maxTtl])).toEqual([
      ['192.0.2.2', undefined, undefined],
      ['192.0.2.3', 250, 255],
    ]);
    expect(v.trackInterfaces.map((t) => [t.name, t.weight, t.reverse])).toEqual([
      ['eth2', undefined, false],
      ['eth3', -20, true],
    ]);
    expect(v.trackScripts[0]).toMatchObject({ name: 'chk', weight: 10 });
    expect(v.virtualIpaddresses[0]).toMatchObject({
      address: '192.0.2.100',
      prefix: 24,
      dev: 'eth1',
      label: 'eth1:1',
      scope: 'global',
    });
    expect(v.virtualIpaddresses[1]).toMatchObject({ broadcast: '192.0.2.255', noTrack: true });
    expect(v.virtualIpaddressesExcluded[0]).toMatchObject({
      address: '2001:db8::10',
      family: 6,
      prefix: 64,
      nodad: true,
      preferredLft: 'forever',
    });
    expect(v.virtualRoutes[0]).toMatchObject({ table: '100', noTrack: false });
    expect(v.virtualRoutes[0]?.words[0]).toBe('198.51.100.0/24');
    expect(v.virtualRules[0]).toMatchObject({ table: '100', noTrack: true });
    expect(v.notify.master).toMatchObject({
      command: '/usr/local/bin/notify master',
      user: 'root',
      group: 'root',
    });
  });

  it('uses version 3 for IPv6 instances and the global vrrp_version otherwise', () => {
    const six = modelOf(`vrrp_instance V6 {
  interface eth0
  virtual_router_id 1
  advert_int 0.5
  virtual_ipaddress {
    fe80::1/64
  }
}`);
    expect(six.config.vrrpInstances[0]).toMatchObject({ version: 3, advertIntMs: 500 });
    expect(six.diagnostics).toEqual([]);
    const g3 = modelOf(`global_defs {
  vrrp_version 3
}
vrrp_instance V {
  virtual_router_id 2
  advert_int 0.25
}`);
    expect(g3.config.globalDefs.vrrpVersion).toBe(3);
    expect(g3.config.vrrpInstances[0]).toMatchObject({ version: 3, advertIntMs: 250 });
  });

  it('lets a later preempt cancel nopreempt and keeps accept/no_accept order', () => {
    const { config } = modelOf(`vrrp_instance V {
  virtual_router_id 3
  nopreempt
  preempt
  no_accept
  accept
}`);
    expect(config.vrrpInstances[0]).toMatchObject({ nopreempt: false, accept: true });
  });

  it('reads vrrp_script, vrrp_sync_group, garp_group, track_file, vrrp_track_process, track_group', () => {
    const { config, diagnostics } = modelOf(`
vrrp_script chk_haproxy {
  script "/usr/bin/pgrep haproxy"
  interval 2
  weight -20 reverse
  fall 3
  user nobody nogroup
}
vrrp_script plain {
  script /bin/true
}
vrrp_sync_group VG1 {
  group {
    VI_1
    VI_2
  }
  notify_backup /bin/backup.sh
  track_file {
    tf weight 5
  }
}
garp_group {
  garp_interval 0.001
  interfaces {
    eth0
    eth1
  }
}
track_file tf {
  file /run/prio
  weight 2 reverse
  init_file 7 overwrite
}
vrrp_track_process nginx {
  process nginx -g daemon
  param_match partial
  quorum 2
  delay 1.5
}
track_group TG {
  group {
    VI_1
  }
}`);
    expect(diagnostics).toEqual([]);
    expect(config.vrrpScripts[0]).toMatchObject({
      name: 'chk_haproxy',
      script: '/usr/bin/pgrep haproxy',
      intervalMs: 2000,
      timeoutMs: 2000,
      weight: -20,
      reverse: true,
      rise: 1,
      fall: 3,
      user: 'nobody',
      group: 'nogroup',
    });
    expect(config.vrrpScripts[1]).toMatchObject({
      intervalMs: 1000,
      weight: 0,
      rise: 1,
      fall: 1,
      initFail: false,
    });
    expect(config.vrrpSyncGroups[0]).toMatchObject({ name: 'VG1', group: ['VI_1', 'VI_2'] });
    expect(config.vrrpSyncGroups[0]?.notify.backup?.command).toBe('/bin/backup.sh');
    expect(config.vrrpSyncGroups[0]?.trackFiles[0]).toMatchObject({ name: 'tf', weight: 5 });
    expect(config.garpGroups[0]).toMatchObject({ garpIntervalMs: 1, interfaces: ['eth0', 'eth1'] });
    expect(config.trackFiles[0]).toMatchObject({
      name: 'tf',
      file: '/run/prio',
      weight: 2,
      reverse: true,
      initFile: { value: 7, overwrite: true },
    });
    expect(config.trackProcesses[0]).toMatchObject({
      name: 'nginx',
      process: 'nginx',
      params: ['-g', 'daemon'],
      paramMatch: 'partial',
      quorum: 2,
      weight: 1,
      forkDelayMs: 1500,
      terminateDelayMs: 1500,
    });
    expect(config.trackGroups[0]).toMatchObject({ name: 'TG', group: ['VI_1'] });
  });

  it('reads static addresses, routes, rules, linkbeat and up/down delays', () => {
    const { config, diagnostics } = modelOf(`
static_ipaddress {
  192.0.2.50/24 dev eth0 track_group TG
}
static_routes {
  203.0.113.0/24 via 192.0.2.1 dev eth0
}
static_rules {
  from 203.0.113.0/24 table 7 track_group TG
}
linkbeat_interfaces {
  eth0
  eth1 ETHTOOL
}
interface_up_down_delays {
  eth0 0.5
  eth1 1 2
}`);
    expect(diagnostics).toEqual([]);
    expect(config.staticIpaddress[0]).toMatchObject({ address: '192.0.2.50', prefix: 24, trackGroup: 'TG' });
    expect(config.staticRoutes[0]?.words).toEqual(['203.0.113.0/24', 'via', '192.0.2.1', 'dev', 'eth0']);
    expect(config.staticRules[0]).toMatchObject({ table: '7', trackGroup: 'TG' });
    expect(config.linkbeatInterfaces.map((l) => [l.name, l.type])).toEqual([
      ['eth0', undefined],
      ['eth1', 'ETHTOOL'],
    ]);
    expect(config.interfaceUpDownDelays.map((d) => [d.name, d.downDelayMs, d.upDelayMs])).toEqual([
      ['eth0', 500, 500],
      ['eth1', 1000, 2000],
    ]);
  });

  it('reads bfd_instance with defaults', () => {
    const { config, diagnostics } = modelOf(`bfd_instance b1 {
  neighbour_ip 192.0.2.9
  min_rx 50
  passive
}`);
    expect(diagnostics).toEqual([]);
    expect(config.bfdInstances[0]).toMatchObject({
      name: 'b1',
      neighborIp: '192.0.2.9',
      minRxMs: 50,
      minTxMs: 10,
      idleTxMs: 1000,
      multiplier: 5,
      passive: true,
      ttl: 255,
      hoplimit: 64,
      maxHops: 0,
      weight: 0,
    });
  });
});

describe('buildModel — global_defs', () => {
  it('applies defaults and converts values', () => {
    const { config, diagnostics } = modelOf(`
net_namespace blue
global_defs {
  router_id LVS_1
  notification_email {
    ops@example.com
    noc@example.com
  }
  notification_email_from kad@example.com
  smtp_server 192.0.2.25 2525
  smtp_connect_timeout 15
  vrrp_garp_interval 0.001
  lvs_timeouts tcp 900 udp 30
  lvs_flush_on_stop VS
  script_user keepalived_script
  enable_script_security
  dynamic_interfaces allow_if_changes
}`);
    expect(diagnostics).toEqual([]);
    const g = config.globalDefs;
    expect(g).toMatchObject({
      routerId: 'LVS_1',
      notificationEmail: ['ops@example.com', 'noc@example.com'],
      notificationEmailFrom: 'kad@example.com',
      smtpServer: { host: '192.0.2.25', port: 2525 },
      smtpConnectTimeoutMs: 15000,
      vrrpVersion: 2,
      vrrpMcastGroup4: '224.0.0.18',
      vrrpMcastGroup6: 'ff02::12',
      vrrpGarpMasterDelayMs: 5000,
      vrrpGarpMasterRepeat: 5,
      vrrpGarpIntervalMs: 1,
      defaultInterface: 'eth0',
      lvsTimeouts: { tcp: 900, udp: 30 },
      lvsFlushOnStop: 'VS',
      scriptUser: { user: 'keepalived_script' },
      enableScriptSecurity: true,
      dynamicInterfaces: 'allow_if_changes',
      netNamespace: 'blue',
    });
    expect(g.settings.router_id).toEqual(['LVS_1']);
    expect(g.settings.enable_script_security).toEqual([true]);
    expect(g.settings.vrrp_garp_interval).toEqual([1]);
    expect(g.settings.net_namespace).toEqual(['blue']);
    expect(g.origin?.line).toBe(3);
  });

  it('vrrp_min_garp drops the GARP repeats unless they are set', () => {
    const g = modelOf('global_defs {\n  vrrp_min_garp\n  vrrp_garp_master_delay 3\n}').config.globalDefs;
    expect(g).toMatchObject({
      vrrpMinGarp: true,
      vrrpGarpMasterRepeat: 1,
      vrrpGarpMasterRefreshRepeat: 0,
      vrrpGarpMasterDelayMs: 3000,
    });
    expect(modelOf('global_defs {\n  vrrp_min_garp off\n}').config.globalDefs.vrrpGarpMasterRepeat).toBe(5);
  });

  it('has defaults when there is no global_defs', () => {
    const { config } = modelOf('');
    expect(config.globalDefs).toMatchObject({
      vrrpVersion: 2,
      smtpConnectTimeoutMs: 30000,
      vrrpStrict: false,
      notificationEmail: [],
    });
    expect(config.globalDefs.origin).toBeUndefined();
    expect(config.vrrpInstances).toEqual([]);
  });
});

describe('buildModel — unknown keywords', () => {
  it('keeps unknown statements in the unknown list of their block', () => {
    const r = modelOf(`
mystery_block {
  a 1
}
global_defs {
  frobnicate yes
}
vrrp_instance V {
  virtual_router_id 9
  foo_bar 1
}
virtual_server 192.0.2.1 80 {
  lb_algo rr
  lb_kind NAT
  protocol TCP
  sparkle
  real_server 192.0.2.2 80 {
    glitter
    TCP_CHECK {
      shimmer 3
    }
  }
}`);
    expect(r.config.unknown.map((n) => n.keyword)).toEqual(['mystery_block']);
    expect(r.config.unknown[0]?.children?.[0]?.keyword).toBe('a');
    expect(r.config.globalDefs.unknown.map((n) => n.keyword)).toEqual(['frobnicate']);
    expect(r.config.vrrpInstances[0]?.unknown.map((n) => n.keyword)).toEqual(['foo_bar']);
    const vs = r.config.virtualServers[0]!;
    expect(vs.unknown.map((n) => n.keyword)).toEqual(['sparkle']);
    expect(vs.realServers[0]?.unknown.map((n) => n.keyword)).toEqual(['glitter']);
    expect(vs.realServers[0]?.checkers[0]?.unknown.map((n) => n.keyword)).toEqual(['shimmer']);
    expect(codesOf(r)).toEqual(['KM001', 'KM001', 'KM001', 'KM001', 'KM001', 'KM001']);
    expect(r.diagnostics.every((d) => d.keepalived === 'error')).toBe(true);
    expect(r.diagnostics[0]?.message).toBe("Unknown keyword 'mystery_block'");
  });
});
