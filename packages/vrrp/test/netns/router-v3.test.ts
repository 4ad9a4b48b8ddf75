/**
 * `@ha` against `@ha` on the real kernel: VRRPv3 over IPv4 at 0.1 s, VRRPv3 over IPv6 (link-local
 * source, unsolicited NA updating h3's neighbour table), and unicast peers; plus a vrrp_script
 * tracker lowering the priority and a notify script.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unsolicitedNaFrame } from '../../src/router/frames.js';
import { expectHolders, expectNeighbour, Lab, type LabHost, type RouterProcess, sleep } from './helpers.js';

const START = 20_000;
let lab: Lab;
let h1: LabHost;
let h2: LabHost;
let h3: LabHost;
const started: RouterProcess[] = [];

beforeAll(async () => {
  lab = await Lab.create();
  [h1, h2, h3] = lab.hosts as [LabHost, LabHost, LabHost];
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop('SIGTERM')));
  await lab.resetAddresses();
});

afterAll(async () => {
  await lab?.close();
});

function start(host: LabHost, options: Parameters<Lab['router']>[1]): RouterProcess {
  const r = lab.router(host, options);
  started.push(r);
  return r;
}

describe('VRRPv3, @ha ↔ @ha', () => {
  it('IPv4 at 0.1 s: crash failover in 3 × 0.1 s + skew', async () => {
    const cap = lab.capture(h3);
    const inst = (priority: number) => ({
      vrid: 90,
      priority,
      version: 3 as const,
      advertIntervalCs: 10,
      addresses: ['192.0.2.100/24'],
    });
    const r1 = start(h1, { instance: inst(150) });
    await r1.waitForState('Master', START);
    const r2 = start(h2, { instance: inst(100) });
    await r2.waitForState('Backup', START);
    await sleep(500);
    expect(r2.state).toBe('Backup');
    await expectHolders(lab, '192.0.2.100', ['h1']);
    const killAt = Date.now();
    await r1.stop('SIGKILL');
    await r2.waitForState('Master', 3000, killAt);
    const gap = (await cap.failover(h1.ipv4, h2.ipv4, killAt)) ?? 0;
    expect(gap, JSON.stringify({ killAt, adverts: cap.adverts.slice(-8) })).toBeGreaterThan(330); // 300 + 60.9375 ms
    expect(gap).toBeLessThan(460);
    await expectHolders(lab, '192.0.2.100', ['h1', 'h2']);
  });

  it('IPv6: adverts from the link-local address, NA moves h3’s neighbour entry, graceful failover', async () => {
    const cap = lab.capture(h3);
    const ipv6Frames = lab.frames(h3, 0x86dd);
    const inst = (priority: number) => ({
      vrid: 91,
      priority,
      advertIntervalCs: 10,
      addresses: ['2001:db8::100/64'],
    });
    const r1 = start(h1, { instance: inst(150) });
    await r1.waitForState('Master', START);
    const r2 = start(h2, { instance: inst(100) });
    await r2.waitForState('Backup', START);
    await expectHolders(lab, '2001:db8::100', ['h1']);
    expect(await lab.ping(h3, '2001:db8::100')).toBe(true);
    await expectNeighbour(lab, h3, '2001:db8::100', h1);
    expect(cap.from(h1.linkLocal).length).toBeGreaterThan(0);
    expect(cap.from(h1.linkLocal)[0]).toMatchObject({ ttl: 255, version: 3, vrid: 91, priority: 150 });
    // 5 unsolicited NAs right after becoming MASTER, byte-identical to keepalived's.
    const na = unsolicitedNaFrame('2001:db8::100', h1.mac);
    expect(ipv6Frames.frames.filter((f) => f.frame.equals(na))).toHaveLength(5);
    const termAt = Date.now();
    await r1.stop('SIGTERM');
    await r2.waitForState('Master', 3000, termAt);
    await expectHolders(lab, '2001:db8::100', ['h2']);
    await expectNeighbour(lab, h3, '2001:db8::100', h2);
    const gap = (await cap.failover(h1.linkLocal, h2.linkLocal, termAt)) ?? 0;
    expect(gap).toBeGreaterThan(40); // 60.9375 ms
    expect(gap).toBeLessThan(160);
  });

  it('unicast peers: election and failover without multicast', async () => {
    const cap = lab.capture(h3);
    const inst = (priority: number) => ({
      vrid: 92,
      priority,
      version: 3 as const,
      advertIntervalCs: 10,
      addresses: ['192.0.2.100/24'],
    });
    const r1 = start(h1, { instance: inst(150), unicastPeers: [h2.ipv4] });
    await r1.waitForState('Master', START);
    const r2 = start(h2, { instance: inst(100), unicastPeers: [h1.ipv4] });
    await r2.waitForState('Backup', START);
    await sleep(1000);
    expect(r2.state).toBe('Backup');
    await expectHolders(lab, '192.0.2.100', ['h1']);
    expect(cap.from(h1.ipv4).length).toBe(0); // h3 sees no advert
    const killAt = Date.now();
    await r1.stop('SIGKILL');
    await r2.waitForState('Master', 3000, killAt);
    await expectHolders(lab, '192.0.2.100', ['h1', 'h2']);
  });

  it('vrrp_script with a negative weight hands over; notify script runs in order', async () => {
    const flag = join(lab.dir, 'healthy');
    const notifyLog = join(lab.dir, 'notify.log');
    const inst = (priority: number) => ({
      vrid: 93,
      priority,
      version: 3 as const,
      advertIntervalCs: 10,
      addresses: ['192.0.2.100/24'],
      trackers: [{ name: 'chk', weight: -60 }],
    });
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(flag, '');
    const r1 = start(h1, {
      instance: inst(150),
      scripts: [{ name: 'chk', command: ['/usr/bin/test', '-e', flag], intervalMs: 100, fall: 2, rise: 2 }],
      notify: { generic: ['/bin/sh', '-c', `echo "$@" >> ${notifyLog}`, 'notify'] },
    });
    await r1.waitForState('Master', START);
    const r2 = start(h2, { instance: inst(100) });
    await r2.waitForState('Backup', START);
    rmSync(flag);
    const failAt = Date.now();
    await r1.waitForLine('"ev":"priorityChange"', 3000, failAt);
    await r1.waitForState('Backup', 3000, failAt);
    await r2.waitForState('Master', 3000, failAt);
    await expectHolders(lab, '192.0.2.100', ['h2']).catch((e) => {
      throw new Error(`${e}\n${r1.tail(30)}`);
    });
    writeFileSync(flag, '');
    const okAt = Date.now();
    await r1.waitForState('Master', 5000, okAt);
    await expectHolders(lab, '192.0.2.100', ['h1']);
    await sleep(300);
    const lines = readFileSync(notifyLog, 'utf8').trim().split('\n');
    expect(lines).toEqual([
      'INSTANCE VI_93 BACKUP 150',
      'INSTANCE VI_93 MASTER 150',
      'INSTANCE VI_93 BACKUP 90',
      'INSTANCE VI_93 MASTER 150',
    ]);
  });
});
