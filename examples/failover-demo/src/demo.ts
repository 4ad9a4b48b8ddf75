/**
 * The failover demo: two `@ha/vrrp` routers in a network-namespace lab. Shows the VIP on the
 * MASTER, SIGKILLs it, prints the failover time measured on the wire (h3 records every advert
 * through an `@ha/socket` raw socket: last advert of the old MASTER → first advert of the new
 * one) and the VIP on the new MASTER, restores, stops gracefully, cleans up — also on Ctrl-C.
 *
 * Run (root, from the repository root):
 *   TSX_TSCONFIG_PATH=examples/failover-demo/tsconfig.json node --import tsx examples/failover-demo/src/demo.ts [--fast]
 * `--fast`: VRRPv3 with advert_int 0.1 s instead of VRRPv2 + PASS at 1 s.
 *
 * @module
 */
import { type AdvertCapture, Lab, type LabHost, type RouterProcess, sleep } from './lab.js';

const fast = process.argv.includes('--fast');
const VIP = '192.0.2.100';
const intervalS = fast ? 0.1 : 1;
const t0 = Date.now();
const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const log = (s: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(2).padStart(6)} s] ${s}`);

if (process.getuid?.() !== 0) {
  console.error('the demo needs root (network namespaces, raw sockets)');
  process.exit(1);
}

let lab: Lab | undefined;
let cleaning = false;
async function cleanup(): Promise<void> {
  if (cleaning) return;
  cleaning = true;
  await lab?.close();
}
process.on('SIGINT', () => {
  console.log('\ninterrupted: cleaning up');
  void cleanup().then(() => process.exit(130));
});

function router(l: Lab, host: LabHost, priority: number): RouterProcess {
  return l.router(host, {
    instance: fast
      ? { vrid: 51, priority, version: 3, advertIntervalCs: 10, addresses: [`${VIP}/24`] }
      : { vrid: 51, priority, addresses: [`${VIP}/24`] },
    ...(fast ? {} : { authType: 1 as const, authPass: '1111' }),
  });
}

async function where(l: Lab): Promise<string> {
  const holders = await l.holders(VIP);
  return holders.length === 0 ? 'nowhere' : holders.join(' + ');
}

async function neighbour(l: Lab, h3: LabHost): Promise<string> {
  const mac = await l.neighbour(h3, VIP);
  const owner = l.hosts.find((h) => h.mac === mac);
  return `${mac ?? '-'}${owner ? ` (${owner.name})` : ''}`;
}

async function gap(cap: AdvertCapture, from: LabHost, to: LabHost, after: number): Promise<string> {
  const ms = await cap.failover(from.ipv4, to.ipv4, after);
  return ms === undefined ? 'not seen' : `${(ms / 1000).toFixed(3)} s`;
}

async function main(): Promise<void> {
  const mdi = 3 * intervalS + ((256 - 100) / 256) * intervalS;
  const skew = ((256 - 100) / 256) * intervalS;
  log(
    bold(`@ha/vrrp failover demo — ${fast ? 'VRRPv3, advert_int 0.1 s' : 'VRRPv2 + PASS, advert_int 1 s'}`),
  );
  const l = await Lab.create();
  lab = l;
  const [h1, h2, h3] = l.hosts as [LabHost, LabHost, LabHost];
  log(
    `lab ${l.id}: h1 ${h1.ipv4} (${h1.mac}), h2 ${h2.ipv4} (${h2.mac}), observer h3 ${h3.ipv4} — one bridge`,
  );
  const cap = l.capture(h3);

  const r1 = router(l, h1, 150);
  const r2 = router(l, h2, 100);
  log('started router h1 (priority 150) and h2 (priority 100); both start in BACKUP, as keepalived');
  await r1.waitForState('Master', 30_000);
  await r2.waitForState('Backup', 5000);
  await sleep(200);
  await l.ping(h3, VIP);
  log(`${bold('h1 is MASTER')}; VIP ${VIP} on: ${await where(l)}; h3's ARP entry: ${await neighbour(l, h3)}`);

  await sleep(fast ? 300 : 1500);
  const killAt = Date.now();
  await r1.stop('SIGKILL');
  log(bold('kill -9 the MASTER (h1)'));
  await r2.waitForState('Master', 15_000, killAt);
  await sleep(200);
  log(
    `${bold('h2 is MASTER')}; failover on the wire: ${bold(await gap(cap, h1, h2, killAt))} (RFC: 3 × ${intervalS} s + skew = ${mdi.toFixed(3)} s; keepalived 2.2.7: ${fast ? '0.361' : '3.610'} s)`,
  );
  log(
    `VIP on: ${await where(l)} (the crashed h1 still holds it, as with keepalived); h3's ARP entry: ${await neighbour(l, h3)}`,
  );

  const restartAt = Date.now();
  const r1b = router(l, h1, 150);
  log('restart h1: it removes its stale VIP at start (state file), comes up BACKUP and preempts');
  await r1b.waitForLine('"ev":"vipsRemoved"', 30_000);
  log(`stale VIP removed; VIP on: ${await where(l)}`);
  await r1b.waitForState('Master', 30_000, restartAt);
  await sleep(200);
  log(`${bold('h1 is MASTER again')}; VIP on: ${await where(l)}; h3's ARP entry: ${await neighbour(l, h3)}`);

  await sleep(fast ? 300 : 1200);
  const termAt = Date.now();
  await r1b.stop('SIGTERM');
  log(bold('graceful stop of h1 (SIGTERM): priority-0 advert, VIP released'));
  await r2.waitForState('Master', 10_000, termAt);
  await sleep(200);
  log(
    `${bold('h2 is MASTER')}; failover on the wire: ${bold(await gap(cap, h1, h2, termAt))} (RFC: skew = ${skew.toFixed(3)} s; keepalived 2.2.7: ${fast ? '0.061' : '0.610'} s)`,
  );
  log(`VIP on: ${await where(l)}; h3's ARP entry: ${await neighbour(l, h3)}`);
  await r2.stop('SIGTERM');
  log(`stopped h2; VIP on: ${await where(l)}`);
}

try {
  await main();
  await cleanup();
  log('lab removed');
} catch (err) {
  console.error('demo failed:', err);
  await cleanup();
  process.exitCode = 1;
}
