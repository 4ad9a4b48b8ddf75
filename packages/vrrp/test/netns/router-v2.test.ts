/**
 * `@ha` against `@ha` on the real kernel, VRRPv2 + PASS over IPv4: election, crash failover
 * (SIGKILL), stale VIP removed at restart, preemption, graceful stop (priority 0), nopreempt,
 * carrier loss → Fault and back, two VRIDs as dual master. After every step the VIP is on the
 * expected node(s) only — checked in every namespace — and h3's neighbour table points at the
 * MASTER's MAC.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { gratuitousArpFrame } from '../../src/router/frames.js';
import { expectHolders, expectNeighbour, Lab, type LabHost, type RouterProcess, sleep } from './helpers.js';

const VIP = '192.0.2.100';
/** Process start-up (tsx) plus one Master_Down_Interval, generous for a loaded machine. */
const START = 20_000;
let lab: Lab;
let h1: LabHost;
let h2: LabHost;
let h3: LabHost;
const started: RouterProcess[] = [];

function v2(
  host: LabHost,
  priority: number,
  extra: { preempt?: boolean; vrid?: number; vip?: string } = {},
): RouterProcess {
  const r = lab.router(host, {
    instance: {
      vrid: extra.vrid ?? 51,
      priority,
      addresses: [`${extra.vip ?? VIP}/24`],
      ...(extra.preempt === undefined ? {} : { preempt: extra.preempt }),
    },
    authType: 1,
    authPass: '1111',
  });
  started.push(r);
  return r;
}

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

describe('VRRPv2 + PASS, @ha ↔ @ha', () => {
  it('elects, fails over on a crash, cleans the stale VIP, preempts, fails over on a graceful stop', async () => {
    const cap = lab.capture(h3);
    const r1 = v2(h1, 150);
    const r2 = v2(h2, 100);
    await r1.waitForState('Master', START);
    await r2.waitForState('Backup', 1000);
    await expectHolders(lab, VIP, ['h1']);
    expect(await lab.ping(h3, VIP)).toBe(true);
    await expectNeighbour(lab, h3, VIP, h1);
    // On the wire as keepalived: TTL 255, TOS 0xc0, v2 + PASS "1111", same bytes as VECTORS.md v2-adv-pass.
    const first = cap.from(h1.ipv4)[0];
    expect(first).toMatchObject({ ttl: 255, tos: 0xc0, version: 2, vrid: 51, priority: 150 });
    expect(first?.bytes.toString('hex')).toBe('2133960101012303c000026431313131' + '00000000');

    // Crash: nothing more is sent, the VIP stays on h1 (as keepalived), h2 takes over after MDI.
    await sleep(500);
    const crashAt = Date.now();
    await r1.stop('SIGKILL');
    await r2.waitForState('Master', 6000, crashAt);
    await expectHolders(lab, VIP, ['h1', 'h2']);
    await expectNeighbour(lab, h3, VIP, h2);
    const crashGap = await cap.failover(h1.ipv4, h2.ipv4, crashAt);
    expect(crashGap).toBeGreaterThan(3500); // 3 × 1 s + (256 − 100)/256 s = 3609.375 ms
    expect(crashGap).toBeLessThan(3750);

    // Restart: the stale VIP is removed at once, h1 preempts one MDI later.
    const restartAt = Date.now();
    const r1b = v2(h1, 150);
    await r1b.waitForLine('"ev":"vipsRemoved"', START);
    expect(r1b.events.find((e) => e.ev === 'vipsRemoved')?.stale).toBe(true);
    await r1b.waitForState('Master', START);
    await r2.waitForState('Backup', 2000, restartAt);
    await expectHolders(lab, VIP, ['h1']);
    await expectNeighbour(lab, h3, VIP, h1);
    expect(r1b.events.some((e) => e.ev === 'info' && e.kind === 'lowerPriorityDiscarded')).toBe(true);

    // Graceful stop: priority 0, VIPs removed, h2 takes over after Skew_Time.
    await sleep(300);
    const termAt = Date.now();
    await r1b.stop('SIGTERM');
    expect((await r1b.exited).code).toBe(0);
    await r2.waitForState('Master', 3000, termAt);
    await expectHolders(lab, VIP, ['h2']);
    await expectNeighbour(lab, h3, VIP, h2);
    const gracefulGap = await cap.failover(h1.ipv4, h2.ipv4, termAt);
    expect(gracefulGap).toBeGreaterThan(550); // (256 − 100)/256 s = 609.375 ms
    expect(gracefulGap).toBeLessThan(750);
    expect(r1b.events.some((e) => e.ev === 'advertSent' && e.priority === 0)).toBe(true);

    await r2.stop('SIGTERM');
    await expectHolders(lab, VIP, []);
  });

  it('nopreempt: a higher-priority BACKUP does not take over; GARPs 5 + 5 as keepalived', async () => {
    const arp = lab.frames(h3);
    const r2 = v2(h2, 100, { vrid: 61 });
    await r2.waitForState('Master', START);
    const r1 = v2(h1, 150, { vrid: 61, preempt: false });
    await r1.waitForState('Backup', START);
    await sleep(5500);
    expect(r1.state).toBe('Backup');
    expect(r2.state).toBe('Master');
    await expectHolders(lab, VIP, ['h2']);
    // keepalived's schedule: 5 gratuitous ARPs at once, 5 more garp_master_delay (5 s) later,
    // each byte-identical to keepalived's (ARP request, target MAC ff:ff:ff:ff:ff:ff).
    const garp = gratuitousArpFrame(VIP, h2.mac);
    const seen = arp.frames.filter((f) => f.frame.subarray(0, 42).equals(garp));
    expect(seen).toHaveLength(10);
    const batch2 = (seen[5]?.t ?? 0) - (seen[0]?.t ?? 0);
    expect(batch2).toBeGreaterThan(4900);
    expect(batch2).toBeLessThan(5300);
    expect((seen[4]?.t ?? 0) - (seen[0]?.t ?? 0)).toBeLessThan(50);
  });

  it('carrier loss → FAULT (VIP released, peer takes over) and back → BACKUP → preempts', async () => {
    const r1 = v2(h1, 150, { vrid: 62 });
    const r2 = v2(h2, 100, { vrid: 62 });
    await r1.waitForState('Master', START);
    await r2.waitForState('Backup', 1000);
    await expectHolders(lab, VIP, ['h1']);
    expect(await lab.ping(h3, VIP), r1.tail()).toBe(true);
    const downAt = Date.now();
    await lab.carrier(h1, false);
    await r1.waitForState('Fault', 3000, downAt);
    await r2.waitForState('Master', 6000, downAt);
    await expectHolders(lab, VIP, ['h2']);
    await expectNeighbour(lab, h3, VIP, h2);
    const upAt = Date.now();
    await lab.carrier(h1, true);
    await r1.waitForState('Backup', 3000, upAt);
    await r1.waitForState('Master', 6000, upAt);
    await expectHolders(lab, VIP, ['h1']);
    await expectNeighbour(lab, h3, VIP, h1);
  });

  it('two VRIDs: dual master, one VIP each', async () => {
    const a1 = v2(h1, 150, { vrid: 71, vip: '192.0.2.101' });
    const a2 = v2(h2, 100, { vrid: 71, vip: '192.0.2.101' });
    const b1 = v2(h1, 100, { vrid: 72, vip: '192.0.2.102' });
    const b2 = v2(h2, 150, { vrid: 72, vip: '192.0.2.102' });
    await Promise.all([a1.waitForState('Master', START), b2.waitForState('Master', START)]);
    await sleep(1500);
    expect([a1.state, a2.state, b1.state, b2.state]).toEqual(['Master', 'Backup', 'Backup', 'Master']);
    await expectHolders(lab, '192.0.2.101', ['h1']);
    await expectHolders(lab, '192.0.2.102', ['h2']);
  });
});
