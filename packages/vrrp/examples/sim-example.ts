/**
 * Example: test your VRRP design in CI with the deterministic simulator (`@ha/vrrp/sim`).
 *
 * Copy this into your own test suite (vitest, node:test, jest: it only needs `assert`).
 * Everything runs in virtual time: one hour of two routers takes a few milliseconds, and the
 * same seed always gives the same timeline.
 *
 *   npx tsx packages/vrrp/examples/sim-example.ts      (prints the timeline)
 */
import assert from 'node:assert/strict';
import { Simulation } from '@ha/vrrp/sim';

/** Two routers as in a classic keepalived pair; returns the timeline. */
export function failoverExample(): string {
  // Seeded: loss and jitter are drawn from this seed. 0.2 ms one-way delay on every link.
  const sim = new Simulation({ seed: 42, link: { delayMs: 0.2 } });
  const vip = '192.0.2.100';
  sim.addRouter({
    name: 'lb1',
    address: '192.0.2.11',
    instances: [
      {
        name: 'VI_1',
        vrid: 51,
        priority: 150,
        initialState: 'MASTER',
        addresses: [vip],
        authType: 1,
        authPass: 'secret',
        // keepalived: track_script chk_haproxy { weight -60 }
        trackers: [{ name: 'chk_haproxy', weight: -60 }],
      },
    ],
  });
  sim.addRouter({
    name: 'lb2',
    address: '192.0.2.12',
    instances: [{ name: 'VI_1', vrid: 51, priority: 100, addresses: [vip], authType: 1, authPass: 'secret' }],
  });

  // 1. Election: lb1 (150) wins after its Master_Down_Interval, 3 s + (256-150)/256 s.
  sim.runFor(10_000);
  assert.deepEqual(sim.mastersOf(51), ['lb1']);
  assert.equal(sim.transitions({ router: 'lb1', to: 'Master' })[0]?.at, 3414.0625);

  // 2. Crash lb1: lb2 takes over 3 × 1 s + (256-100)/256 s after the last advert it received.
  sim.crash('lb1');
  sim.runFor(5_000);
  assert.deepEqual(sim.mastersOf(51), ['lb2']);
  // A crashed keepalived leaves its VIP configured: both hosts hold it until lb1 restarts.
  assert.deepEqual(sim.holdersOf(vip), ['lb1', 'lb2']);

  // 3. Restart lb1: it clears the stale VIP at start-up and preempts after 3.414 s.
  sim.start('lb1');
  sim.runFor(5_000);
  assert.deepEqual(sim.mastersOf(51), ['lb1']);
  assert.deepEqual(sim.holdersOf(vip), ['lb1']);

  // 4. haproxy fails on lb1: priority 150 - 60 = 90 < 100, lb2 takes over.
  sim.setTracker('lb1', 'chk_haproxy', false);
  sim.runFor(5_000);
  assert.deepEqual(sim.mastersOf(51), ['lb2']);

  // 5. A partition makes both Master; healing elects one again.
  sim.setTracker('lb1', 'chk_haproxy', true);
  sim.runFor(5_000);
  sim.partition(['lb1'], ['lb2']);
  sim.runFor(5_000);
  assert.deepEqual(sim.mastersOf(51), ['lb1', 'lb2']);
  sim.heal();
  sim.runFor(2_000);
  assert.deepEqual(sim.mastersOf(51), ['lb1']);

  // The timeline of state changes, for the CI log.
  return sim.timeline((e) => e.type === 'state' || e.type === 'node');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(failoverExample());
}
