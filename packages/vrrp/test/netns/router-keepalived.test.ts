/**
 * Interop with keepalived 2.2.7 on the real kernel, both roles, for VRRPv2 + PASS, VRRPv3
 * IPv4 (0.1 s), VRRPv3 IPv6 and unicast: election, crash failover, stale VIP removal, graceful
 * stop (priority 0), preemption. Acceptance is proved with keepalived's own log lines and the
 * `@ha` router's events (no drops on either side).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RouterOptions } from '../../src/router.js';
import {
  expectHolders,
  expectNeighbour,
  type KeepalivedProcess,
  Lab,
  type LabHost,
  type RouterProcess,
  sleep,
} from './helpers.js';

const START = 20_000;
/** keepalived (Debian 2.2.7) must be installed; otherwise this file is skipped. */
const HAVE_KEEPALIVED = spawnSync('keepalived', ['--version']).status === 0;

interface Mode {
  name: string;
  vip: string;
  family: 'ipv4' | 'ipv6';
  version: 2 | 3;
  intervalCs: number;
  pass?: string;
  unicast?: boolean;
}

const MODES: Mode[] = [
  { name: 'v2 + PASS', vip: '192.0.2.100', family: 'ipv4', version: 2, intervalCs: 100, pass: '1111' },
  { name: 'v3 IPv4 0.1 s', vip: '192.0.2.100', family: 'ipv4', version: 3, intervalCs: 10 },
  { name: 'v3 IPv6', vip: '2001:db8::100', family: 'ipv6', version: 3, intervalCs: 10 },
  {
    name: 'v2 unicast',
    vip: '192.0.2.100',
    family: 'ipv4',
    version: 2,
    intervalCs: 100,
    pass: '1111',
    unicast: true,
  },
  { name: 'v3 unicast 0.1 s', vip: '192.0.2.100', family: 'ipv4', version: 3, intervalCs: 10, unicast: true },
];

let lab: Lab;
let h1: LabHost;
let h2: LabHost;
let h3: LabHost;
const ha: RouterProcess[] = [];
const ka: KeepalivedProcess[] = [];

function prefix(m: Mode): number {
  return m.family === 'ipv4' ? 24 : 64;
}

function keepalivedConf(m: Mode, self: LabHost, peer: LabHost, priority: number, vrid: number): string {
  const lines = [
    'global_defs {',
    `  router_id ka-${self.name}`,
    ...(m.version === 3 ? ['  vrrp_version 3'] : []),
    '}',
    'vrrp_instance VI_1 {',
    `  state ${priority > 100 ? 'MASTER' : 'BACKUP'}`,
    `  interface ${self.ifname}`,
    `  virtual_router_id ${vrid}`,
    `  priority ${priority}`,
    `  advert_int ${m.intervalCs / 100}`,
    ...(m.pass ? ['  authentication {', '    auth_type PASS', `    auth_pass ${m.pass}`, '  }'] : []),
    ...(m.unicast ? [`  unicast_src_ip ${self.ipv4}`, '  unicast_peer {', `    ${peer.ipv4}`, '  }'] : []),
    '  virtual_ipaddress {',
    `    ${m.vip}/${prefix(m)}`,
    '  }',
    '}',
    '',
  ];
  return lines.join('\n');
}

function haRouter(m: Mode, self: LabHost, peer: LabHost, priority: number, vrid: number): RouterProcess {
  const options: Omit<RouterOptions, 'signal' | 'transport' | 'interface'> = {
    instance: {
      vrid,
      priority,
      version: m.version,
      advertIntervalCs: m.intervalCs,
      addresses: [`${m.vip}/${prefix(m)}`],
    },
  };
  if (m.pass) {
    options.authType = 1;
    options.authPass = m.pass;
  }
  if (m.unicast) options.unicastPeers = [peer.ipv4];
  const r = lab.router(self, options);
  ha.push(r);
  return r;
}

function keepalived(
  m: Mode,
  self: LabHost,
  peer: LabHost,
  priority: number,
  vrid: number,
): KeepalivedProcess {
  const k = lab.keepalived(self, keepalivedConf(m, self, peer, priority, vrid));
  ka.push(k);
  return k;
}

/** The address adverts of a host come from. */
function source(m: Mode, h: LabHost): string {
  return m.family === 'ipv4' ? h.ipv4 : h.linkLocal;
}

function noDrops(r: RouterProcess): void {
  expect(r.events.filter((e) => e.ev === 'drop' || e.ev === 'error')).toEqual([]);
}

const KA_ERRORS = /invalid|wrong version|mismatch|expecting|not present|unexpected ip number|Invalid/;

beforeAll(async () => {
  if (!HAVE_KEEPALIVED) return;
  lab = await Lab.create();
  [h1, h2, h3] = lab.hosts as [LabHost, LabHost, LabHost];
});

afterEach(async () => {
  if (!HAVE_KEEPALIVED) return;
  await Promise.all([
    ...ha.splice(0).map((r) => r.stop('SIGTERM')),
    ...ka.splice(0).map((k) => k.terminate()),
  ]);
  await lab.resetAddresses();
});

afterAll(async () => {
  await lab?.close();
});

describe.skipIf(!HAVE_KEEPALIVED).each(MODES.map((m, i) => [m.name, m, 80 + i * 2] as const))(
  'keepalived interop, %s',
  (_name, m, vrid) => {
    it('@ha MASTER, keepalived BACKUP: accepted; crash → keepalived takes over; restart → @ha preempts', async () => {
      const cap = lab.capture(h3);
      const r = haRouter(m, h1, h2, 150, vrid);
      await r.waitForState('Master', START);
      const k = keepalived(m, h2, h1, 100, vrid);
      await k.waitForLine('Entering BACKUP STATE', START);
      await sleep(m.intervalCs * 30);
      expect(k.lines.some((l) => l.line.includes('Entering MASTER STATE'))).toBe(false);
      await expectHolders(lab, m.vip, ['h1']);
      if (!m.unicast) {
        expect(await lab.ping(h3, m.vip)).toBe(true);
        await expectNeighbour(lab, h3, m.vip, h1);
      }

      const crashAt = Date.now();
      await r.stop('SIGKILL');
      await k.waitForLine('Entering MASTER STATE', 10_000, crashAt);
      await expectHolders(lab, m.vip, ['h1', 'h2']);
      if (!m.unicast) {
        await expectNeighbour(lab, h3, m.vip, h2);
        const gap = (await cap.failover(source(m, h1), source(m, h2), crashAt)) ?? 0;
        const mdi = m.intervalCs * 10 * 3 + ((256 - 100) / 256) * m.intervalCs * 10;
        expect(gap).toBeGreaterThan(mdi - 100);
        expect(gap).toBeLessThan(mdi + 150);
      }

      const restartAt = Date.now();
      const r2 = haRouter(m, h1, h2, 150, vrid);
      await r2.waitForState('Master', START, restartAt);
      await k.waitForLine(
        /Master received advert from .* with higher priority 150, ours 100/,
        5000,
        restartAt,
      );
      await k.waitForLine('Entering BACKUP STATE', 5000, restartAt);
      await expectHolders(lab, m.vip, ['h1']);
      if (!m.unicast) await expectNeighbour(lab, h3, m.vip, h1);
      expect(r2.events.some((e) => e.ev === 'vipsRemoved' && e.stale === true)).toBe(true);
      expect(k.lines.filter((l) => KA_ERRORS.test(l.line)).map((l) => l.line)).toEqual([]);
      noDrops(r2);
    });

    it('keepalived MASTER, @ha BACKUP: accepted; graceful stop → @ha takes over on priority 0; restart → keepalived preempts', async () => {
      const cap = lab.capture(h3);
      const r = haRouter(m, h2, h1, 100, vrid + 1);
      const k = keepalived(m, h1, h2, 150, vrid + 1);
      await k.waitForLine('Entering MASTER STATE', START);
      await r.waitForState('Backup', START);
      await sleep(m.intervalCs * 40);
      expect(r.state).toBe('Backup');
      await expectHolders(lab, m.vip, ['h1']);
      noDrops(r);

      const termAt = Date.now();
      await k.terminate();
      await r.waitForState('Master', 5000, termAt);
      expect(r.events.some((e) => e.ev === 'info' && e.kind === 'priorityZeroReceived')).toBe(true);
      await expectHolders(lab, m.vip, ['h2']);
      if (!m.unicast) {
        expect(await lab.ping(h3, m.vip)).toBe(true);
        await expectNeighbour(lab, h3, m.vip, h2);
        const gap = (await cap.failover(source(m, h1), source(m, h2), termAt)) ?? 0;
        const skew = ((256 - 100) / 256) * m.intervalCs * 10;
        expect(gap).toBeGreaterThan(skew - 30);
        expect(gap).toBeLessThan(skew + 100);
      }

      const restartAt = Date.now();
      const k2 = keepalived(m, h1, h2, 150, vrid + 1);
      await k2.waitForLine('Entering MASTER STATE', START, restartAt);
      // keepalived accepted our adverts while preempting (logged per advert, then discarded).
      expect(
        k2.lines.some((l) => /received lower priority \(100\) advert from .* - discarding/.test(l.line)),
      ).toBe(true);
      const back = await r.waitForState('Backup', 5000, restartAt);
      expect(back.cause).toBe('higherPriority');
      await expectHolders(lab, m.vip, ['h1']);
      if (!m.unicast) await expectNeighbour(lab, h3, m.vip, h1);
      noDrops(r);
      expect(k2.lines.filter((l) => KA_ERRORS.test(l.line)).map((l) => l.line)).toEqual([]);
    });
  },
);
