/**
 * Failover measured on the wire, `@ha/vrrp` Router against keepalived 2.2.7 in the same
 * namespace lab and the same run: crash (SIGKILL) and graceful stop (SIGTERM → priority 0), for
 * VRRPv2 + PASS at 1 s and VRRPv3 at 0.1 s. "Failover" = first advert of the new MASTER − last
 * advert of the old one, both seen by h3 (as in VECTORS.md §6). Needs root.
 *
 * Run: `npm run bench -- failover` or
 * `TSX_TSCONFIG_PATH=examples/failover-demo/tsconfig.json node --import tsx packages/vrrp/bench/failover.ts [--runs N]`
 */
import {
  type AdvertCapture,
  type KeepalivedProcess,
  Lab,
  type LabHost,
  type RouterProcess,
  sleep,
} from '../../../examples/failover-demo/src/lab.js';

interface Config {
  name: string;
  version: 2 | 3;
  intervalCs: number;
}

const CONFIGS: Config[] = [
  { name: 'v2 + PASS, 1 s', version: 2, intervalCs: 100 },
  { name: 'v3, 0.1 s', version: 3, intervalCs: 10 },
];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const VIP = '192.0.2.100';

type Impl = 'ha' | 'keepalived';
type Stop = 'crash' | 'graceful';

interface Node {
  /** Resolves when this node reports MASTER after `after`. */
  master(after: number): Promise<unknown>;
  /** Resolves when this node reports BACKUP after `after`. */
  backup(after: number): Promise<unknown>;
  crash(): Promise<void>;
  terminate(): Promise<void>;
}

function haNode(lab: Lab, host: LabHost, c: Config, vrid: number, priority: number): Node {
  const r: RouterProcess = lab.router(host, {
    instance: {
      vrid,
      priority,
      version: c.version,
      advertIntervalCs: c.intervalCs,
      addresses: [`${VIP}/24`],
    },
    ...(c.version === 2 ? { authType: 1 as const, authPass: '1111' } : {}),
  });
  return {
    master: (after) => r.waitForState('Master', 30_000, after),
    backup: (after) => r.waitForState('Backup', 30_000, after),
    crash: () => r.stop('SIGKILL'),
    terminate: () => r.stop('SIGTERM'),
  };
}

function kaNode(lab: Lab, host: LabHost, c: Config, vrid: number, priority: number): Node {
  const conf = [
    'global_defs {',
    `  router_id bench-${host.name}`,
    ...(c.version === 3 ? ['  vrrp_version 3'] : []),
    '}',
    'vrrp_instance VI_1 {',
    `  state ${priority > 100 ? 'MASTER' : 'BACKUP'}`,
    `  interface ${host.ifname}`,
    `  virtual_router_id ${vrid}`,
    `  priority ${priority}`,
    `  advert_int ${c.intervalCs / 100}`,
    ...(c.version === 2 ? ['  authentication {', '    auth_type PASS', '    auth_pass 1111', '  }'] : []),
    `  virtual_ipaddress {`,
    `    ${VIP}/24`,
    '  }',
    '}',
    '',
  ].join('\n');
  const k: KeepalivedProcess = lab.keepalived(host, conf);
  return {
    master: (after) => k.waitForLine('Entering MASTER STATE', 30_000, after),
    backup: (after) => k.waitForLine('Entering BACKUP STATE', 30_000, after),
    crash: () => k.crash(),
    terminate: () => k.terminate(),
  };
}

async function series(
  lab: Lab,
  cap: AdvertCapture,
  impl: Impl,
  c: Config,
  stop: Stop,
  vrid: number,
): Promise<number[]> {
  const [h1, h2] = lab.hosts as [LabHost, LabHost];
  const make = impl === 'ha' ? haNode : kaNode;
  const backup = make(lab, h2, c, vrid, 100);
  const gaps: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const startAt = Date.now();
      const master = make(lab, h1, c, vrid, 150);
      await master.master(startAt);
      if (i > 0) await backup.backup(startAt);
      await sleep(c.intervalCs * 10 * 1.5 + Math.random() * c.intervalCs * 10);
      const stopAt = Date.now();
      if (stop === 'crash') await master.crash();
      else await master.terminate();
      await backup.master(stopAt);
      const gap = await cap.failover(h1.ipv4, h2.ipv4, stopAt);
      if (gap !== undefined) gaps.push(gap);
      await lab.resetAddressesOf(h1);
    }
  } finally {
    await backup.terminate();
    await lab.resetAddresses();
  }
  return gaps;
}

function stats(xs: number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return {
    min: s[0] ?? Number.NaN,
    median: s[Math.floor(s.length / 2)] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
  };
}

const fmt = (ms: number): string => (ms / 1000).toFixed(3);

if (process.getuid?.() !== 0) {
  console.log('bench failover: skipped (needs root for network namespaces)');
  process.exit(0);
}

const lab = await Lab.create();
process.on('SIGINT', () => void lab.close().then(() => process.exit(130)));
const rows: string[] = [];
try {
  const cap = lab.capture(lab.host(3));
  let vrid = 100;
  for (const c of CONFIGS) {
    for (const stop of ['crash', 'graceful'] as const) {
      const ha = stats(await series(lab, cap, 'ha', c, stop, vrid++));
      const ka = stats(await series(lab, cap, 'keepalived', c, stop, vrid++));
      const skew = ((256 - 100) / 256) * c.intervalCs * 10;
      const rfc = stop === 'crash' ? 3 * c.intervalCs * 10 + skew : skew;
      rows.push(
        `| ${c.name.padEnd(15)} | ${stop.padEnd(8)} | ${`${fmt(ha.median)} (${fmt(ha.min)}–${fmt(ha.max)})`.padEnd(21)} | ${`${fmt(ka.median)} (${fmt(ka.min)}–${fmt(ka.max)})`.padEnd(21)} | ${(ha.median / ka.median).toFixed(3)} | ${fmt(rfc)} |`,
      );
      console.log(rows[rows.length - 1]);
    }
  }
} finally {
  await lab.close();
}
console.log(
  `\nfailover on the wire, seconds, median (min–max) of ${RUNS} runs; ratio = @ha / keepalived (lower is faster)`,
);
console.log('| config          | stop     | @ha/vrrp              | keepalived 2.2.7      | ratio | RFC   |');
console.log('|-----------------|----------|-----------------------|-----------------------|-------|-------|');
for (const r of rows) console.log(r);
