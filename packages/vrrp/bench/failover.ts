/**
 * Failover measured on the wire, `@ha/vrrp` Router against keepalived 2.2.7 in the same
 * namespace lab and the same run: crash (SIGKILL) and graceful stop (SIGTERM → priority 0), for
 * VRRPv2 + PASS at 1 s and VRRPv3 at 0.1 s. "Failover" = first advert of the new MASTER − last
 * advert of the old one, both seen by h3 (as in VECTORS.md §6). Then `@ha` alone at 0.01 s
 * (VRRPv3, priority 254) with a load generator in the MASTER's process: no false failover
 * allowed (see `lib/failover-stress.ts`). Needs root.
 *
 * Run: `npm run bench:failover` or
 * `TSX_TSCONFIG_PATH=examples/failover-demo/tsconfig.json node --import tsx packages/vrrp/bench/failover.ts`
 *
 * Environment: `BENCH_RUNS` (runs per row, default 7; `--runs N` also works),
 * `BENCH_STRESS_SECONDS` (loaded window, default 60; 0 skips the stress part),
 * `BENCH_STRESS_RETAINED` (slots of the load generator's retained ring, ~0.4 kB each, default
 * 20000 ≈ 8 MB of old generation churned at random),
 * `BENCH_STRESS_GARBAGE_KB` (garbage allocated per 2 ms slice, default 256 kB, ≈ 120 MB/s measured),
 * `BENCH_ONLY` (`failover` or `stress`: run one part).
 */
import { availableParallelism, loadavg } from 'node:os';
import {
  type AdvertCapture,
  type KeepalivedProcess,
  Lab,
  type LabHost,
  type LabProcess,
  type RouterProcess,
  sleep,
} from '../../../examples/failover-demo/src/lab.js';
import {
  killOwnProcesses,
  type StressResult,
  startTcpdump,
  stressRun,
  wireAdverts,
} from './lib/failover-stress.js';

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
const RUNS = Math.max(
  1,
  Number(runsArg > 0 ? process.argv[runsArg + 1] : (process.env.BENCH_RUNS ?? 7)) || 7,
);
const STRESS_SECONDS = Math.max(0, Number(process.env.BENCH_STRESS_SECONDS ?? 60) || 0);
const STRESS_RETAINED = Math.max(1, Number(process.env.BENCH_STRESS_RETAINED ?? 20_000) || 20_000);
const STRESS_GARBAGE_KB = Math.max(0, Number(process.env.BENCH_STRESS_GARBAGE_KB ?? 256) || 0);
const ONLY = process.env.BENCH_ONLY ?? '';
const VIP = '192.0.2.100';

type Impl = 'ha' | 'keepalived';
type Stop = 'crash' | 'graceful';

interface Node {
  /** Resolves with the epoch ms of this node's transition to MASTER after `after`. */
  master(after: number): Promise<number>;
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
    master: async (after) => (await r.waitForState('Master', 30_000, after)).t,
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
    // keepalived's transition time = when this process read the log line (pipe latency included).
    master: async (after) => (await k.waitForLine('Entering MASTER STATE', 30_000, after)).t,
    backup: (after) => k.waitForLine('Entering BACKUP STATE', 30_000, after),
    crash: () => k.crash(),
    terminate: () => k.terminate(),
  };
}

/** One series: failover gaps and their split (ms), per run. */
interface Series {
  /** Failover on the wire. */
  gaps: number[];
  /** BACKUP's transition to MASTER − (old MASTER's last advert on the wire + RFC bound). */
  late: number[];
  /** New MASTER's first advert on the wire − its transition. */
  send: number[];
}

const signedMs = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;

/**
 * Failover from tcpdump's kernel timestamps on h3: the first advert of `neu` (priority > 0)
 * after `after` − the last advert of `old` before it. Waits up to 2 s for tcpdump's lines.
 */
async function wireFailover(
  dump: LabProcess,
  old: string,
  neu: string,
  after: number,
): Promise<{ gap: number; first: number } | undefined> {
  for (let i = 0; i < 100; i++) {
    const ads = wireAdverts(dump);
    const first = ads.find((a) => a.source === neu && a.t >= after && a.priority > 0);
    if (first) {
      const before = ads.filter((a) => a.source === old && a.t <= first.t);
      const last = before[before.length - 1];
      return last ? { gap: first.t - last.t, first: first.t } : undefined;
    }
    await sleep(20);
  }
  return undefined;
}

async function series(
  lab: Lab,
  cap: AdvertCapture,
  dump: LabProcess,
  impl: Impl,
  c: Config,
  stop: Stop,
  vrid: number,
  rfc: number,
): Promise<Series> {
  const [h1, h2] = lab.hosts as [LabHost, LabHost];
  const make = impl === 'ha' ? haNode : kaNode;
  const backup = make(lab, h2, c, vrid, 100);
  const out: Series = { gaps: [], late: [], send: [] };
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
      const became = await backup.master(stopAt);
      const seen = await cap.failover(h1.ipv4, h2.ipv4, stopAt);
      const w = await wireFailover(dump, h1.ipv4, h2.ipv4, stopAt);
      if (w) {
        const { gap, first } = w;
        out.gaps.push(gap);
        out.late.push(became - (first - gap) - rfc);
        out.send.push(first - became);
        console.error(
          `bench failover: ${impl} ${c.name} ${stop} run ${i + 1}: ${gap.toFixed(3)} ms (capture in this process ${seen?.toFixed(3)}; timer ${signedMs(became - (first - gap) - rfc)}, to wire ${signedMs(first - became)})`,
        );
      } else {
        console.error(
          `bench failover: ${impl} ${c.name} ${stop} run ${i + 1}: failover not seen on the wire`,
        );
      }
      await lab.resetAddressesOf(h1);
    }
  } finally {
    await backup.terminate();
    await lab.resetAddresses();
  }
  return out;
}

interface Stats {
  min: number;
  median: number;
  max: number;
  n: number;
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 === 1 ? s[Math.floor(mid)] : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return {
    min: s[0] ?? Number.NaN,
    median: median ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    n: s.length,
  };
}

const ms = (x: number): string => x.toFixed(1);
const ratio = (a: number, b: number): string => (a / b).toFixed(3);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

if (process.getuid?.() !== 0) {
  console.log('bench failover: skipped (needs root for network namespaces)');
  process.exit(0);
}

const lab = await Lab.create();
process.on('SIGINT', () => {
  killOwnProcesses();
  void lab.close().then(() => process.exit(130));
});
const rows: string[] = [];
const split: string[] = [];
let stress: StressResult | undefined;
const began = Date.now();
const loadAtStart = loadavg();
try {
  const cap = lab.capture(lab.host(3));
  let vrid = 100;
  const dump = ONLY === 'stress' ? undefined : await startTcpdump(lab.host(3));
  if (dump) {
    try {
      for (const c of CONFIGS) {
        for (const stop of ['crash', 'graceful'] as const) {
          // RFC 3768 / 5798: Skew_Time = (256 - Priority) * Advert_Interval / 256 (v2: seconds, 1 s here);
          // Master_Down_Interval = 3 * Advert_Interval + Skew_Time. BACKUP priority 100.
          const skew = ((256 - 100) / 256) * c.intervalCs * 10;
          const rfc = stop === 'crash' ? 3 * c.intervalCs * 10 + skew : skew;
          const haS = await series(lab, cap, dump, 'ha', c, stop, vrid++, rfc);
          const kaS = await series(lab, cap, dump, 'keepalived', c, stop, vrid++, rfc);
          const ha = stats(haS.gaps);
          const ka = stats(kaS.gaps);
          split.push(
            `| ${c.name.padEnd(14)} | ${stop.padEnd(8)} | ${signedMs(stats(haS.late).median).padStart(7)} | ${signedMs(stats(haS.send).median).padStart(7)} | ${signedMs(stats(kaS.late).median).padStart(7)} | ${signedMs(stats(kaS.send).median).padStart(7)} |`,
          );
          const dKa = ha.median - ka.median;
          const dRfc = ha.median - rfc;
          const ok = Math.abs(dKa) <= 1 && Math.abs(dRfc) <= 1 ? 'yes' : 'NO';
          rows.push(
            `| ${c.name.padEnd(14)} | ${stop.padEnd(8)} | ${`${ha.n}/${ka.n}`.padEnd(5)} | ${ms(ha.median).padStart(6)} | ${ms(ha.min).padStart(6)} | ${ms(ha.max).padStart(6)} | ${ms(ka.median).padStart(6)} | ${ms(ka.min).padStart(6)} | ${ms(ka.max).padStart(6)} | ${ratio(ha.median, ka.median)} | ${ratio(ha.min, ka.min)} | ${ratio(ha.max, ka.max)} | ${ms(rfc).padStart(6)} | ${ratio(ha.median, rfc)} | ${signed(dKa).padStart(6)} | ${signed(dRfc).padStart(6)} | ${ok.padEnd(4)} |`,
          );
          console.error(`bench failover: ${rows[rows.length - 1]}`);
        }
      }
    } finally {
      await dump.stop('SIGKILL', 2000);
    }
  }
  if (ONLY !== 'failover' && STRESS_SECONDS > 0) {
    stress = await stressRun(lab, {
      seconds: STRESS_SECONDS,
      idleSeconds: Math.min(5, STRESS_SECONDS),
      intervalCs: 1,
      sliceMs: 2,
      retainedSlots: STRESS_RETAINED,
      garbageKbPerSlice: STRESS_GARBAGE_KB,
      vrid: vrid++,
      vip: `${VIP}/24`,
    });
  }
} finally {
  await lab.close();
}
if (rows.length > 0) {
  console.log(
    `\nfailover on the wire (tcpdump kernel timestamps on h3), ms, ${RUNS} runs per implementation; ratio = @ha / keepalived, ` +
      '/RFC = @ha median / RFC bound; Δ = @ha median − keepalived median / − RFC bound; target |Δ| ≤ 1 ms',
  );
  console.log(
    '| config         | stop     | runs  | @ha md |    min |    max | ka md  |    min |    max | r.md  | r.min | r.max | RFC    | /RFC  | Δ ka   | Δ RFC  | ok   |',
  );
  console.log(
    '|----------------|----------|-------|--------|--------|--------|--------|--------|--------|-------|-------|-------|--------|-------|--------|--------|------|',
  );
  for (const r of rows) console.log(r);
  console.log(
    '\nwhere the time goes, ms, medians: timer = transition to MASTER − (last advert of the old MASTER on the wire + RFC bound); ' +
      'wire = first advert of the new MASTER on the wire − transition (keepalived: transition = when its log line was read here, so its split is approximate)',
  );
  console.log('| config         | stop     | @ha tmr | @ha wire| ka tmr  | ka wire |');
  console.log('|----------------|----------|---------|---------|---------|---------|');
  for (const r of split) console.log(r);
}
if (stress) {
  const s = stress;
  const g = (x: { adverts: number; p50: number; p99: number; p999: number; max: number }): string =>
    `${String(x.adverts).padStart(6)} | ${x.p50.toFixed(2).padStart(6)} | ${x.p99.toFixed(2).padStart(6)} | ${x.p999.toFixed(2).padStart(6)} | ${x.max.toFixed(2).padStart(6)}`;
  console.log(
    `\n@ha at 0.01 s (VRRPv3), MASTER priority 254 with a load generator in its process (2 ms busy slices + garbage), BACKUP priority 100; gaps between the MASTER's adverts on the wire (tcpdump on h3), ms; BACKUP's Master_Down_Interval ${s.masterDownMs.toFixed(2)} ms`,
  );
  console.log('| window              | adverts |    p50 |    p99 |  p99.9 |    max |');
  console.log('|---------------------|---------|--------|--------|--------|--------|');
  console.log(`| idle (baseline)     | ${g(s.idle)} |`);
  console.log(`| loaded, ${String(STRESS_SECONDS).padStart(4)} s      | ${g(s.loaded)} |`);
  const pass = s.backupTransitions === 0 && s.masterTransitions === 0 && s.backupAdverts === 0;
  console.log(
    `false failover: ${pass ? 'none' : 'YES'} (BACKUP transitions ${s.backupTransitions}, MASTER transitions ${s.masterTransitions}, BACKUP adverts on the wire ${s.backupAdverts})`,
  );
  const load = s.load as {
    t: number;
    elapsedMs: number;
    gc: { minor: number; major: number; maxPauseMs: number; totalPauseMs: number };
    loopDelayMs: { p99: number; max: number };
    sendGapMs: { p99: number; max: number };
    stall: { wallMs: number; cpuMs: number; atMs: number };
    contextSwitches: { involuntary: number; voluntary: number };
  };
  const loadStart = load.t - load.elapsedMs;
  console.log(
    `MASTER process under load: GCs ${load.gc.minor} minor + ${load.gc.major} major, longest GC pause ${load.gc.maxPauseMs.toFixed(1)} ms (total ${load.gc.totalPauseMs.toFixed(0)} ms); ` +
      `event-loop delay p99 ${load.loopDelayMs.p99.toFixed(1)} ms, max ${load.loopDelayMs.max.toFixed(1)} ms; its own advert send gaps p99 ${load.sendGapMs.p99.toFixed(1)} ms, max ${load.sendGapMs.max.toFixed(1)} ms`,
  );
  console.log(
    `longest stall between load slices: ${load.stall.wallMs.toFixed(1)} ms wall, ${load.stall.cpuMs.toFixed(1)} ms CPU of the process, at +${(load.stall.atMs / 1000).toFixed(2)} s; ` +
      `largest wire gap ended at +${((s.loaded.maxAt - loadStart) / 1000).toFixed(2)} s; involuntary context switches ${load.contextSwitches.involuntary}`,
  );
  console.log(`load generator: ${JSON.stringify(s.load)}`);
}
const la = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');
console.log(
  `\nbench failover: ${((Date.now() - began) / 1000).toFixed(0)} s; load average (1/5/15 min) at start ${la(loadAtStart)}, at end ${la(loadavg())} on this ${availableParallelism()}-CPU machine`,
);
