/**
 * One `@ha/vrrp` Router as a process, plus a load generator in the same event loop — the MASTER
 * side of the "no false failover under load" bench in `failover.ts`.
 *
 * `node --import tsx failover-stress-node.ts '<{"router": RouterOptions, "load": LoadOptions}>'`
 *
 * Prints one JSON line per event on stdout (`{"ev":"stateChange","t":<epoch ms>,…}`, as the
 * demo's `router-node.ts`). SIGUSR2 starts the load for `load.seconds`: a `setImmediate` loop of
 * `load.sliceMs` busy slices that allocate garbage (short-lived objects, and a retained ring whose
 * slots are replaced at random so objects get promoted and the old generation needs major GCs).
 * At the end it prints `{"ev":"loadEnd",…}` with slices, GC counts and pauses, event-loop delay
 * and the gaps between the adverts this process sent. SIGTERM / SIGINT stop it gracefully.
 *
 * @module
 */
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { installSignalHandlers, Router, type RouterOptions } from '@ha/vrrp/router';

/** Load generator settings. */
export interface LoadOptions {
  /** How long the load runs once started (s). */
  seconds: number;
  /** Busy slice per `setImmediate` turn (ms). */
  sliceMs: number;
  /** Slots of the retained ring (objects kept alive until replaced). */
  retainedSlots: number;
  /** Garbage allocated per slice, kB (roughly; the rest of the slice spins). */
  garbageKbPerSlice: number;
}

/** The JSON argument of this script. */
export interface StressNodeArgs {
  /** Router options (JSON-serialisable). */
  router: RouterOptions;
  /** Load generator settings. */
  load: LoadOptions;
}

const arg = process.argv[2];
if (arg === undefined) {
  console.error('usage: failover-stress-node.ts <{"router":…,"load":…} as JSON>');
  process.exit(2);
}
const args = JSON.parse(arg) as StressNodeArgs;

const epoch = (at: number): number => performance.timeOrigin + at;
function out(ev: string, fields: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ev, ...fields })}\n`);
}

const router = await Router.start(args.router);
router.on('stateChange', (c) =>
  out('stateChange', { t: epoch(c.at), from: c.from, to: c.to, cause: c.cause, reason: c.reason }),
);
router.on('error', (e) => out('error', { t: Date.now(), message: e.message }));

let loading = false;
let lastSent: number | undefined;
const sendGaps: number[] = [];
let sent = 0;
router.on('advertSent', (a) => {
  sent++;
  if (loading && lastSent !== undefined) sendGaps.push(a.at - lastSent);
  lastSent = a.at;
});

interface GcStats {
  minor: number;
  major: number;
  other: number;
  maxPauseMs: number;
  totalPauseMs: number;
}
const gc: GcStats = { minor: 0, major: 0, other: 0, maxPauseMs: 0, totalPauseMs: 0 };
const gcObserver = new PerformanceObserver((list) => {
  if (!loading) return;
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    // NODE_PERFORMANCE_GC_MAJOR = 4, MINOR = 1 (scavenge), INCREMENTAL = 8, WEAKCB = 16
    if (kind === 4) gc.major++;
    else if (kind === 1) gc.minor++;
    else gc.other++;
    gc.maxPauseMs = Math.max(gc.maxPauseMs, e.duration);
    gc.totalPauseMs += e.duration;
  }
});
gcObserver.observe({ entryTypes: ['gc'] });

/** Runs the load for `o.seconds`, then reports. */
function startLoad(o: LoadOptions): void {
  if (loading) return;
  loading = true;
  lastSent = undefined;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const retained: unknown[] = new Array<unknown>(o.retainedSlots).fill(null);
  const t0 = performance.now();
  const end = t0 + o.seconds * 1000;
  let slices = 0;
  let sink = 0;
  // The longest wall-clock gap between the starts of two slices (a 2 ms slice included), with
  // the CPU time this process (all its threads) used in it: CPU ≈ wall means work in this
  // process (GC, the router), CPU ≪ wall means it was not running (preempted).
  let prevWall = t0;
  let prevCpu = process.cpuUsage();
  const stall = { wallMs: 0, cpuMs: 0, atMs: 0 };
  const ctx0 = process.resourceUsage();
  out('loadStart', { t: epoch(t0), seconds: o.seconds, sliceMs: o.sliceMs });
  const slice = (): void => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    if (start - prevWall > stall.wallMs) {
      stall.wallMs = start - prevWall;
      stall.cpuMs = (cpu.user - prevCpu.user + cpu.system - prevCpu.system) / 1000;
      stall.atMs = start - t0;
    }
    prevWall = start;
    prevCpu = cpu;
    if (start >= end) {
      const ctx = process.resourceUsage();
      loading = false;
      loop.disable();
      const s = [...sendGaps].sort((a, b) => a - b);
      out('loadEnd', {
        t: epoch(start),
        slices,
        busyMs: slices * o.sliceMs,
        elapsedMs: start - t0,
        gc,
        loopDelayMs: {
          p50: loop.percentile(50) / 1e6,
          p99: loop.percentile(99) / 1e6,
          max: loop.max / 1e6,
        },
        sendGapMs: {
          n: s.length,
          p50: s[Math.floor(s.length * 0.5)] ?? 0,
          p99: s[Math.floor(s.length * 0.99)] ?? 0,
          max: s[s.length - 1] ?? 0,
        },
        stall,
        contextSwitches: {
          involuntary: ctx.involuntaryContextSwitches - ctx0.involuntaryContextSwitches,
          voluntary: ctx.voluntaryContextSwitches - ctx0.voluntaryContextSwitches,
        },
        sink,
      });
      return;
    }
    slices++;
    // Busy for sliceMs: first allocate ~garbageKbPerSlice of garbage — short-lived objects
    // (scavenges) and, one in 16, a replacement for a random slot of the retained ring
    // (promotions, then mark-compacts of the old generation) — then spin.
    let bytes = 0;
    let n = 0;
    const budget = o.garbageKbPerSlice * 1024;
    while (performance.now() - start < o.sliceMs) {
      if (bytes >= budget) continue;
      for (let i = 0; i < 16; i++) {
        const tmp = { a: i, b: [i, i + 1, i + 2], c: `s${n++}` };
        sink += tmp.b.length;
      }
      retained[Math.floor(Math.random() * o.retainedSlots)] = {
        buf: new Array<number>(32).fill(slices),
        next: { text: `r${slices}` },
      };
      // ~16 × 120 B + ~400 B (rough V8 sizes)
      bytes += 2300;
    }
    setImmediate(slice);
  };
  setImmediate(slice);
}

process.on('SIGUSR2', () => startLoad(args.load));
router.on('close', () => out('closed', { t: Date.now(), sent }));
installSignalHandlers(router);
out('ready', { t: Date.now(), pid: process.pid, name: router.name, state: router.state });
