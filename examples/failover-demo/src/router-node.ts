/**
 * One `@ha/vrrp` Router as a process: `node --import tsx router-node.ts '<RouterOptions JSON>'`.
 * Prints one JSON line per event on stdout (`{"ev":"stateChange","t":<epoch ms>,…}`); SIGTERM /
 * SIGINT stop it gracefully (priority 0, VIPs removed), SIGKILL is a crash. Used by the demo
 * and by the netns tests (run inside a namespace with `ip netns exec`).
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { installSignalHandlers, Router, type RouterOptions } from '@ha/vrrp/router';

const arg = process.argv[2];
if (arg === undefined) {
  console.error('usage: router-node.ts <RouterOptions as JSON>');
  process.exit(2);
}
const options = JSON.parse(arg) as RouterOptions;

/** Epoch milliseconds of a `performance.now()` reading. */
function epoch(at: number): number {
  return performance.timeOrigin + at;
}

function out(ev: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ev, ...fields })}\n`);
}

const router = await Router.start(options);
router.on('stateChange', (c) =>
  out('stateChange', { t: epoch(c.at), from: c.from, to: c.to, cause: c.cause, reason: c.reason }),
);
router.on('priorityChange', (c) => out('priorityChange', { t: epoch(c.at), from: c.from, to: c.to }));
router.on('info', (i) => out('info', { t: epoch(i.at), kind: i.kind, message: i.message }));
router.on('announce', (a) =>
  out('announce', { t: epoch(a.at), count: a.count, reason: a.reason, addresses: a.addresses }),
);
router.on('vipsAdded', (v) => out('vipsAdded', { t: epoch(v.at), addresses: v.addresses }));
router.on('vipsRemoved', (v) =>
  out('vipsRemoved', { t: epoch(v.at), addresses: v.addresses, stale: v.stale }),
);
router.on('drop', (d) =>
  out('drop', { t: epoch(d.at), reason: d.reason, detail: d.detail, source: d.source }),
);
router.on('error', (e) =>
  out('error', { t: Date.now(), message: e.message, code: (e as { code?: string }).code }),
);
let sent = 0;
router.on('advertSent', (a) => {
  // The first few and every priority-0 advert; the rest are counted.
  sent++;
  if (sent <= 3 || a.priority === 0) out('advertSent', { t: epoch(a.at), priority: a.priority });
});
router.on('close', () => out('closed', { t: Date.now(), sent }));
installSignalHandlers(router);
out('ready', { t: Date.now(), pid: process.pid, name: router.name, mac: router.mac, state: router.state });
