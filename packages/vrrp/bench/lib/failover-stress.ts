/**
 * "No false failover under load": a MASTER at priority 254 with advert_int 0.01 s (VRRPv3) whose
 * Node process runs a load generator (`failover-stress-node.ts`: 2 ms busy slices allocating
 * garbage), a BACKUP at priority 100 (`router-node.ts`, no load), and tcpdump on the observer
 * (kernel timestamps) for the gaps between the MASTER's adverts on the wire. Used by
 * `failover.ts`.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import {
  type Lab,
  type LabHost,
  LabProcess,
  type RouterLine,
} from '../../../../examples/failover-demo/src/lab.js';
import type { StressNodeArgs } from './failover-stress-node.js';

const STRESS_NODE = fileURLToPath(new URL('./failover-stress-node.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../../examples/failover-demo/tsconfig.json', import.meta.url));

/** Processes started here (not by the lab), for {@link killOwnProcesses}. */
const OWN = new Set<LabProcess>();

function track(p: LabProcess): LabProcess {
  OWN.add(p);
  void p.exited.then(() => OWN.delete(p));
  return p;
}

/** SIGKILLs every process this module started that is still running (for a SIGINT handler). */
export function killOwnProcesses(): void {
  for (const p of OWN) if (!p.done) p.child.kill('SIGKILL');
}

/** Settings of {@link stressRun}. */
export interface StressOptions {
  /** Seconds of load (and of the measured window). */
  seconds: number;
  /** Seconds of an unloaded window measured before the load (baseline). */
  idleSeconds: number;
  /** Advert interval, centiseconds. */
  intervalCs: number;
  /** Busy slice, ms. */
  sliceMs: number;
  /** Slots of the load generator's retained ring (old-generation size: ~0.4 kB a slot). */
  retainedSlots: number;
  /** Garbage allocated per slice, kB. */
  garbageKbPerSlice: number;
  /** VRID. */
  vrid: number;
  /** VIP with prefix. */
  vip: string;
}

/** Gaps between consecutive adverts of one source on the wire, ms. */
export interface GapStats {
  /** Adverts in the window. */
  adverts: number;
  /** Median gap. */
  p50: number;
  /** 99th percentile gap. */
  p99: number;
  /** 99.9th percentile gap. */
  p999: number;
  /** Largest gap. */
  max: number;
  /** When the largest gap ended, epoch ms. */
  maxAt: number;
}

/** What {@link stressRun} measured. */
export interface StressResult {
  /** Gaps of the MASTER's adverts before the load. */
  idle: GapStats;
  /** Gaps of the MASTER's adverts under load. */
  loaded: GapStats;
  /** BACKUP state transitions during the loaded window (must be 0). */
  backupTransitions: number;
  /** MASTER state transitions during the loaded window (must be 0). */
  masterTransitions: number;
  /** Adverts the BACKUP sent on the wire during the loaded window (must be 0). */
  backupAdverts: number;
  /** Master_Down_Interval of the BACKUP, ms (the gap that would cause a false failover). */
  masterDownMs: number;
  /** The load generator's own report (`loadEnd` line of the MASTER process). */
  load: Record<string, unknown>;
}

/** An advert as tcpdump printed it. */
export interface WireAdvert {
  /** Kernel receive time on the observer, epoch ms (µs resolution). */
  t: number;
  /** Source address. */
  source: string;
  /** Priority. */
  priority: number;
}

/**
 * Parses `1700000000.123456 IP 192.0.2.11 > 224.0.0.18: VRRPv3, Advertisement, vrid 7, prio 254, …`.
 *
 * @param line - one line of `tcpdump -n -tt`
 * @returns the advert, or undefined for other lines
 */
export function parseTcpdump(line: string): WireAdvert | undefined {
  const m = /^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+) > [^:]+: VRRPv\d, Advertisement, vrid \d+, prio (\d+)/.exec(
    line,
  );
  if (!m) return undefined;
  return { t: Number(m[1]) * 1000, source: m[2] ?? '', priority: Number(m[3]) };
}

function gapStats(times: number[]): GapStats {
  const gaps: number[] = [];
  let max = Number.NEGATIVE_INFINITY;
  let maxAt = Number.NaN;
  for (let i = 1; i < times.length; i++) {
    const g = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if (g > max) {
      max = g;
      maxAt = times[i] ?? Number.NaN;
    }
    gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  const q = (p: number): number => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? Number.NaN;
  return {
    adverts: times.length,
    p50: q(0.5),
    p99: q(0.99),
    p999: q(0.999),
    max: gaps[gaps.length - 1] ?? Number.NaN,
    maxAt,
  };
}

function jsonLines(p: LabProcess): RouterLine[] {
  const out: RouterLine[] = [];
  for (const l of p.lines) {
    if (!l.line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(l.line) as RouterLine);
    } catch {
      // not ours
    }
  }
  return out;
}

async function waitJson(p: LabProcess, pattern: RegExp, timeoutMs: number): Promise<RouterLine> {
  const l = await p.waitForLine(pattern, timeoutMs);
  return JSON.parse(l.line) as RouterLine;
}

/**
 * Starts tcpdump on a host for IPv4 VRRP (kernel timestamps, `-tt`, line-buffered). The caller
 * stops it (`stop('SIGKILL')`).
 *
 * @param host - the observer
 * @returns the process, once tcpdump listens
 */
export async function startTcpdump(host: LabHost): Promise<LabProcess> {
  const dump = track(
    new LabProcess(host.ns, ['tcpdump', '-i', host.ifname, '-n', '-tt', '-l', '-B', '4096', 'ip proto 112']),
  );
  try {
    await dump.waitForLine('listening on', 10_000);
  } catch (err) {
    await dump.stop('SIGKILL', 2000);
    throw err;
  }
  return dump;
}

/**
 * Adverts tcpdump printed so far.
 *
 * @param dump - from {@link startTcpdump}
 * @returns the adverts, in order
 */
export function wireAdverts(dump: LabProcess): WireAdvert[] {
  return dump.lines.map((l) => parseTcpdump(l.line)).filter((a): a is WireAdvert => a !== undefined);
}

/**
 * Runs the stress scenario in `lab` (h1 MASTER under load, h2 BACKUP, tcpdump on h3).
 *
 * @param lab - the lab (3 hosts)
 * @param o - settings
 * @returns what was measured
 */
export async function stressRun(lab: Lab, o: StressOptions): Promise<StressResult> {
  const [h1, h2, h3] = lab.hosts as [LabHost, LabHost, LabHost];
  const instance = { vrid: o.vrid, version: 3 as const, advertIntervalCs: o.intervalCs, addresses: [o.vip] };
  const own: LabProcess[] = [];
  try {
    const dump = await startTcpdump(h3);
    own.push(dump);
    const args: StressNodeArgs = {
      router: { interface: h1.ifname, stateDir: lab.dir, instance: { ...instance, priority: 254 } },
      load: {
        seconds: o.seconds,
        sliceMs: o.sliceMs,
        retainedSlots: o.retainedSlots,
        garbageKbPerSlice: o.garbageKbPerSlice,
      },
    };
    const master = track(
      new LabProcess(h1.ns, [process.execPath, '--import', 'tsx', STRESS_NODE, JSON.stringify(args)], {
        TSX_TSCONFIG_PATH: TSCONFIG,
      }),
    );
    own.push(master);
    await waitJson(master, /"ev":"stateChange".*"to":"Master"/, 30_000);
    const backup = lab.router(h2, { instance: { ...instance, priority: 100 } });
    await backup.waitForState('Backup', 30_000);
    // Baseline: an unloaded window.
    const idleFrom = Date.now();
    await new Promise((r) => setTimeout(r, o.idleSeconds * 1000));
    const idleTo = Date.now();
    master.child.kill('SIGUSR2');
    const start = await waitJson(master, /"ev":"loadStart"/, 10_000);
    const end = await waitJson(master, /"ev":"loadEnd"/, o.seconds * 1000 + 30_000);
    await new Promise((r) => setTimeout(r, 200)); // let tcpdump print the last lines
    const wire = wireAdverts(dump);
    const inWindow = (a: { t: number }, from: number, to: number): boolean => a.t >= from && a.t <= to;
    const fromMaster = (from: number, to: number): number[] =>
      wire.filter((a) => a.source === h1.ipv4 && a.priority > 0 && inWindow(a, from, to)).map((a) => a.t);
    const changes = (p: LabProcess): number =>
      jsonLines(p).filter((e) => e.ev === 'stateChange' && inWindow(e, start.t, end.t)).length;
    const skew = ((256 - 100) * o.intervalCs * 10) / 256;
    const result: StressResult = {
      idle: gapStats(fromMaster(idleFrom, idleTo)),
      loaded: gapStats(fromMaster(start.t, end.t)),
      backupTransitions: changes(backup),
      masterTransitions: changes(master),
      backupAdverts: wire.filter((a) => a.source === h2.ipv4 && inWindow(a, start.t, end.t)).length,
      masterDownMs: 3 * o.intervalCs * 10 + skew,
      load: end,
    };
    await backup.stop('SIGTERM');
    await master.stop('SIGTERM');
    return result;
  } finally {
    for (const p of own) await p.stop('SIGKILL', 2000);
    await lab.resetAddresses();
  }
}
