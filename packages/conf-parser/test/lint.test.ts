import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, formatDiagnostic, lint, lintFiles, RULE_BY_CODE, RULES } from '../src/lint/index.js';
import type { Diagnostic } from '../src/types.js';

const IFS = { interfaces: ['eth0', 'eth1'] };

function inst(body: string, name = 'VI_1'): string {
  return `vrrp_instance ${name} {\n${body}\n}\n`;
}

const BASE = `  state BACKUP
  interface eth0
  virtual_router_id 51
  priority 100
  advert_int 1
  virtual_ipaddress {
    192.0.2.10/24
  }`;

function run(text: string, options = IFS) {
  return lint({ text, file: 'test.conf' }, options);
}

/**
 * A KA5xx completion check fired — or yielded to the model reporting the same problem at the
 * same place (the linter drops its KA5xx duplicate then), keeping keepalived's verdict.
 */
function expectKa(text: string, code: string, options = IFS): void {
  const r = run(text, options);
  const own = r.diagnostics.some((d) => d.code === code);
  const model = r.diagnostics.some((d) => d.code.startsWith('KM') && d.keepalived === 'error');
  expect(own || model, `${code} in ${r.diagnostics.map((d) => d.code).join(',')}`).toBe(true);
  expect(r.exitCode).not.toBe(0);
}

function codes(text: string, options = IFS): string[] {
  return run(text, options).diagnostics.map((d) => d.code);
}

describe('rule table', () => {
  it('documents every code once with a hint', () => {
    const seen = new Set<string>();
    for (const r of RULES) {
      expect(seen.has(r.code)).toBe(false);
      seen.add(r.code);
      expect(r.code).toMatch(/^(KA5|HA1|HA2)\d\d$/);
      expect(r.hint.length).toBeGreaterThan(10);
    }
  });
});

describe('lint: clean configuration', () => {
  it('has no diagnostics and exit 0', () => {
    const r = run(inst(BASE));
    expect(r.diagnostics).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.files.length).toBeGreaterThan(0);
  });
});

describe('lint: keepalived config-completion parity (KA5xx)', () => {
  it('missing interface is KA501 and exit 5', () => {
    const r = run(inst(BASE.replace('  interface eth0\n', '')));
    expect(r.diagnostics.some((d) => d.code === 'KA501' || d.code.startsWith('KM'))).toBe(true);
    expect(r.exitCode).toBe(5);
  });
  it('loopback interface is KA503', () => {
    expectKa(inst(BASE.replace('interface eth0', 'interface lo')), 'KA503');
  });
  it('unknown host interface is an error only when the interfaces are known', () => {
    const text = inst(BASE.replace('interface eth0', 'interface nosuch0'));
    const known = run(text);
    const d = known.diagnostics.find((x) => x.code === 'KA502');
    expect(d?.keepalived).toBe('error');
    expect(d?.hostDependent).toBe(true);
    expect(known.exitCode).toBe(5);
    const unknown = run(text, {} as typeof IFS);
    const u = unknown.diagnostics.find((x) => x.code === 'KA502');
    expect(u?.severity).toBe('info');
    expect(u?.keepalived).toBe('none');
    expect(unknown.exitCode).toBe(0);
  });
  it('missing VRID is KA504 (or the model KM011 at the same place)', () => {
    const r = run(inst(BASE.replace('  virtual_router_id 51\n', '')));
    expect(r.diagnostics.filter((d) => d.code === 'KA504' || d.code === 'KM011')).toHaveLength(1);
    expect(r.exitCode).toBe(5);
  });
  it('no VIP is KA505, mixed families KA506', () => {
    expectKa(inst(BASE.replace(/ {2}virtual_ipaddress \{\n.*\n {2}\}/, '')), 'KA505');
    expect(codes(inst(BASE.replace('192.0.2.10/24', '192.0.2.10/24\n    2001:db8::1/64')))).toContain(
      'KA506',
    );
  });
  it('strict: MASTER without priority 255 is KA507', () => {
    const text = `global_defs {\n  vrrp_strict\n}\n${inst(BASE.replace('state BACKUP', 'state MASTER'))}`;
    expectKa(text, 'KA507');
  });
  it('VRRPv3 advert_int above 40.95 s is KA509', () => {
    expectKa(inst(BASE.replace('advert_int 1', 'version 3\n  advert_int 50')), 'KA509');
  });
  it('duplicate instance name is reported once (KA510 fills the gap when the model is silent)', () => {
    const text = inst(BASE) + inst(BASE.replace('virtual_router_id 51', 'virtual_router_id 52'));
    const r = run(text);
    const dup = r.diagnostics.filter((d) => d.origin.line === 11 && d.keepalived === 'error');
    expect(dup).toHaveLength(1);
    expect(r.exitCode).toBe(5);
  });
  it('auth_pass longer than 8 characters is reported (KA524 when the model is silent)', () => {
    const r = run(inst(`${BASE}\n  authentication {\n    auth_type PASS\n    auth_pass 123456789\n  }`));
    expect(r.diagnostics.some((d) => d.origin.line === 12 && d.keepalived === 'error')).toBe(true);
    expect(r.exitCode).toBe(5);
  });
  it('vrrp_script without script is KA511 and its reference HA111', () => {
    const text = `vrrp_script chk {\n  interval 2\n}\n${inst(`${BASE}\n  track_script {\n    chk\n  }`)}`;
    const c = codes(text);
    expect(c.includes('KA511') || c.some((x) => x.startsWith('KM'))).toBe(true);
    expect(c).toContain('HA111');
  });
  it('virtual_server without real servers is KA512, missing lb_algo/lb_kind/protocol KA517', () => {
    const c = codes('virtual_server 192.0.2.10 80 {\n  delay_loop 6\n}\n');
    expect(c.includes('KA512') || c.some((x) => x.startsWith('KM'))).toBe(true);
    // Either the linter (KA517) or the model (KM011) reports the three missing settings.
    const own = c.filter((x) => x === 'KA517').length;
    const model = c.filter((x) => x === 'KM011').length;
    expect(own === 3 || model === 3).toBe(true);
  });
  it('sync group with one instance is KA520; undefined member HA112', () => {
    const text = `vrrp_sync_group G {\n  group {\n    VI_1\n    VI_X\n  }\n}\n${inst(BASE)}`;
    const c = codes(text);
    expect(c.includes('KA520') || c.some((x) => x.startsWith('KM'))).toBe(true);
    expect(c).toContain('HA112');
  });
});

describe('lint: @ha lints (HA1xx)', () => {
  it('HA101 strict + PASS', () => {
    const text = `global_defs {\n  vrrp_strict\n}\n${inst(`${BASE}\n  authentication {\n    auth_type PASS\n    auth_pass secret\n  }`)}`;
    const r = run(text);
    const d = r.diagnostics.find((x) => x.code === 'HA101');
    expect(d?.keepalived).toBe('error');
    expect(d?.hint).toMatch(/both become MASTER/);
    expect(r.exitCode).toBe(5);
  });
  it('HA102 / HA103 nopreempt ignored', () => {
    expect(codes(inst(BASE.replace('state BACKUP', 'state MASTER\n  nopreempt')))).toContain('HA102');
    expect(codes(inst(BASE.replace('priority 100', 'priority 255\n  nopreempt')))).toContain('HA103');
  });
  it('HA104 preempt_delay ignored with state MASTER', () => {
    expect(codes(inst(BASE.replace('state BACKUP', 'state MASTER\n  preempt_delay 10')))).toContain('HA104');
  });
  it('HA105 strict without accept: keepalived silent, exit unchanged', () => {
    const r = run(`global_defs {\n  vrrp_strict\n}\n${inst(BASE)}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HA105']);
    expect(r.exitCode).toBe(0);
    const ok = run(
      `global_defs {\n  vrrp_strict\n}\n${inst(`${BASE.replace('advert_int 1', 'version 3')}\n  accept`)}`,
    );
    expect(ok.diagnostics).toEqual([]);
    const v2 = run(`global_defs {\n  vrrp_strict\n}\n${inst(`${BASE}\n  accept`)}`);
    expect(v2.diagnostics.map((d) => d.code)).toEqual(['HA105', 'KA525']);
    expect(v2.exitCode).toBe(5);
  });
  it('HA106 v2 fractional advert_int, not for v3', () => {
    expect(codes(inst(BASE.replace('advert_int 1', 'advert_int 1.5')))).toContain('HA106');
    expect(codes(inst(BASE.replace('advert_int 1', 'version 3\n  advert_int 1.5')))).not.toContain('HA106');
  });
  it('HA107 duplicate VRID on one interface, not with disjoint unicast peers', () => {
    const two = inst(BASE) + inst(BASE.replace('192.0.2.10', '192.0.2.11'), 'VI_2');
    expect(codes(two)).toContain('HA107');
    const uni = (peer: string, vip: string, name: string) =>
      inst(
        BASE.replace('192.0.2.10', vip) + `\n  unicast_src_ip 192.0.2.1\n  unicast_peer {\n    ${peer}\n  }`,
        name,
      );
    expect(
      codes(uni('192.0.2.2', '192.0.2.10', 'VI_1') + uni('192.0.2.3', '192.0.2.11', 'VI_2')),
    ).not.toContain('HA107');
  });
  it('HA108 unicast without peers', () => {
    expect(codes(inst(`${BASE}\n  unicast_src_ip 192.0.2.1\n  unicast_peer {\n  }`))).toContain('HA108');
  });
  it('HA109 real_server without checker is @ha only', () => {
    const r = run(
      'virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n  real_server 198.51.100.1 80 {\n    weight 1\n  }\n}\n',
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HA109']);
    expect(r.exitCode).toBe(0);
  });
  it('HA110 undefined virtual_server_group is @ha only', () => {
    const r = run('virtual_server group NOPE {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n}\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['HA110']);
    expect(r.exitCode).toBe(0);
  });
  it('HA113 authentication in v3', () => {
    const text = inst(
      `${BASE.replace('advert_int 1', 'version 3')}\n  authentication {\n    auth_type PASS\n    auth_pass x\n  }`,
    );
    expect(codes(text)).toContain('HA113');
  });
  it('HA114 same VIP in two instances, HA115 IPv6 VIP in v2', () => {
    const two = inst(BASE) + inst(BASE.replace('virtual_router_id 51', 'virtual_router_id 52'), 'VI_2');
    expect(codes(two)).toContain('HA114');
    expect(codes(inst(BASE.replace('192.0.2.10/24', '2001:db8::10/64')))).toContain('HA115');
  });
  it('HA117 scripts without enable_script_security: exit 6 when the script exists', () => {
    const text = `vrrp_script chk {\n  script "/bin/true"\n}\n${inst(`${BASE}\n  track_script {\n    chk\n  }`)}`;
    const exists = run(text, { ...IFS, scriptExists: () => true } as typeof IFS);
    expect(exists.diagnostics.map((d) => d.code)).toContain('HA117');
    expect(exists.exitCode).toBe(6);
    const missing = run(text, { ...IFS, scriptExists: () => false } as typeof IFS);
    expect(missing.diagnostics.map((d) => d.code)).toContain('KA519');
    expect(missing.exitCode).toBe(5);
    const unknown = run(text);
    expect(unknown.diagnostics.find((d) => d.code === 'HA117')?.hostDependent).toBe(true);
    expect(unknown.exitCode).toBe(0);
    const secured = run(`global_defs {\n  enable_script_security\n}\n${text}`, {
      ...IFS,
      scriptExists: () => true,
    } as typeof IFS);
    expect(secured.exitCode).toBe(0);
  });
  it('HA118 HTTP_GET without url', () => {
    const text =
      'virtual_server 192.0.2.10 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n  real_server 198.51.100.1 80 {\n    HTTP_GET {\n      connect_timeout 3\n    }\n  }\n}\n';
    expect(codes(text)).toContain('HA118');
  });
  it('rules option turns a lint off but keeps keepalived parity', () => {
    const text = `global_defs {\n  vrrp_strict\n}\n${inst(BASE)}`;
    expect(lint({ text }, { ...IFS, rules: { HA105: 'off' } }).diagnostics).toEqual([]);
    const strictAuth = `global_defs {\n  vrrp_strict\n}\n${inst(`${BASE}\n  authentication {\n    auth_type PASS\n    auth_pass x\n  }`)}`;
    const r = lint({ text: strictAuth }, { ...IFS, rules: { HA101: 'off', HA105: 'off' } });
    expect(r.exitCode).toBe(5);
  });
});

describe('lintFiles', () => {
  it('lints files from disk, one result per path, includes resolved relative to the file', () => {
    const dir = fileURLToPath(new URL('./fixtures/broken/', import.meta.url));
    const [ok, inc, bad] = lintFiles(
      [`${dir}00-ok-minimal.conf`, `${dir}80-ok-include.conf`, `${dir}22-nopreempt-state-master.conf`],
      IFS,
    );
    expect(ok?.exitCode).toBe(0);
    expect(inc?.exitCode).toBe(0);
    expect(inc?.files.some((f) => f.endsWith('inc/vs.conf'))).toBe(true);
    expect(bad?.exitCode).toBe(5);
  });
});

describe('lint never throws', () => {
  it('on garbage input', () => {
    for (const text of ['\u0000\u0001{{{', '}}}', '"', 'vrrp_instance {', '@@@ $X=${X}${X}']) {
      const r = lint({ text }, IFS);
      expect(Array.isArray(r.diagnostics)).toBe(true);
      expect([0, 2, 4, 5, 6]).toContain(r.exitCode);
    }
  });
});

describe('lint properties', () => {
  const word = fc.constantFrom(
    'vrrp_instance',
    'VI_1',
    '{',
    '}',
    'interface',
    'eth0',
    'lo',
    'virtual_router_id',
    '51',
    '0',
    'priority',
    '255',
    'state',
    'MASTER',
    'nopreempt',
    'preempt_delay',
    'virtual_ipaddress',
    '192.0.2.1/24',
    '2001:db8::1',
    'vrrp_strict',
    'global_defs',
    'authentication',
    'auth_type',
    'PASS',
    'unicast_peer',
    'track_script',
    'virtual_server',
    'real_server',
    'HTTP_GET',
    '"',
    '#',
    '\n',
  );
  it('never throws and its exit code follows its diagnostics', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), (words) => {
        const text = words.join(' ');
        const r = lint({ text, file: 'p.conf' }, IFS);
        expect(r.exitCode).toBe(exitCodeOf(r.diagnostics));
        for (const d of r.diagnostics) {
          expect(d.origin.line).toBeGreaterThanOrEqual(1);
          expect(d.code).toMatch(/^[A-Z]{2}\d{3}$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('exitCodeOf', () => {
  const d = (keepalived: Diagnostic['keepalived'], code = 'X'): Diagnostic => ({
    code,
    severity: 'error',
    message: 'm',
    origin: { file: 'f', line: 1, column: 1 },
    keepalived,
  });
  it('orders fatal > security > error > rest', () => {
    expect(exitCodeOf([])).toBe(0);
    expect(exitCodeOf([d('warning'), d('none')])).toBe(0);
    expect(exitCodeOf([d('error')])).toBe(5);
    expect(exitCodeOf([d('error'), d('error', 'HA117')])).toBe(6);
    expect(exitCodeOf([d('fatal'), d('error', 'HA117')])).toBe(4);
    expect(exitCodeOf([d('error', 'HA117'), d('fatal', 'KM003')])).toBe(2);
    expect(exitCodeOf([d('error', 'KM003')])).toBe(5);
    expect(RULE_BY_CODE.get('HA117')?.security).toBe(true);
  });
});

describe('formatDiagnostic', () => {
  it('shows file:line:col, code, the line and a caret under the column', () => {
    const src = 'global_defs {\n  router_idd x\n}\n';
    const text = formatDiagnostic(
      {
        code: 'KA999',
        severity: 'error',
        message: "Unknown keyword 'router_idd'",
        origin: { file: 'k.conf', line: 2, column: 3 },
        keepalived: 'error',
        hint: 'check the spelling',
      },
      src,
    );
    expect(text).toBe(
      [
        "k.conf:2:3: error[KA999]: Unknown keyword 'router_idd' (keepalived: error)",
        ' 2 |   router_idd x',
        '   |   ^',
        '  hint: check the spelling',
      ].join('\n'),
    );
  });
  it('works without source text and with context lines', () => {
    const d: Diagnostic = {
      code: 'HA105',
      severity: 'warning',
      message: 'm',
      origin: { file: 'a', line: 3, column: 1 },
      keepalived: 'none',
      hostDependent: true,
    };
    expect(formatDiagnostic(d)).toBe('a:3:1: warning[HA105]: m [host-dependent]');
    expect(formatDiagnostic(d, 'x\ny\nz', { context: 1 })).toContain(' 2 | y\n 3 | z\n   | ^');
  });
});
