/**
 * Scenario tests in the simulator, with exact virtual times. v2 at 1 s unless stated;
 * h1 = 192.0.2.11 priority 150 (`state MASTER`), h2 = 192.0.2.12 priority 100, as in the lab.
 * MDI(150) = 3 s + 106/256 s = 3414.0625 ms; MDI(100) = 3609.375 ms; Skew(100) = 609.375 ms.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/sim/index.js';
import { h1, h2, VIP, vi } from './sim-helpers.js';

function pair(opts: ConstructorParameters<typeof Simulation>[0] = {}): Simulation {
  const sim = new Simulation(opts);
  sim.addRouter(h1());
  sim.addRouter(h2());
  return sim;
}

const times = (sim: Simulation, router: string, to?: 'Master' | 'Backup' | 'Fault') =>
  sim.transitions(to ? { router, to } : { router }).map((e) => [e.at, e.to]);

describe('election and failover', () => {
  it('elects the highest priority at its Master_Down_Interval (3414.0625 ms)', () => {
    const sim = pair();
    sim.runFor(10_000);
    expect(times(sim, 'h1')).toEqual([
      [0, 'Backup'],
      [3414.0625, 'Master'],
    ]);
    expect(times(sim, 'h2')).toEqual([[0, 'Backup']]);
    expect(sim.mastersOf(51)).toEqual(['h1']);
    expect(sim.holdersOf(VIP)).toEqual(['h1']);
  });

  it('crash: h2 takes over exactly 3609.375 ms after the last advert; stale VIP stays on h1', () => {
    const sim = pair({ record: { adverts: true } });
    sim.runUntil(10_000);
    sim.crash('h1');
    sim.runUntil(15_000);
    const lastH1 = sim.trace.filter((e) => e.type === 'advert' && e.router === 'h1').at(-1);
    expect(lastH1?.at).toBe(9414.0625);
    expect(times(sim, 'h2', 'Master')).toEqual([[13_023.4375, 'Master']]);
    expect(13_023.4375 - 9414.0625).toBe(3609.375);
    // As in capture k-v2-sigkill-stale-vip: both hosts hold the VIP until h1 restarts.
    expect(sim.holdersOf(VIP)).toEqual(['h1', 'h2']);
    sim.start('h1');
    sim.runFor(0); // the start event runs at 15000 (startupDelayMs 0)
    expect(sim.holdersOf(VIP)).toEqual(['h2']);
    sim.runUntil(20_000);
    // Preemption: h1 discards h2's lower adverts and takes over one MDI after its start.
    expect(times(sim, 'h1', 'Master').at(-1)).toEqual([18_414.0625, 'Master']);
    expect(times(sim, 'h2').at(-1)).toEqual([18_414.0625, 'Backup']);
  });

  it('graceful stop: priority 0, h2 takes over after Skew_Time (609.375 ms)', () => {
    const sim = pair();
    sim.runUntil(10_000);
    sim.stop('h1');
    expect(sim.holdersOf(VIP)).toEqual([]);
    sim.runUntil(12_000);
    expect(times(sim, 'h2', 'Master')).toEqual([[10_609.375, 'Master']]);
  });

  it('priority 255 with state MASTER becomes Master after advert_int + skew (1003.90625 ms)', () => {
    const sim = new Simulation();
    sim.addRouter(h1(255));
    sim.runFor(2000);
    expect(times(sim, 'h1', 'Master')).toEqual([[1003.90625, 'Master']]);
  });
});

describe('preemption', () => {
  it('preempt (default): h1 joining later takes over one MDI after its start', () => {
    const sim = new Simulation();
    sim.addRouter(h2());
    sim.at(5000, () => sim.addRouter(h1()));
    sim.runUntil(10_000);
    expect(times(sim, 'h2')).toEqual([
      [0, 'Backup'],
      [3609.375, 'Master'],
      [8414.0625, 'Backup'],
    ]);
    expect(times(sim, 'h1', 'Master')).toEqual([[8414.0625, 'Master']]);
  });

  it('nopreempt: h1 (state BACKUP) stays Backup; takes over only when h2 dies', () => {
    const sim = new Simulation();
    sim.addRouter(h2());
    sim.at(5000, () => sim.addRouter(h1(150, { initialState: 'BACKUP', preempt: false })));
    sim.runUntil(20_000);
    expect(sim.mastersOf(51)).toEqual(['h2']);
    sim.crash('h2'); // last h2 advert at 19609.375
    sim.runUntil(25_000);
    expect(times(sim, 'h1', 'Master')).toEqual([[19_609.375 + 3414.0625, 'Master']]);
  });

  it('preempt_delay 2 s: takes over 2 s after the master-down expiry (man page: ~5.5 s at prio 128)', () => {
    const sim = new Simulation();
    sim.addRouter(h2());
    sim.at(5000, () => sim.addRouter(h1(150, { initialState: 'BACKUP', preemptDelayMs: 2000 })));
    sim.runUntil(12_000);
    expect(times(sim, 'h1', 'Master')).toEqual([[10_414.0625, 'Master']]);
    const alone = new Simulation();
    alone.addRouter(h1(128, { initialState: 'BACKUP', preemptDelayMs: 2000 }));
    alone.runFor(6000);
    expect(times(alone, 'h1', 'Master')).toEqual([[5500, 'Master']]);
  });

  it('equal priorities: the higher primary address (192.0.2.12) wins at 3609.375 ms', () => {
    const sim = new Simulation();
    sim.addRouter(h1(100, { initialState: 'BACKUP' }));
    sim.addRouter(h2(100));
    sim.runFor(10_000);
    // Both timers expire at the same instant; both become Master, the lower address yields.
    expect(times(sim, 'h1')).toEqual([
      [0, 'Backup'],
      [3609.375, 'Master'],
      [3609.375, 'Backup'],
    ]);
    expect(times(sim, 'h2')).toEqual([
      [0, 'Backup'],
      [3609.375, 'Master'],
    ]);
    expect(sim.mastersOf(51)).toEqual(['h2']);
  });
});

describe('partitions and loss', () => {
  it('partition -> dual Master -> heal: the lower steps down, the higher re-announces', () => {
    const sim = pair();
    sim.runUntil(10_000);
    sim.partition(['h1'], ['h2']);
    sim.runUntil(15_000);
    expect(sim.mastersOf(51)).toEqual(['h1', 'h2']);
    expect(times(sim, 'h2', 'Master')).toEqual([[13_023.4375, 'Master']]);
    sim.heal();
    sim.runUntil(25_000);
    // h2's adverts run at 13023.4375 + k s: the first after the heal (15023.4375) reaches h1,
    // which answers at once with an advert and a GARP batch, and a second batch
    // garp_lower_prio_delay (5 s) later (capture p-v2-partition-heal).
    expect(times(sim, 'h2').at(-1)).toEqual([15_023.4375, 'Backup']);
    expect(times(sim, 'h1', 'Backup')).toEqual([[0, 'Backup']]);
    const announces = sim.trace.filter((e) => e.type === 'announce' && e.router === 'h1' && e.at > 10_000);
    expect(announces.map((e) => (e.type === 'announce' ? [e.at, e.reason, e.count] : []))).toEqual([
      [15_023.4375, 'lowerPriority', 5],
      [20_023.4375, 'lowerPriorityDelay', 5],
    ]);
    expect(sim.holdersOf(VIP)).toEqual(['h1']);
  });

  it('one-way cut (half-healed): only the side that hears the other reacts', () => {
    const sim = pair();
    sim.runUntil(10_000);
    sim.partition(['h1'], ['h2']);
    sim.runUntil(15_000);
    sim.heal();
    sim.cut('h1', 'h2'); // h2 still cannot hear h1
    sim.runUntil(18_000);
    // h1 hears h2's adverts and answers each one, but h2 never hears: both stay Master.
    expect(sim.mastersOf(51)).toEqual(['h1', 'h2']);
    const elections = sim.trace.filter((e) => e.type === 'info' && e.kind === 'lowerPriorityElection');
    expect(elections.map((e) => e.at)).toEqual([15_023.4375, 16_023.4375, 17_023.4375]);
  });

  it('v3 at 0.1 s with 30 % loss (seed 7): the highest priority never loses mastership', () => {
    const sim = new Simulation({ seed: 7, link: { lossRate: 0.3 } });
    sim.addRouter(h1(150, { version: 3, advertIntervalCs: 10 }));
    sim.addRouter(h2(100, { version: 3, advertIntervalCs: 10 }));
    sim.runFor(10 * 60_000);
    expect(times(sim, 'h1')).toEqual([
      [0, 'Backup'],
      [341.40625, 'Master'],
    ]);
    // Three adverts lost in a row (p = 0.3³ = 2.7 % per interval) let h2's 360.9375 ms timer
    // expire: it becomes Master for at most one interval, until h1's immediate answer to its
    // lower-priority advert gets through. The VIP never leaves h1.
    const h2Up = sim.transitions({ router: 'h2', to: 'Master' }).filter((e) => e.at >= 1000);
    const h2Down = sim.transitions({ router: 'h2', to: 'Backup' }).filter((e) => e.at >= 1000);
    expect(h2Up.length).toBe(h2Down.length);
    const episodes = new Map<number, number>();
    h2Up.forEach((e, i) => {
      const d = (h2Down[i]?.at ?? Number.NaN) - e.at;
      episodes.set(d, (episodes.get(d) ?? 0) + 1);
    });
    // 115 episodes in 10 min (seed 7); each ends at h1's immediate answer (0 ms) or at the first
    // of h1's adverts that gets through (phase 39.0625 ms = MDI(100) - MDI(150) of the same period).
    expect([...episodes].sort((x, y) => x[0] - y[0])).toEqual([
      [0, 65],
      [39.0625, 24],
      [100, 19],
      [139.0625, 2],
      [200, 5],
    ]);
    expect(sim.holdersOf(VIP)).toEqual(['h1']);
  });

  it('v3 at 0.1 s with 2 % loss (seed 7): no transition in 10 minutes of steady state', () => {
    const sim = new Simulation({ seed: 7, link: { lossRate: 0.02 } });
    sim.addRouter(h1(150, { version: 3, advertIntervalCs: 10 }));
    sim.addRouter(h2(100, { version: 3, advertIntervalCs: 10 }));
    sim.runFor(10 * 60_000);
    // (At start-up h1 has sent one advert only; losing it lets h2 time out at 360.9375 ms.)
    expect(sim.transitions().filter((e) => e.at >= 1000)).toEqual([]);
    expect(sim.mastersOf(51)).toEqual(['h1']);
  });

  it('is deterministic: the same seed gives the same trace, another seed another one', () => {
    const run = (seed: number) => {
      const sim = new Simulation({ seed, link: { lossRate: 0.3, delayMs: 0.1, jitterMs: 0.05 } });
      sim.addRouter(h1(150, { version: 3, advertIntervalCs: 10 }));
      sim.addRouter(h2(100, { version: 3, advertIntervalCs: 10 }));
      sim.runFor(60_000);
      return sim.timeline();
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});

describe('tracking and sync groups', () => {
  it('a failing weight -60 tracker moves mastership to h2 at its master-down expiry', () => {
    const sim = new Simulation();
    sim.addRouter(h1(150, { trackers: [{ name: 'chk_haproxy', weight: -60 }] }));
    sim.addRouter(h2());
    sim.runUntil(10_000);
    sim.setTracker('h1', 'chk_haproxy', false); // h1: 150 -> 90 < 100
    sim.runUntil(20_000);
    // h2 discards h1's now-lower adverts; its timer (last reset by the 9414.0625 advert) expires.
    expect(times(sim, 'h2', 'Master')).toEqual([[13_023.4375, 'Master']]);
    expect(times(sim, 'h1', 'Backup').at(-1)).toEqual([13_023.4375, 'Backup']);
    sim.setTracker('h1', 'chk_haproxy', true); // back to 150
    sim.runUntil(30_000);
    // h1's timer was last reset at 19023.4375 with priority 90: MDI(90) = 3648.4375 ms.
    expect(times(sim, 'h1', 'Master').at(-1)).toEqual([22_671.875, 'Master']);
  });

  it('a weight-0 tracker puts h1 in Fault; priority 0 hands over after skew', () => {
    const sim = new Simulation();
    sim.addRouter(h1(150, { trackers: [{ name: 'eth1', kind: 'interface', weight: 0 }] }));
    sim.addRouter(h2());
    sim.runUntil(10_000);
    sim.setTracker('h1', 'eth1', false);
    sim.runUntil(12_000);
    expect(sim.transitions({ router: 'h1' }).at(-1)).toMatchObject({
      at: 10_000,
      to: 'Fault',
      reason: 'tracked interface eth1 down',
    });
    expect(times(sim, 'h2', 'Master')).toEqual([[10_609.375, 'Master']]);
    sim.setTracker('h1', 'eth1', true);
    sim.runUntil(20_000);
    expect(times(sim, 'h1').slice(-2)).toEqual([
      [12_000, 'Backup'],
      [15_414.0625, 'Master'],
    ]);
  });

  it('sync group: one member in Fault takes the whole group to Fault, and back together', () => {
    const sim = new Simulation();
    const group = (name: string, address: string, priority: number, tracked: boolean) => ({
      name,
      address,
      instances: [
        vi(priority, { name: 'VI_1', vrid: 51 }),
        {
          ...vi(priority, { name: 'VI_2', vrid: 52, addresses: ['198.51.100.100'] }),
          ...(tracked ? { trackers: [{ name: 'eth1', kind: 'interface' as const, weight: 0 }] } : {}),
        },
      ],
      syncGroups: [{ name: 'G', members: ['VI_1', 'VI_2'] }],
    });
    sim.addRouter(group('h1', '192.0.2.11', 150, true));
    sim.addRouter(group('h2', '192.0.2.12', 100, false));
    sim.runUntil(10_000);
    expect([sim.mastersOf(51), sim.mastersOf(52)]).toEqual([['h1'], ['h1']]);
    sim.setTracker('h1', 'eth1', false);
    expect(sim.router('h1').stateOf(51)).toBe('Fault');
    expect(sim.router('h1').stateOf(52)).toBe('Fault');
    sim.runUntil(12_000);
    expect(times(sim, 'h2', 'Master')).toEqual([
      [10_609.375, 'Master'],
      [10_609.375, 'Master'],
    ]);
    sim.setTracker('h1', 'eth1', true);
    sim.runUntil(20_000);
    expect(
      sim
        .transitions({ router: 'h1' })
        .slice(-4)
        .map((e) => [e.instance, e.at, e.to, e.cause]),
    ).toEqual([
      ['VI_2', 12_000, 'Backup', 'faultCleared'],
      ['VI_1', 12_000, 'Backup', 'syncGroup'],
      ['VI_2', 15_414.0625, 'Master', 'masterDown'],
      ['VI_1', 15_414.0625, 'Master', 'syncGroup'],
    ]);
    expect([sim.mastersOf(51), sim.mastersOf(52)]).toEqual([['h1'], ['h1']]);
  });

  it('sync group: a member stepping down to Backup takes the others with it', () => {
    const sim = new Simulation();
    sim.addRouter({
      name: 'h2',
      address: '192.0.2.12',
      instances: [
        vi(100, { name: 'VI_1', vrid: 51 }),
        vi(100, { name: 'VI_2', vrid: 52, addresses: ['198.51.100.100'] }),
      ],
      syncGroups: [{ name: 'G', members: ['VI_1', 'VI_2'] }],
    });
    sim.runUntil(5000);
    expect([sim.mastersOf(51), sim.mastersOf(52)]).toEqual([['h2'], ['h2']]);
    // h1 runs only VI_2 with a higher priority.
    sim.addRouter({
      name: 'h1',
      address: '192.0.2.11',
      instances: [vi(150, { name: 'VI_2', vrid: 52, addresses: ['198.51.100.100'] })],
    });
    sim.runUntil(10_000);
    expect(sim.router('h2').stateOf(51)).toBe('Backup');
    expect(
      sim
        .transitions({ router: 'h2', to: 'Backup' })
        .slice(-2)
        .map((e) => [e.instance, e.at, e.cause]),
    ).toEqual([
      ['VI_2', 8414.0625, 'higherPriority'],
      ['VI_1', 8414.0625, 'syncGroup'],
    ]);
  });
});

describe('carrier loss (capture l-v2-link-down)', () => {
  it('Fault without reaching the wire: h2 waits the full 3609.375 ms; link up -> Backup -> preempts after MDI', () => {
    const sim = new Simulation();
    sim.addRouter(h1());
    sim.at(1000, () => sim.addRouter(h2()));
    sim.runUntil(9000);
    sim.setCarrier('h1', false); // last h1 advert: 8414.0625
    expect(sim.router('h1').stateOf(51)).toBe('Fault');
    expect(sim.router('h1').stats('VI_1').priorityZeroSent).toBe(1); // sent, but lost on the wire
    sim.runUntil(15_000);
    expect(times(sim, 'h2', 'Master')).toEqual([[12_023.4375, 'Master']]);
    sim.setCarrier('h1', true);
    sim.runUntil(20_000);
    expect(times(sim, 'h1').slice(-3)).toEqual([
      [9000, 'Fault'],
      [15_000, 'Backup'],
      [18_414.0625, 'Master'],
    ]);
    expect(times(sim, 'h2').at(-1)).toEqual([18_414.0625, 'Backup']);
    expect(sim.transitions({ router: 'h1', to: 'Fault' })[0]?.reason).toBe('tracked interface eth0 down');
  });
});

describe('interval handling', () => {
  it('v3: a 2 s backup adopts the 1 s master interval; takes over 609.375 ms after priority 0', () => {
    const sim = new Simulation({ record: { adverts: true } });
    sim.addRouter(h1(150, { version: 3 }));
    sim.addRouter(h2(100, { version: 3, advertIntervalCs: 200 }));
    sim.runUntil(10_000);
    expect(sim.router('h2').instance(51)?.fsm.masterAdverIntervalCs).toBe(100);
    sim.stop('h1');
    sim.runUntil(15_000);
    expect(times(sim, 'h2', 'Master')).toEqual([[10_609.375, 'Master']]);
    const adverts = sim.trace.filter((e) => e.type === 'advert' && e.router === 'h2').map((e) => e.at);
    expect(adverts).toEqual([10_609.375, 12_609.375, 14_609.375]);
    expect(sim.router('h2').stats('VI_1').advIntervalErrors).toBe(8); // 7 + the priority-0 advert: accepted, counted (MIB)
  });

  it('v2: interval mismatch is dropped and counted; both become Master (dual MASTER as in the capture)', () => {
    const sim = new Simulation();
    sim.addRouter(h1());
    sim.addRouter(h2(100, { advertIntervalCs: 200 }));
    sim.runUntil(10_000);
    // h2: 3 x 2 s + 156/256 s = 6609.375 ms (g-mismatch-v2-advint2: 6.6096 s from init to timeout).
    expect(times(sim, 'h2', 'Master')).toEqual([[6609.375, 'Master']]);
    expect(sim.mastersOf(51)).toEqual(['h1', 'h2']);
    const drops = sim.trace.filter((e) => e.type === 'drop' && e.router === 'h2');
    expect(drops.length).toBe(7);
    expect(drops[0]).toMatchObject({ reason: 'advIntervalErrors', at: 3414.0625 });
    expect(sim.router('h2').stats('VI_1').advIntervalErrors).toBe(7);
    expect(sim.router('h1').stats('VI_1').advIntervalErrors).toBe(2);
  });

  it('v2 PASS authentication mismatch is dropped by the real codec', () => {
    const sim = new Simulation();
    sim.addRouter(h1(150, { authType: 1, authPass: '1111' }));
    sim.addRouter(h2(100, { authType: 1, authPass: '2222' }));
    sim.runUntil(5000);
    expect(sim.mastersOf(51)).toEqual(['h1', 'h2']);
    expect(sim.router('h2').stats('VI_1').authFailures).toBeGreaterThan(0);
  });
});

describe('IPv6 (VRRPv3)', () => {
  it('elects over IPv6 link-local sources and hands over after priority 0 (e-v3-ipv6-prio0-sigterm)', () => {
    const sim = new Simulation();
    const v6 = (name: string, n: number, priority: number) => ({
      name,
      address: `192.0.2.${n}`,
      address6: `fe80::ff:fe00:${n}`,
      instances: [{ name: 'VI_6', vrid: 51, priority, addresses: ['2001:db8::100'] }],
    });
    sim.addRouter(v6('h1', 11, 150));
    sim.addRouter(v6('h2', 12, 100));
    sim.runUntil(10_000);
    expect(sim.mastersOf(51, 'ipv6')).toEqual(['h1']);
    expect(sim.router('h2').stats('VI_6').advertisementsReceived).toBe(7);
    sim.stop('h1');
    sim.runUntil(12_000);
    expect(times(sim, 'h2', 'Master')).toEqual([[10_609.375, 'Master']]);
    expect(sim.holdersOf('2001:db8::100')).toEqual(['h2']);
  });
});
