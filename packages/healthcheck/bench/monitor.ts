/**
 * HealthMonitor benchmark (standalone, not a test):
 *
 *   npx tsx packages/healthcheck/bench/monitor.ts [--type http|tcp|misc|noop|rawtcp|all] [--checks N]
 *       [--duration S] [--delay-loop MS] [--servers K] [--concurrency C] [--stagger even|random]
 *       [--engine auto|native|node] [--server nginx|node] [--server-cpu N|free] [--cpu N|free]
 *       [--net loopback|netns] [--warmup S]
 *       [--slice-ms MS] [--timeline] [--old-gen-sites]
 *
 * Environment: BENCH_DURATION (s, default 60), BENCH_TYPE, BENCH_CHECKS.
 * Defaults: `all` = 10,000 HTTP_GET, then 10,000 TCP_CHECK, then 1,000 MISC_CHECK (`/bin/true`),
 * each with delay_loop 1 s (`noop`: probes that resolve at once, the engine's own cost; `rawtcp`:
 * bare connect loops without the monitor, the machine's ceiling). Servers run in a child process.
 * Reports checks completed per second, CPU of this process, p50/p99/max lateness of probe starts
 * against their planned time, probe latency, GC, memory; `--timeline` adds one entry per second
 * (see below) that tells GC, CPU contention, a blocked loop and slow servers apart.
 *
 * @module
 */
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { constants, monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  createHttpGetCheck,
  createMiscCheck,
  createTcpCheck,
  preloadProbeEngine,
} from '../src/checkers/index.js';
import type { VirtualServerSpec } from '../src/core/index.js';
import { HealthMonitor, type MonitorCheck } from '../src/monitor/index.js';
import { procStatFields } from './lib/proc.js';

type Kind = 'http' | 'tcp' | 'misc' | 'noop' | 'rawtcp';

function arg(name: string): string | undefined {
  const i = process.argv.lastIndexOf(`--${name}`); // the last one wins (the netns child appends overrides)
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const durationS = Number(arg('duration') ?? process.env.BENCH_DURATION ?? 60);
const typeArg = arg('type') ?? process.env.BENCH_TYPE ?? 'all';
const checksArg = arg('checks') ?? process.env.BENCH_CHECKS;
const delayLoopMs = Number(arg('delay-loop') ?? 1_000);
/**
 * `--server nginx|node`: what answers HTTP_GET. Default: Debian's nginx when installed (a real
 * server, and it leaves more of the 2-core machine to the process under test), else node:http.
 */
const serverImpl = arg('server') ?? (existsSync('/usr/sbin/nginx') ? 'nginx' : 'node');
const concurrency = Number(arg('concurrency') ?? 1_000);
/** `--slice-ms`: the monitor's longest run of due probe starts before it yields (default: the monitor's). */
const sliceMs = arg('slice-ms') !== undefined ? Number(arg('slice-ms')) : undefined;
const stagger = (arg('stagger') ?? 'even') as 'even' | 'random';
/** Transport of the checkers: `auto` (default: the native probe engine when @ha/socket loads), `native`, `node`. */
const engine = (arg('engine') ?? 'auto') as 'auto' | 'native' | 'node';
/** `--warmup S`: unmeasured seconds before the measurement (default 3 × delay_loop + 2 s). */
const warmupS = Number(arg('warmup') ?? (3 * delayLoopMs) / 1_000 + 2);
/**
 * `--timeline`: also print, per second,
 * `started:p99/max|rqW|gcG|elE|pfF[+MM]|flI[+qQ]|cpuA/B[|loL|synS]`: probes started and their p99
 * and max lateness (ms); ms the main thread waited runnable for a CPU (/proc schedstat); ms of GC;
 * the longest event-loop block (ms); page faults (major ones as +NM); the peak of probes in flight
 * (and queued at the concurrency limit), sampled every 20 ms; each CPU's busy %; and, when
 * nonzero, listen-queue overflows and SYN retransmissions (a server that cannot keep up).
 */
const timeline = process.argv.includes('--timeline');

/** TcpExt counters that tell a server-side backlog overflow (SYN dropped, retransmitted a second later). */
function tcpDrops(): { listenOverflows: number; synRetrans: number } {
  try {
    const lines = readFileSync('/proc/net/netstat', 'latin1').split('\n');
    const i = lines.findIndex((l) => l.startsWith('TcpExt:'));
    const names = (lines[i] ?? '').split(' ');
    const values = (lines[i + 1] ?? '').split(' ');
    const get = (n: string) => Number(values[names.indexOf(n)] ?? 0);
    return { listenOverflows: get('ListenOverflows'), synRetrans: get('TCPSynRetrans') };
  } catch {
    return { listenOverflows: 0, synRetrans: 0 };
  }
}

/** Busy ticks (USER_HZ, i.e. centiseconds) of each CPU so far, from /proc/stat: per-second deltas are % busy. */
function cpuBusy(): number[] {
  try {
    const out: number[] = [];
    for (const line of readFileSync('/proc/stat', 'latin1').split('\n')) {
      if (!/^cpu\d/.test(line)) continue;
      const f = line.split(/\s+/).slice(1).map(Number);
      out.push((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0));
    }
    return out;
  } catch {
    return [];
  }
}

/** Minor and major page faults of this process so far (/proc/self/stat). */
function pageFaults(): { minor: number; major: number } {
  try {
    const f = procStatFields('self');
    return { minor: Number(f[7]), major: Number(f[9]) };
  } catch {
    return { minor: 0, major: 0 };
  }
}

/**
 * `--old-gen-sites`: samples allocations during the measurement, keeping objects that only a full
 * collection freed, and prints the 12 call sites that allocated most of them (stderr): what the
 * scavenger promoted instead of freeing young, the usual cause of full-collection pauses. Each site
 * reads `allocating function ← its caller ← …`.
 */
const oldGenSites = process.argv.includes('--old-gen-sites');

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

async function startOldGenSampling(): Promise<(() => Promise<void>) | undefined> {
  if (!oldGenSites) return undefined;
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  } as never);
  return async () => {
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
      profile: { head: SamplingNode };
    };
    session.disconnect();
    const rows: [number, string][] = [];
    const walk = (node: SamplingNode, path: string[]): void => {
      const f = node.callFrame;
      const here = [
        ...path,
        `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`,
      ];
      if (node.selfSize > 0) rows.push([node.selfSize, here.slice(-5).reverse().join(' ← ')]);
      for (const c of node.children) walk(c, here);
    };
    walk(profile.head, []);
    rows.sort((a, b) => b[0] - a[0]);
    for (const [size, where] of rows.slice(0, 12))
      console.error(`old-gen ${(size / 1024).toFixed(0).padStart(7)} KB  ${where}`);
  };
}

/** Time the main thread spent runnable but waiting for a CPU, ms (0 where schedstat is absent). */
function runQueueWaitMs(): number {
  try {
    const f = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'latin1').split(' ');
    return Number(f[1]) / 1e6;
  } catch {
    return 0;
  }
}

/**
 * `--net loopback|netns`: where the servers of HTTP_GET / TCP_CHECK are.
 * - `loopback` (default): 127.0.0.1 beside this process, in the machine's namespace, unpinned. On
 *   loopback the kernel runs the servers' half of every handshake, request and close inside this
 *   process's own system calls (a minimal C client spends about 65 µs of kernel time per HTTP
 *   exchange on loopback on the build machine, 33 µs across the veth below), so the process is
 *   also charged for the servers' kernel work.
 * - `netns` (root, Linux): a director set-up that shows the process's own cost. The scenario runs
 *   in a new network namespace pinned to CPU 0 with V8's helper threads off (`--single-threaded`:
 *   one core, one thread); the servers run in a second namespace pinned to the last CPU, across a
 *   veth pair (198.51.100.1 ↔ 198.51.100.2) whose server end steers its receive processing (RPS)
 *   to the servers' CPU, as with real servers on other machines. On a 2-core machine the servers'
 *   core then saturates first (nginx plus every packet's receive work). The namespaces are removed
 *   afterwards, even on failure. MISC_CHECK and the no-op scenario need no servers and run in this
 *   process.
 */
const net = arg('net') ?? 'loopback';
const hasTaskset = ['/usr/bin/taskset', '/bin/taskset'].some((p) => existsSync(p));
const canNetns =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some((p) => existsSync(p)) &&
  hasTaskset;
/**
 * Server ports (default 4 on loopback; 64 across the veth, where a closed connection's TIME_WAIT
 * blocks its 4-tuple for 60 s: 28k ephemeral ports per server port would allow ~470 new
 * connections a second each).
 */
const serverCount = Number(arg('servers') ?? (net === 'loopback' ? 4 : 64));
/** Set in the re-executed child of `--net netns`: the servers' namespace. */
const NETNS_ENV = 'HA_BENCH_SERVER_NETNS';
const serverNetns = process.env[NETNS_ENV];
const DIRECTOR_ADDRESS = '198.51.100.1';
const SERVER_ADDRESS = '198.51.100.2';
/** Address of the servers, as the checks see it. */
const serverHost = serverNetns !== undefined ? SERVER_ADDRESS : '127.0.0.1';
const lastCpu = cpus().length - 1;
/**
 * `--server-cpu N|free`: the CPU the servers are pinned to (default: the last one, when there are
 * several and `taskset` exists). Left free, the scheduler's wake-affine placement keeps pulling the
 * server onto the CPU of the process that woke it (this one), so both share one core in bursts
 * while the other idles: lateness that is the co-location's, not the monitor's.
 */
const serverCpuArg = arg('server-cpu') ?? (lastCpu > 0 && hasTaskset ? String(lastCpu) : 'free');
const serverCpu = serverCpuArg === 'free' ? '' : serverCpuArg;
/**
 * `--cpu N|free`: the CPU this process and all its threads (V8's GC helpers, libuv's pool) are
 * pinned to: the target is "on one core", taken literally. Default: CPU 0 when the servers are
 * pinned to another CPU, except for MISC_CHECK, whose scripts would inherit the pinning and share
 * the monitor's core (its servers are the scripts); `free` leaves the scheduler to place (and
 * migrate) the threads. In `--net netns` the scenario always runs on CPU 0.
 */
const selfCpuArg = arg('cpu');
const pinByDefault = hasTaskset && net === 'loopback' && serverCpu !== '' && serverCpu !== '0';

/** The CPU `kind` runs on ('' = free), applied to this process and all its threads. */
function pinSelf(kind: Kind): string {
  if (net !== 'loopback' || !hasTaskset) return '';
  const cpu = selfCpuArg !== undefined ? selfCpuArg : pinByDefault && kind !== 'misc' ? '0' : 'free';
  const mask = cpu === 'free' ? `0-${lastCpu}` : cpu;
  execFileSync('taskset', ['-a', '-p', '-c', mask, String(process.pid)], { stdio: 'ignore' });
  return cpu === 'free' ? '' : cpu;
}

/**
 * `--net netns`: makes the two namespaces and the veth pair, runs one scenario of this benchmark
 * inside the director namespace on CPU 0 (it prints its own result line), and removes everything
 * afterwards.
 *
 * @param kind - the scenario
 * @param checks - its number of checks
 * @returns the child's exit code
 */
async function runInNetns(kind: Kind, checks: number): Promise<number> {
  const tag = `hab${process.pid}`;
  const director = `${tag}d`;
  const servers = `${tag}s`;
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'inherit' });
  // The child gets ^C too; this process stays to clean up.
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    ip('netns', 'add', director);
    ip('netns', 'add', servers);
    ip(
      'link',
      'add',
      `${tag}a`,
      'netns',
      director,
      'type',
      'veth',
      'peer',
      'name',
      `${tag}b`,
      'netns',
      servers,
    );
    for (const [ns, dev, addr] of [
      [director, `${tag}a`, DIRECTOR_ADDRESS],
      [servers, `${tag}b`, SERVER_ADDRESS],
    ] as const) {
      ip('-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    // The servers pin themselves (--server-cpu); their packets' receive work goes to the same CPU.
    const mask = (1 << (serverCpu === '' ? lastCpu : Number(serverCpu))).toString(16);
    execFileSync('ip', [
      'netns',
      'exec',
      servers,
      'sh',
      '-c',
      `echo ${mask} > /sys/class/net/${tag}b/queues/rx-0/rps_cpus`,
    ]);
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        director,
        'taskset',
        '-c',
        '0',
        process.execPath,
        '--single-threaded',
        ...process.execArgv,
        ...process.argv.slice(1),
        '--type',
        kind,
        '--checks',
        String(checks),
        '--servers',
        String(serverCount),
      ],
      { stdio: 'inherit', env: { ...process.env, [NETNS_ENV]: servers } },
    );
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    for (const ns of [director, servers]) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // not created
      }
    }
  }
}

interface Servers {
  ports: number[];
  stop(): Promise<number>;
}

async function startServers(kind: 'http' | 'tcp'): Promise<Servers> {
  const script = fileURLToPath(new URL('./lib/servers.ts', import.meta.url));
  const args = [kind, String(serverCount), serverImpl, serverHost, serverCpu];
  const child =
    serverNetns === undefined
      ? fork(script, args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      : spawn('ip', ['netns', 'exec', serverNetns, process.execPath, '--import', 'tsx', script, ...args], {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        });
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
        const s = connect(port, serverHost);
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
        target: { host: serverHost, port },
        ...common,
        probe: createHttpGetCheck({
          host: serverHost,
          port,
          urls: [{ path: `/health/${i}` }],
          connectTimeoutMs: 2_000,
          engine,
        }),
      });
    } else if (kind === 'tcp') {
      specs.push({
        type: 'TCP_CHECK',
        target: { host: serverHost, port },
        ...common,
        probe: createTcpCheck({ host: serverHost, port, connectTimeoutMs: 2_000, engine }),
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
  const probeLatency = new Float64Array(max);
  let n = 0;
  let completed = 0;
  let ok = 0;
  let fail = 0;
  const reasons = new Map<string, number>();
  let measuring = false;

  // Load the native probe engine before the first probe instead of in the middle of the first burst.
  const engineStatus = await preloadProbeEngine();
  const t0 = performance.now();
  const monitor = new HealthMonitor({
    virtualServers,
    concurrency,
    stagger,
    seed: 1,
    ...(sliceMs !== undefined ? { sliceMs } : {}),
  });
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
    if (n < max) {
      probeLatency[n] = e.result.latencyMs;
      lateness[n++] = e.startedAt - e.plannedAt;
    }
  });
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  const stopSampling = await startOldGenSampling();
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
  let wait0 = runQueueWaitMs();
  let gc0 = gcTotal;
  let drops = tcpDrops();
  let faults = pageFaults();
  // In-flight and queued probes, sampled every 20 ms: their per-second peaks tell a slow server
  // (in flight up, then queued at the concurrency limit) from a busy process.
  let peakInFlight = 0;
  let peakQueued = 0;
  let busy = cpuBusy();
  const sampler = setInterval(() => {
    peakInFlight = Math.max(peakInFlight, monitor.inFlight);
    peakQueued = Math.max(peakQueued, monitor.queued);
  }, 20);
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  for (let s = 0; s < durationS; s++) {
    const from = n;
    await new Promise((r) => setTimeout(r, 1_000));
    if (timeline) {
      const sec = lateness.slice(from, n).sort();
      const wait = runQueueWaitMs();
      const d = tcpDrops();
      const lo = d.listenOverflows - drops.listenOverflows;
      const sr = d.synRetrans - drops.synRetrans;
      const pf = pageFaults();
      const blocked = Math.round(loopDelay.max / 1e6);
      loopDelay.reset();
      perSecond.push(
        `${n - from}:${Math.round(quantile(sec, 0.99))}/${Math.round(sec[sec.length - 1] ?? 0)}` +
          `|rq${Math.round(wait - wait0)}|gc${Math.round(gcTotal - gc0)}|el${blocked}` +
          `|pf${pf.minor - faults.minor}${pf.major > faults.major ? `+${pf.major - faults.major}M` : ''}` +
          (lo > 0 || sr > 0 ? `|lo${lo}|syn${sr}` : ''),
      );
      const b = cpuBusy();
      const cpuPct = b.map((v, i) => Math.round(((v - (busy[i] ?? 0)) / 1) * 1) / 1);
      busy = b;
      perSecond[perSecond.length - 1] +=
        `|fl${peakInFlight}${peakQueued > 0 ? `+q${peakQueued}` : ''}|cpu${cpuPct.join('/')}`;
      peakInFlight = 0;
      peakQueued = 0;
      faults = pf;
      drops = d;
      wait0 = wait;
      gc0 = gcTotal;
    }
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeap = Math.max(maxHeap, m.heapUsed);
  }
  measuring = false;
  clearInterval(sampler);
  await stopSampling?.();
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
  const latencySorted = probeLatency.slice(0, n).sort();
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
    net: serverNetns !== undefined ? 'netns (veth; this process on CPU 0, --single-threaded)' : 'loopback',
    cpu: serverNetns !== undefined ? '0' : selfCpu === '' ? 'free' : selfCpu,
    serverCpu: serverCpu === '' ? 'free' : serverCpu,
    serverCpuPctOfOneCore: Math.round((serverCpuUs / 1_000 / (performance.now() - t0)) * 1_000) / 10,
    startupMaxMs: Math.round(startupMax),
    gc: { maxPauseMs: Math.round(gcMax * 10) / 10, totalMs: Math.round(gcTotal), major: gcMajor },
    latenessMs: {
      p50: Math.round(quantile(sorted, 0.5) * 100) / 100,
      p99: Math.round(quantile(sorted, 0.99) * 100) / 100,
      max: Math.round((sorted[sorted.length - 1] ?? Number.NaN) * 100) / 100,
    },
    probeLatencyMs: {
      p50: Math.round(quantile(latencySorted, 0.5) * 100) / 100,
      p99: Math.round(quantile(latencySorted, 0.99) * 100) / 100,
    },
    memoryMB: {
      maxRss: Math.round(maxRss / 1e5) / 10,
      maxHeapUsed: Math.round(maxHeap / 1e5) / 10,
    },
    topFailures: top,
    ...(timeline ? { timeline: perSecond.join(' ') } : {}),
  };
}

/** The CPU the running scenario is pinned to ('' = free), for its result line. */
let selfCpu = '';

if (net !== 'loopback' && net !== 'netns') throw new Error(`--net must be loopback or netns, got ${net}`);
if (net === 'netns' && !canNetns) throw new Error('--net netns needs root, ip and taskset (Linux)');

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

if (serverNetns === undefined) {
  console.log(
    `# HealthMonitor bench: node ${process.version}, ${durationS} s per scenario, delay_loop ${delayLoopMs} ms, ` +
      `stagger ${stagger}, concurrency ${concurrency}, ${serverCount} server ports (child process), ` +
      `net ${net}, ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
}
for (const [kind, checks] of plan) {
  if (net === 'netns' && serverNetns === undefined && kind !== 'misc' && kind !== 'noop') {
    const code = await runInNetns(kind, checks);
    if (code !== 0) process.exit(code);
    continue;
  }
  selfCpu = pinSelf(kind);
  const r = await run(kind, checks);
  console.log(JSON.stringify(r));
}
process.exit(0);
