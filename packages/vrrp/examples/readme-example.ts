import assert from 'node:assert/strict';
import { Simulation } from '@ha/vrrp/sim';

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
      addresses: [vip],
      trackers: [{ name: 'chk_nginx', weight: -60 }],
    },
  ],
});
sim.addRouter({
  name: 'lb2',
  address: '192.0.2.12',
  instances: [{ name: 'VI_1', vrid: 51, priority: 100, addresses: [vip] }],
});

sim.runFor(10_000);
assert.deepEqual(sim.mastersOf(51), ['lb1']);
sim.setTracker('lb1', 'chk_nginx', false);
sim.runFor(5_000);
assert.deepEqual(sim.mastersOf(51), ['lb2']);
sim.crash('lb2');
sim.runFor(5_000);
assert.deepEqual(sim.mastersOf(51), ['lb1']);
console.log(sim.timeline());
