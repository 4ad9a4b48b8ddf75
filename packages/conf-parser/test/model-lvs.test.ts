import { describe, expect, it } from 'vitest';
import { type Checker, checkerDefaults, hexOf } from '../src/model/index.js';
import { codesOf, modelOf } from './helpers/model.js';

type Pick1<C, T> = C extends { type: infer U } ? (T extends U ? C : never) : never;

function checkerOf<T extends Checker['type']>(list: Checker[], type: T): Pick1<Checker, T> {
  const c = list.find((x) => x.type === type);
  if (!c) throw new Error(`no ${type}`);
  return c as Pick1<Checker, T>;
}

describe('buildModel — LVS', () => {
  it('converts a virtual server, its real servers and defaults', () => {
    const r = modelOf(`
virtual_server 192.0.2.10 443 {
  delay_loop 10
  lvs_sched wrr
  lvs_method DR
  protocol tcp
  persistence_timeout
  quorum 2
  hysteresis 1
  virtualhost www.example.com
  sorry_server 192.0.2.99 8443
  flag-1
  real_server 192.0.2.11 443 {
    weight 3
    inhibit_on_failure
    TCP_CHECK {
      connect_timeout 2.5
    }
  }
  real_server 192.0.2.12 {
    lvs_method TUN type gue port 6080 csum
    delay_loop 20
    retry 4
    HTTP_GET {
      url {
        path /health
        status_code 200 301-302
        digest 9B3A0C85A887A256D6939DA88AABD8CD
      }
      url {
        path /
      }
    }
  }
}`);
    expect(r.diagnostics).toEqual([]);
    const vs = r.config.virtualServers[0]!;
    expect(vs.target).toEqual({ kind: 'address', address: '192.0.2.10', family: 4, port: 443 });
    expect(vs).toMatchObject({
      protocol: 'TCP',
      lbAlgo: 'wrr',
      lbKind: 'DR',
      method: { kind: 'DR' },
      persistenceTimeoutMs: 360000,
      quorum: 2,
      hysteresis: 1,
      delayLoopMs: 10000,
      connectTimeoutMs: 5000,
      flags: ['flag-1'],
      sorryServer: { address: '192.0.2.99', port: 8443, method: { kind: 'DR' }, inhibit: false },
    });
    const [rs1, rs2] = vs.realServers;
    expect(rs1).toMatchObject({
      address: '192.0.2.11',
      port: 443,
      weight: 3,
      inhibitOnFailure: true,
      delayLoopMs: 10000,
    });
    expect(rs1?.method).toEqual({ kind: 'DR' });
    const tcp = checkerOf(rs1!.checkers, 'TCP_CHECK');
    expect(tcp).toMatchObject({
      connectIp: '192.0.2.11',
      connectPort: 443,
      connectTimeoutMs: 2500,
      delayLoopMs: 10000,
      retry: 1,
      delayBeforeRetryMs: 1000,
      warmupMs: 10000,
      alpha: false,
    });
    expect(rs2).toMatchObject({ port: 443, weight: 1, delayLoopMs: 20000, retry: 4 });
    expect(rs2?.method).toEqual({ kind: 'TUN', tunnel: { type: 'gue', port: 6080, csum: 'csum' } });
    expect(rs2?.lbKind).toBe('TUN');
    const http = checkerOf(rs2!.checkers, 'HTTP_GET');
    expect(http).toMatchObject({
      retry: 4,
      delayBeforeRetryMs: 3000,
      delayLoopMs: 20000,
      httpProtocol: '1.0',
      virtualhost: 'www.example.com',
    });
    expect(http.urls[0]).toMatchObject({
      path: '/health',
      digest: '9b3a0c85a887a256d6939da88aabd8cd',
      statusCodes: [
        { min: 200, max: 200 },
        { min: 301, max: 302 },
      ],
    });
    expect(http.urls[1]?.statusCodes).toEqual([{ min: 200, max: 299 }]);
  });

  it('applies per-checker defaults for MISC, DNS, UDP, SMTP, FILE, BFD and PING', () => {
    const r = modelOf(`
virtual_server fwmark 7 {
  lb_algo rr
  lb_kind NAT
  retry 2
  real_server 192.0.2.20 53 {
    MISC_CHECK {
      misc_path "/usr/local/bin/check 192.0.2.20"
      misc_dynamic
      user nobody
    }
    DNS_CHECK {
      type aaaa
    }
    UDP_CHECK {
      payload Ab12f 3 456 546443123
      require_reply 0x
      max_reply_length 100
    }
    SMTP_CHECK {
      helo_name mx.example.com
      host {
        connect_ip 192.0.2.21
        connect_port 25
      }
    }
    FILE_CHECK {
      track_file tf
      weight -3 reverse
    }
    BFD_CHECK {
      name b1
    }
    PING_CHECK {
    }
    SSL_GET {
      enable_sni
      http_protocol 1.0c
      url {
        path /
      }
    }
  }
}`);
    // SMTP_CHECK host {} is deprecated but keepalived 2.2.7 says nothing about it.
    expect(r.diagnostics.map((d) => [d.code, d.keepalived])).toEqual([['KM012', 'none']]);
    const vs = r.config.virtualServers[0]!;
    expect(vs.target).toEqual({ kind: 'fwmark', fwmark: 7 });
    expect(vs.protocol).toBeUndefined();
    const cs = vs.realServers[0]!.checkers;
    expect(cs.map((c) => c.type)).toEqual([
      'MISC_CHECK',
      'DNS_CHECK',
      'UDP_CHECK',
      'SMTP_CHECK',
      'FILE_CHECK',
      'BFD_CHECK',
      'PING_CHECK',
      'SSL_GET',
    ]);
    expect(checkerOf(cs, 'MISC_CHECK')).toMatchObject({
      miscPath: '/usr/local/bin/check 192.0.2.20',
      miscDynamic: true,
      miscTimeoutMs: 60000,
      user: 'nobody',
      retry: 2,
    });
    expect(checkerOf(cs, 'DNS_CHECK')).toMatchObject({
      queryType: 'AAAA',
      name: '.',
      retry: 2,
      delayBeforeRetryMs: 60000,
    });
    expect(checkerOf(cs, 'UDP_CHECK')).toMatchObject({
      payload: 'ab120f0345065464431203',
      requireReply: true,
      requireReplyPattern: '0x',
      minReplyLength: 0,
      maxReplyLength: 100,
    });
    expect(checkerOf(cs, 'SMTP_CHECK')).toMatchObject({
      heloName: 'mx.example.com',
      hosts: [{ connectIp: '192.0.2.21', connectPort: 25 }],
    });
    expect(checkerOf(cs, 'FILE_CHECK')).toMatchObject({
      trackFile: 'tf',
      weight: -3,
      reverse: true,
      dynamic: false,
    });
    expect(checkerOf(cs, 'BFD_CHECK')).toMatchObject({ name: 'b1', alpha: false });
    expect(checkerOf(cs, 'PING_CHECK')).toMatchObject({ connectIp: '192.0.2.20', connectPort: 53 });
    expect(checkerOf(cs, 'SSL_GET')).toMatchObject({ enableSni: true, httpProtocol: '1.0C' });
  });

  it('uses the checker retry defaults when nothing is inherited', () => {
    const r = modelOf(`
virtual_server 2001:db8::1 80 {
  lb_algo rr
  lb_kind NAT
  protocol UDP
  real_server 2001:db8::2 80 {
    MISC_CHECK {
      misc_path /bin/true
    }
    DNS_CHECK {
    }
    HTTP_GET {
      url {
        path /
      }
    }
  }
}`);
    expect(r.diagnostics).toEqual([]);
    const cs = r.config.virtualServers[0]!.realServers[0]!.checkers;
    expect(cs.map((c) => ('retry' in c ? c.retry : -1))).toEqual([0, 3, 1]);
    expect(r.config.virtualServers[0]!.target).toMatchObject({ family: 6, address: '2001:db8::1' });
  });

  it('reads virtual_server group, virtual_server_group ranges and SSL', () => {
    const r = modelOf(`
SSL {
  password pw
  ca /etc/ssl/ca.pem
}
virtual_server_group VSG {
  192.0.2.1 80
  192.0.2.10-20 80
  198.51.100.0/30 443
  2001:db8::1-ff 80
  fwmark 5 inet6
}
virtual_server group VSG {
  lb_algo rr
  lb_kind NAT
  protocol TCP
}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.config.ssl).toMatchObject({ password: 'pw', ca: '/etc/ssl/ca.pem' });
    const g = r.config.virtualServerGroups[0]!;
    expect(
      g.entries.map((e) => (e.kind === 'range' ? [e.first, e.last, e.port] : [e.fwmark, e.family])),
    ).toEqual([
      ['192.0.2.1', '192.0.2.1', 80],
      ['192.0.2.10', '192.0.2.20', 80],
      ['198.51.100.0', '198.51.100.3', 443],
      ['2001:db8::1', '2001:db8::ff', 80],
      [5, 'inet6'],
    ]);
    expect(r.config.virtualServers[0]?.target).toEqual({ kind: 'group', group: 'VSG' });
  });

  it('reports and defaults a missing scheduler, forwarding method and protocol', () => {
    const r = modelOf(
      `virtual_server 192.0.2.5 80 {
  real_server 192.0.2.6 80 {
  }
}`,
      { completionChecks: true },
    );
    expect(codesOf(r)).toEqual(['KM011', 'KM011', 'KM011']);
    expect(r.config.virtualServers[0]).toMatchObject({
      lbAlgo: 'wlc',
      method: { kind: 'NAT' },
      protocol: 'UDP',
    });
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Virtual server 192.0.2.5 80: no scheduler set, setting default 'wlc'",
      'Virtual server 192.0.2.5 80: no forwarding method set, setting default NAT',
      'Virtual server 192.0.2.5 80: no protocol set - defaulting to UDP',
    ]);
  });

  it('exposes checker defaults and the hex reader for health-check runners', () => {
    expect(checkerDefaults('HTTP_GET')).toEqual({
      retry: 1,
      delayBeforeRetryMs: 3000,
      connectTimeoutMs: 5000,
      delayLoopMs: 60000,
      warmupMs: 60000,
    });
    expect(checkerDefaults('DNS_CHECK', 10000)).toMatchObject({ retry: 3, delayBeforeRetryMs: 10000 });
    expect(checkerDefaults('MISC_CHECK')).toMatchObject({ retry: 0, delayBeforeRetryMs: 1000 });
    // the man page example: "Ab12f 3 456 546443123" is AB 12 0F 03 45 06 54 64 43 12 03
    expect(hexOf(['Ab12f', '3', '456', '546443123'])).toBe('ab120f0345065464431203');
  });
});
