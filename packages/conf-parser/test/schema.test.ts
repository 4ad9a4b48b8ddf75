import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CHECKER_NAMES,
  childContext,
  distinctKeywordNames,
  KEYWORDS,
  keywordContexts,
  knownContexts,
  lookupKeyword,
} from '../src/schema/index.js';

const MAN = '/usr/share/man/man5/keepalived.conf.5.gz';

/** Words at the start of tab-indented (configuration example) lines of the man page that are not keywords. */
const NOT_KEYWORDS = new Set([
  // prose that happens to be tab-indented
  'CHECKER_TYPE',
  'Consequently',
  'For',
  'If',
  'The',
  'This',
  'be',
  'between',
  'its',
  'may',
  'or',
  'that',
  'the',
  'to',
  'using',
  // contents of value blocks (names, interfaces, route/rule options)
  'VI_1',
  'VI_2',
  'all',
  'advmss',
  'bird',
  'blackhole',
  'dev',
  'enp2s0',
  'eth0',
  'eth1',
  'eth2',
  'from',
  'ifname',
  'ifname2',
  'initrwnd',
  'ip_proto',
  'lock',
  'master',
  'oif',
  'onlink',
  'preference',
  'reordering',
  'scope',
  'src',
  'uidrange',
  'window',
]);

function manKeywords(): string[] {
  const text = execSync(`zcat ${MAN} | man -l - 2>/dev/null | col -b`, { encoding: 'utf8' });
  const start = text.indexOf('\nGlobal definitions');
  const end = text.indexOf('\nADVANCED CONFIGURATION');
  const words = new Set<string>();
  for (const line of text.slice(start, end).split('\n')) {
    if (!line.startsWith('\t')) continue;
    const first = line.trim().split(/\s+/)[0] ?? '';
    if (first.startsWith('#') || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(first)) continue;
    words.add(first);
  }
  return [...words].filter((w) => !NOT_KEYWORDS.has(w));
}

describe('keyword schema', () => {
  it('covers every keyword keepalived 2.2.7 registers (≥ 340 distinct names)', () => {
    expect(distinctKeywordNames().length).toBeGreaterThanOrEqual(340);
  });

  it.skipIf(!existsSync(MAN))('contains every keyword of the man page configuration examples', () => {
    const names = new Set(distinctKeywordNames());
    const man = manKeywords();
    expect(man.length).toBeGreaterThan(280);
    expect(man.filter((w) => !names.has(w))).toEqual([]);
  });

  it('has a one-line doc, a kind and sane argument bounds for every entry', () => {
    for (const k of KEYWORDS) {
      expect(k.doc.length, k.name).toBeGreaterThan(5);
      expect(k.doc.includes('\n'), k.name).toBe(false);
      expect(['keyword-block', 'value-block', 'value', 'flag']).toContain(k.kind);
      expect(k.args.min, k.name).toBeLessThanOrEqual(k.args.max);
      expect(k.contexts.length, k.name).toBeGreaterThan(0);
    }
  });

  it('registers each (context, keyword) pair once', () => {
    const seen = new Set<string>();
    for (const k of KEYWORDS) {
      for (const c of k.contexts) {
        const key = `${c} ${k.name}`;
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  it('gives every keyword block a context that has keywords', () => {
    const contexts = new Set(knownContexts());
    for (const k of KEYWORDS.filter((x) => x.kind === 'keyword-block')) {
      expect(contexts.has(childContext(k)), k.name).toBe(true);
    }
  });

  it('looks keywords up by context', () => {
    const prio = lookupKeyword('vrrp_instance', 'priority');
    expect(prio?.kind).toBe('value');
    expect(prio?.args.types[0]).toEqual({ type: 'int', min: 1, max: 255 });
    expect(prio?.default).toBe(100);
    expect(lookupKeyword('global_defs', 'priority')).toBeUndefined();
    expect(lookupKeyword('root', 'vrrp_instance')?.kind).toBe('keyword-block');
    expect(lookupKeyword('vrrp_instance', 'advert_int')?.args.types[0]).toMatchObject({
      type: 'timer',
      min: 0.01,
    });
    expect(lookupKeyword('url', 'status_code')?.args.max).toBe(Number.POSITIVE_INFINITY);
  });

  it('tells keyword blocks and value blocks apart', () => {
    const valueBlocks: [string, string][] = [
      ['vrrp_instance', 'virtual_ipaddress'],
      ['vrrp_instance', 'virtual_ipaddress_excluded'],
      ['vrrp_instance', 'virtual_routes'],
      ['vrrp_instance', 'virtual_rules'],
      ['vrrp_instance', 'unicast_peer'],
      ['vrrp_instance', 'track_interface'],
      ['vrrp_instance', 'track_script'],
      ['vrrp_instance', 'track_file'],
      ['vrrp_instance', 'track_process'],
      ['vrrp_instance', 'track_bfd'],
      ['vrrp_sync_group', 'group'],
      ['global_defs', 'notification_email'],
      ['root', 'static_ipaddress'],
      ['root', 'static_routes'],
      ['root', 'static_rules'],
      ['root', 'linkbeat_interfaces'],
      ['root', 'interface_up_down_delays'],
      ['root', 'virtual_server_group'],
      ['garp_group', 'interfaces'],
      ['track_group', 'group'],
    ];
    for (const [c, n] of valueBlocks) expect(lookupKeyword(c, n)?.kind, `${c} ${n}`).toBe('value-block');
    const keywordBlocks: [string, string][] = [
      ['root', 'global_defs'],
      ['root', 'vrrp_instance'],
      ['root', 'vrrp_sync_group'],
      ['root', 'virtual_server'],
      ['virtual_server', 'real_server'],
      ['vrrp_instance', 'authentication'],
      ['HTTP_GET', 'url'],
      ['root', 'track_file'],
      ['root', 'bfd_instance'],
      ['root', 'SSL'],
      ['SMTP_CHECK', 'host'],
    ];
    for (const [c, n] of keywordBlocks) expect(lookupKeyword(c, n)?.kind, `${c} ${n}`).toBe('keyword-block');
    for (const c of CHECKER_NAMES) expect(lookupKeyword('real_server', c)?.kind).toBe('keyword-block');
  });

  it('records aliases and deprecations', () => {
    expect(lookupKeyword('virtual_server', 'lb_algo')?.aliasOf).toBe('lvs_sched');
    expect(lookupKeyword('virtual_server', 'lb_kind')?.aliasOf).toBe('lvs_method');
    expect(lookupKeyword('HTTP_GET', 'nb_get_retry')).toMatchObject({
      aliasOf: 'retry',
      deprecationReported: true,
    });
    expect(lookupKeyword('root', 'vrrp_track_file')).toMatchObject({
      aliasOf: 'track_file',
      opens: 'track_file',
    });
    expect(lookupKeyword('global_defs', 'lvs_flush_onstop')?.deprecated).toBeDefined();
    expect(lookupKeyword('FILE_CHECK', 'dynamic')?.unsupported).toBeDefined();
  });

  it('lists every context of a shared keyword', () => {
    const contexts = keywordContexts('weight').flatMap((k) => k.contexts);
    expect(contexts).toEqual(
      expect.arrayContaining(['vrrp_script', 'real_server', 'virtual_server', 'track_file', 'FILE_CHECK']),
    );
    expect(keywordContexts('no_such_keyword')).toEqual([]);
  });

  it('shares the checker options the man page lists', () => {
    for (const c of [
      'HTTP_GET',
      'SSL_GET',
      'TCP_CHECK',
      'SMTP_CHECK',
      'DNS_CHECK',
      'UDP_CHECK',
      'PING_CHECK',
    ]) {
      for (const k of [
        'connect_ip',
        'connect_port',
        'bindto',
        'bind_if',
        'bind_port',
        'fwmark',
        'connect_timeout',
      ]) {
        expect(lookupKeyword(c, k), `${c} ${k}`).toBeDefined();
      }
    }
    for (const c of ['HTTP_GET', 'MISC_CHECK', 'DNS_CHECK']) {
      for (const k of ['retry', 'delay_before_retry', 'warmup', 'delay_loop', 'alpha', 'log_all_failures']) {
        expect(lookupKeyword(c, k), `${c} ${k}`).toBeDefined();
      }
    }
    expect(lookupKeyword('MISC_CHECK', 'connect_ip')).toBeUndefined();
    expect(lookupKeyword('FILE_CHECK', 'retry')).toBeUndefined();
  });

  it('states defaults in the converted unit of the first argument', () => {
    for (const k of KEYWORDS) {
      if (k.default === undefined) continue;
      const t = k.args.types[0];
      if (!t) {
        expect(typeof k.default, k.name).toBe('boolean');
        continue;
      }
      if (t.type === 'enum') expect(t.values, k.name).toContain(k.default);
      else if (t.type === 'int' || t.type === 'timer' || t.type === 'decimal') {
        expect(typeof k.default, k.name).toBe('number');
        if (t.type === 'int') {
          const inRange =
            (t.min === undefined || (k.default as number) >= t.min) &&
            (t.max === undefined || (k.default as number) <= t.max);
          expect(inRange, k.name).toBe(true);
        }
      } else if (t.type === 'bool') expect(typeof k.default, k.name).toBe('boolean');
      else expect(typeof k.default, k.name).toBe('string');
    }
    expect(lookupKeyword('virtual_server', 'persistence_timeout')?.default).toBe(360);
    expect(lookupKeyword('vrrp_instance', 'advert_int')?.default).toBe(1000);
  });
});
