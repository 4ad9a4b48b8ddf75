/**
 * Simulator benchmark: 1,000 routers (500 VRIDs × 2 nodes, on 4 LAN segments of 125 VRIDs)
 * for one hour of virtual time, VRRPv2 at 1 s, every advert encoded and validated by the codec.
 * A crash and restart of 50 masters in the middle exercises failover and preemption.
 *
 *   npx tsx packages/vrrp/bench/sim.ts [--vrids 500] [--minutes 60] [--interval-cs 100]
 */
import { Simulation } from '../src/sim/index.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const vrids = arg('vrids', 500);
const minutes = arg('minutes', 60);
const intervalCs = arg('interval-cs', 100);
const perSegment = 125;

const sim = new Simulation({
  seed: 1,
  record: { adverts: false, announces: false, info: false, drops: true },
});
for (let i = 0; i < vrids; i++) {
  const segment = `lan${Math.floor(i / perSegment)}`;
  const vrid = (i % perSegment) + 1;
  const octet = (i % perSegment) + 1;
  const version = intervalCs % 100 === 0 ? 2 : 3;
  const instance = (priority: number) => ({
    name: `VI_${i}`,
    vrid,
    priority,
    version: version as 2 | 3,
    advertIntervalCs: intervalCs,
    addresses: [`203.0.113.${octet}`],
  });
  sim.addRouter({ name: `a${i}`, address: `192.0.2.${octet}`, segment, instances: [instance(150)] });
  sim.addRouter({ name: `b${i}`, address: `198.51.100.${octet}`, segment, instances: [instance(100)] });
}
const end = minutes * 60_000;
sim.at(end / 2, () => {
  for (let i = 0; i < 50 && i < vrids; i++) sim.restart(`a${i}`, 10_000);
});

const t0 = performance.now();
sim.runUntil(end);
const wall = performance.now() - t0;

let masters = 0;
for (let i = 0; i < vrids; i++) {
  const segment = `lan${Math.floor(i / perSegment)}`;
  const m = sim.mastersOf((i % perSegment) + 1, 'ipv4', segment);
  if (m.length === 1 && m[0] === `a${i}`) masters++;
}
const c = sim.counters;
const transitions = sim.transitions().length;
console.log(
  `routers            ${vrids * 2} (${vrids} VRIDs x 2), ${minutes} min virtual, advert_int ${intervalCs / 100} s`,
);
console.log(
  `wall time          ${(wall / 1000).toFixed(2)} s  (${((end / wall) | 0).toLocaleString()}x real time)`,
);
console.log(
  `clock events       ${c.events.toLocaleString()}  (${Math.round(c.events / (wall / 1000)).toLocaleString()} events/s)`,
);
console.log(
  `adverts sent       ${c.adverts.toLocaleString()}  (${Math.round(c.adverts / (wall / 1000)).toLocaleString()} encodes/s)`,
);
console.log(`adverts delivered  ${c.deliveries.toLocaleString()}  (validated by the codec)`);
console.log(`state changes      ${transitions}; expected masters at end ${masters}/${vrids}`);
console.log(`heap used          ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
if (masters !== vrids) process.exitCode = 1;
