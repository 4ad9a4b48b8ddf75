/**
 * HealthMonitor benchmark (standalone, not a test):
 *
 *   npx tsx packages/healthcheck/bench/monitor.ts [--type http|tcp|misc|noop|rawtcp|all] [--checks N]
 *       [--duration S] [--delay-loop MS] [--servers K] [--concurrency C] [--stagger even|random]
 *
 * Environment: BENCH_DURATION (s, default 60), BENCH_TYPE, BENCH_CHECKS.
 * Defaults: `all` = 10,000 HTTP_GET, then 10,000 TCP_CHECK, then 1,000 MISC_CHECK (`/bin/true`),
 * each with delay_loop 1 s (`noop`: probes that resolve at once, the engine's own cost; `rawtcp`:
 * bare connect loops without the monitor, the machine's ceiling). Servers run in a child process. Reports checks completed per second,
 * CPU of this process, p50/p99/max lateness of probe starts against their planned time, memory.
 *
 * @module
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  createHttpGetCheck,
  createMiscCheck,
  createTcpCheck,
  preloadProbeEngine,
} from '../src/checkers/index.js';
import type { VirtualServerSpec } from '../src/core/index.js';
import { HealthMonitor, type MonitorCheck } from '../src/monitor/index.js';

type Kind = 'http' | 'tcp' | 'misc' | 'noop' | 'rawtcp';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const durationS = Number(arg('duration') ?? process.env.BENCH_DURATION ?? 60);
const typeArg = arg('type') ?? process.env.BENCH_TYPE ?? 'all';
const checksArg = arg('checks') ?? process.env.BENCH_CHECKS;
const delayLoopMs = Number(arg('delay-loop') ?? 1_000);
const serverCount = Number(arg('servers') ?? 4);
/**
 * `--server nginx|node`: what answers HTTP_GET. Default: Debian's nginx when installed (a real
 * server, and it leaves more of the 2-core machine to the process under test), else node:http.
 */
const serverImpl = arg('server') ?? (existsSync('/usr/sbin/nginx') ? 'nginx' : 'node');
const concurrency = Number(arg('concurrency') ?? 1_000);
const stagger = (arg('stagger') ?? 'even') as 'even' | 'random';
/** Transport of the checkers: `auto` (default: the native probe engine when @ha/socket loads), `native`, `node`. */
const engine = (arg('engine') ?? 'auto') as 'auto' | 'native' | 'node';
/** `--warmup S`: unmeasured seconds before the measurement (default 3 × delay_loop + 2 s). */
const warmupS = Number(arg('warmup') ?? (3 * delayLoopMs) / 1_000 + 2);
/** `--timeline`: also print, per second, `started:p99/max` lateness (ms). */
const timeline = process.argv.includes('--timeline');

interface Servers {
  ports: number[];
  stop(): Promise<number>;
}

async function startServers(kind: 'http' | 'tcp'): Promise<Servers> {
  const child = fork(
    fileURLToPath(new URL('./servers.ts', import.meta.url)),
    [kind, String(serverCount), serverImpl],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const ports = await new Promise<number[]>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { ports: number[] }).ports));
    child.once('error', reject);
  });
  return {
    ports,
    stop: () =>
      new Promise<number>((resolve) => {
        child.once('message', (m) => resolve((m as { cpuUs: number }).cpuUs));
        child.send('stop');
      }),
  };
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * Baseline without the monitor: `parallel` loops of bare `net.connect` + destroy against the same
 * child-process servers, as fast as they go. The ceiling this machine gives a TCP_CHECK right now.
 */
async function rawTcp(parallel: number): Promise<Record<string, unknown>> {
  const servers = await startServers('tcp');
  let n = 0;
  const w0 = performance.now();
  const end = w0 + durationS * 1_000;
  const cpu0 = process.cpuUsage();
  const loop = async (i: number) => {
    const port = servers.ports[i % servers.ports.length] as number;
    while (performance.now() < end) {
      await new Promise<void>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => {
          s.destroy();
          n++;
          resolve();
        });
        s.once('error', () => resolve());
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, (_, i) => loop(i)));
  const wallMs = performance.now() - w0;
  const cpu = process.cpuUsage(cpu0);
  await servers.stop();
  return {
    type: 'rawtcp',
    parallel,
    durationS: Math.round(wallMs / 100) / 10,
    connectsPerS: Math.round((n / wallMs) * 1_000),
    cpuPctOfOneCore: Math.round(((cpu.user + cpu.system) / 1_000 / wallMs) * 1_000) / 10,
  };
}

async function run(kind: Kind, checks: number): Promise<Record<string, unknown>> {
  if (kind === 'rawtcp') return rawTcp(Math.min(checks, 100));
  const servers = kind === 'misc' || kind === 'noop' ? undefined : await startServers(kind);
  const specs: MonitorCheck[] = [];
  for (let i = 0; i < checks; i++) {
    const port = servers ? (servers.ports[i % servers.ports.length] as number) : 0;
    const common = {
      delayLoopMs,
      retry: 1,
      delayBeforeRetryMs: 1_000,
      connectTimeoutMs: 2_000,
      key: `${kind}-${i}`,
    };
    if (kind === 'http') {
      specs.push({
        type: 'HTTP_GET',
        target: { host: '127.0.0.1', port },
        ...common,
        probe: createHttpGetCheck({
          host: '127.0.0.1',
          port,
          urls: [{ path: `/health/${i}` }],
          connectTimeoutMs: 2_000,
          engine,
        }),
      });
    } else if (kind === 'tcp') {
      specs.push({
        type: 'TCP_CHECK',
        target: { host: '127.0.0.1', port },
        ...common,
        probe: createTcpCheck({ host: '127.0.0.1', port, connectTimeoutMs: 2_000, engine }),
      });
    } else if (kind === 'noop') {
      // The engine alone: a probe that resolves at once (no I/O).
      specs.push({
        type: 'TCP_CHECK',
        ...common,
        probe: async () => ({ ok: true, reason: 'noop', latencyMs: 0 }),
      });
    } else {
      specs.push({
        type: 'MISC_CHECK',
        ...common,
        retry: 0,
        probe: createMiscCheck({ miscPath: '/bin/true', miscTimeoutMs: 2_000, engine }),
      });
    }
  }
  // 100 real servers per virtual server.
  const virtualServers: VirtualServerSpec<MonitorCheck>[] = [];
  for (let v = 0; v * 100 < checks; v++) {
    virtualServers.push({
      id: `vs${v}`,
      realServers: specs.slice(v * 100, v * 100 + 100).map((c, i) => ({ id: `rs${v}-${i}`, checks: [c] })),
    });
  }

  // Warm-up (not measured): the first delay_loop staggers the first probes, then the JIT warms up
  // and the backlog of the first seconds drains. Its worst lateness is reported as `startupMaxMs`.
  const warmupMs = warmupS * 1_000;
  let startupMax = 0;
  const max = Math.ceil((checks * (durationS * 1_000 + warmupMs)) / delayLoopMs) * 2 + 1_000;
  const lateness = new Float64Array(max);
  let n = 0;
  let completed = 0;
  let ok = 0;
  let fail = 0;
  const reasons = new Map<string, number>();
  let measuring = false;

  // Load the native probe engine before the first probe instead of in the middle of the first burst.
  const engineStatus = await preloadProbeEngine();
  const t0 = performance.now();
  const monitor = new HealthMonitor({ virtualServers, concurrency, stagger, seed: 1 });
  monitor.on('result', (e) => {
    if (!measuring) {
      startupMax = Math.max(startupMax, e.startedAt - e.plannedAt);
      return;
    }
    completed++;
    if (e.result.ok) ok++;
    else {
      fail++;
      reasons.set(e.result.reason, (reasons.get(e.result.reason) ?? 0) + 1);
    }
    if (n < max) lateness[n++] = e.startedAt - e.plannedAt;
  });
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  // GC pauses during the measurement: tells a collector pause from CPU contention in the timeline.
  let gcMax = 0;
  let gcTotal = 0;
  let gcMajor = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
      const detail = (e as unknown as { detail?: { kind?: number } }).detail;
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcMajor++;
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const w0 = performance.now();
  const skipped0 = monitor.metrics().checks.reduce((s, c) => s + c.skipped, 0);
  let maxRss = 0;
  let maxHeap = 0;
  const perSecond: string[] = [];
  for (let s = 0; s < durationS; s++) {
    const from = n;
    await new Promise((r) => setTimeout(r, 1_000));
    if (timeline) {
      const sec = lateness.slice(from, n).sort();
      perSecond.push(
        `${n - from}:${Math.round(quantile(sec, 0.99))}/${Math.round(sec[sec.length - 1] ?? 0)}`,
      );
    }
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeap = Math.max(maxHeap, m.heapUsed);
  }
  measuring = false;
  gcObserver.disconnect();
  const wallMs = performance.now() - w0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const metrics = monitor.metrics();
  const skipped = metrics.checks.reduce((s, c) => s + c.skipped, 0) - skipped0;
  const timeouts = metrics.checks.reduce((s, c) => s + c.timeouts, 0);
  await monitor.close();
  const serverCpuUs = servers ? await servers.stop() : 0;
  const sorted = lateness.slice(0, n).sort();
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return {
    type: kind,
    engine: engine === 'auto' ? `auto (${engineStatus.loaded ? 'native loaded' : 'node'})` : engine,
    checks,
    delayLoopMs,
    durationS: Math.round(wallMs / 100) / 10,
    target: Math.round((checks * 1_000) / delayLoopMs),
    completedPerS: Math.round((completed / wallMs) * 1_000),
    ok,
    fail,
    timeouts,
    skippedSlots: skipped,
    cpuPctOfOneCore: Math.round(((cpu.user + cpu.system) / 1_000 / wallMs) * 1_000) / 10,
    cpuSystemPct: Math.round((cpu.system / 1_000 / wallMs) * 1_000) / 10,
    cpuUsPerCheck: completed > 0 ? Math.round(((cpu.user + cpu.system) / completed) * 10) / 10 : null,
    eventLoopUtilization: Math.round(elu.utilization * 1_000) / 1_000,
    server: kind === 'http' ? serverImpl : kind === 'tcp' ? 'node:net' : 'none',
    serverCpuPctOfOneCore: Math.round((serverCpuUs / 1_000 / (performance.now() - t0)) * 1_000) / 10,
    startupMaxMs: Math.round(startupMax),
    gc: { maxPauseMs: Math.round(gcMax * 10) / 10, totalMs: Math.round(gcTotal), major: gcMajor },
    latenessMs: {
      p50: Math.round(quantile(sorted, 0.5) * 100) / 100,
      p99: Math.round(quantile(sorted, 0.99) * 100) / 100,
      max: Math.round((sorted[sorted.length - 1] ?? Number.NaN) * 100) / 100,
    },
    memoryMB: {
      maxRss: Math.round(maxRss / 1e5) / 10,
      maxHeapUsed: Math.round(maxHeap / 1e5) / 10,
    },
    topFailures: top,
    ...(timeline ? { timeline: perSecond.join(' ') } : {}),
  };
}

const plan: [Kind, number][] =
  typeArg === 'all'
    ? [
        ['noop', 10_000],
        ['rawtcp', 100],
        ['http', 10_000],
        ['tcp', 10_000],
        ['misc', 1_000],
      ]
    : [[typeArg as Kind, Number(checksArg ?? (typeArg === 'misc' ? 1_000 : 10_000))]];
if (checksArg && typeArg === 'all') for (const p of plan) p[1] = Number(checksArg);

console.log(
  `# HealthMonitor bench: node ${process.version}, ${durationS} s per scenario, delay_loop ${delayLoopMs} ms, ` +
    `stagger ${stagger}, concurrency ${concurrency}, ${serverCount} server ports (child process), ` +
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
for (const [kind, checks] of plan) {
  const r = await run(kind, checks);
  console.log(JSON.stringify(r));
}
process.exit(0);
