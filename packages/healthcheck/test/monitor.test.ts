import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { VirtualServerSpec } from '../src/core/index.js';
import { FakeClock, HealthMonitor, type MonitorCheck } from '../src/monitor/index.js';
import type { CheckResult, Probe } from '../src/types.js';

/** A probe that takes `latency()` virtual ms and returns `result()`; records its calls. */
function fakeProbe(
  clock: FakeClock,
  opts: { latency?: () => number; result?: () => CheckResult } = {},
): Probe & { starts: number[]; active: number; maxActive: number; aborts: number } {
  const p = ((signal: AbortSignal) => {
    p.starts.push(clock.now());
    p.active++;
    p.maxActive = Math.max(p.maxActive, p.active);
    const started = clock.now();
    return new Promise<CheckResult>((resolve) => {
      const done = (r: CheckResult) => {
        p.active--;
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const h = clock.setTimeout(
        () => done(opts.result?.() ?? { ok: true, reason: 'connected', latencyMs: clock.now() - started }),
        opts.latency?.() ?? 5,
      );
      const onAbort = () => {
        clock.clearTimeout(h);
        p.aborts++;
        done({ ok: false, reason: 'aborted', latencyMs: clock.now() - started, code: 'timeout' });
      };
      signal.addEventListener('abort', onAbort);
    });
  }) as Probe & { starts: number[]; active: number; maxActive: number; aborts: number };
  p.starts = [];
  p.active = 0;
  p.maxActive = 0;
  p.aborts = 0;
  return p;
}

const check = (host: string, probe: Probe, extra: Partial<MonitorCheck> = {}): MonitorCheck => ({
  type: 'TCP_CHECK',
  target: { host, port: 80 },
  delayLoopMs: 1_000,
  retry: 1,
  delayBeforeRetryMs: 300,
  connectTimeoutMs: 500,
  probe,
  ...extra,
});

function oneVs(
  checks: MonitorCheck[],
  extra: Partial<VirtualServerSpec<MonitorCheck>> = {},
): VirtualServerSpec<MonitorCheck>[] {
  return [
    {
      id: '192.0.2.100:80',
      realServers: checks.map((c, i) => ({ id: `rs${i}`, checks: [c] })),
      ...extra,
    },
  ];
}

describe('HealthMonitor with a fake clock', () => {
  it('staggers first probes over delay_loop (seeded warmup) and runs one timer', async () => {
    const clock = new FakeClock();
    const probes = Array.from({ length: 50 }, () => fakeProbe(clock));
    const m = new HealthMonitor({
      clock,
      seed: 7,
      virtualServers: oneVs(probes.map((p, i) => check(`192.0.2.${i + 1}`, p))),
    });
    await Promise.resolve(); // the monitor starts in a microtask
    // one armed scheduler timer, whatever the number of checks
    expect(clock.pending).toBe(1);
    await clock.advance(999);
    const firsts = probes.map((p) => p.starts[0] as number);
    expect(firsts.every((t) => t >= 0 && t < 1_000)).toBe(true);
    expect(new Set(firsts).size).toBeGreaterThan(40);
    // same seed, same schedule
    const clock2 = new FakeClock();
    const probes2 = Array.from({ length: 50 }, () => fakeProbe(clock2));
    const m2 = new HealthMonitor({
      clock: clock2,
      seed: 7,
      virtualServers: oneVs(probes2.map((p, i) => check(`192.0.2.${i + 1}`, p))),
    });
    await clock2.advance(999);
    expect(probes2.map((p) => p.starts[0])).toEqual(firsts);
    await m.close();
    await m2.close();
  });

  it('no drift over 1,000 cycles', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock, { latency: () => 37 });
    const m = new HealthMonitor({ clock, virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0 })]) });
    await clock.advance(1_000_000 - 1);
    expect(p.starts).toHaveLength(1_000);
    expect(p.starts.every((t, i) => t === i * 1_000)).toBe(true);
    const late = m.metrics().lateness;
    expect(late.count).toBe(1_000);
    expect(late.sum).toBe(0);
    await m.close();
  });

  it('respects the concurrency limit and queues the rest', async () => {
    const clock = new FakeClock();
    const probes = Array.from({ length: 20 }, () => fakeProbe(clock, { latency: () => 100 }));
    let active = 0;
    let maxActive = 0;
    const wrapped = probes.map(
      (p): Probe =>
        async (signal) => {
          active++;
          maxActive = Math.max(maxActive, active);
          const r = await p(signal);
          active--;
          return r;
        },
    );
    const m = new HealthMonitor({
      clock,
      concurrency: 3,
      virtualServers: oneVs(wrapped.map((p, i) => check(`192.0.2.${i + 1}`, p, { warmupMs: 0 }))),
    });
    await clock.advance(1);
    expect(m.metrics().inFlight).toBe(3);
    expect(m.metrics().queued).toBe(17);
    // the cheap getters agree with metrics()
    expect(m.inFlight).toBe(3);
    expect(m.queued).toBe(17);
    await clock.advance(100);
    expect([m.inFlight, m.queued]).toEqual([3, 14]);
    await clock.advance(898);
    expect([m.inFlight, m.queued]).toEqual([0, 0]);
    expect(maxActive).toBe(3);
    expect(probes.every((p) => p.starts.length === 1)).toBe(true);
    // queued probes ran late and that shows in the lateness histogram
    expect(m.metrics().lateness.sum).toBeGreaterThan(0);
    await m.close();
  });

  it('a slow probe never overlaps itself; skipped slots are counted', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock, { latency: () => 2_500 });
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0, connectTimeoutMs: 10_000 })]),
    });
    await clock.advance(10_000);
    expect(p.maxActive).toBe(1);
    expect(p.starts).toEqual([0, 3_000, 6_000, 9_000]);
    const c = m.metrics().checks[0];
    expect(c?.skipped).toBe(6);
    expect(c?.runs).toBe(3);
    await m.close();
  });

  it('aborts a probe at its connect timeout and counts it', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock, { latency: () => 10_000 });
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0, retry: 0 })]),
    });
    const downs: string[] = [];
    m.on('down', (e) => downs.push(e.reason));
    await clock.advance(600);
    expect(p.aborts).toBe(1);
    expect(m.metrics().checks[0]).toMatchObject({ runs: 1, fail: 1, timeouts: 1 });
    expect(downs).toEqual(['aborted']);
    await m.close();
  });

  it("reuses a probe's signal while its runs leave no abort listener; a leak or an abort gets a fresh one", async () => {
    const clock = new FakeClock();
    const signals: Record<'clean' | 'leaky' | 'slow', AbortSignal[]> = { clean: [], leaky: [], slow: [] };
    const probe =
      (kind: 'clean' | 'leaky' | 'slow'): Probe =>
      (signal) => {
        signals[kind].push(signal);
        const listener = () => {};
        signal.addEventListener('abort', listener);
        // `slow` outlasts its 500 ms connect timeout on its first run only.
        const ms = kind === 'slow' && signals.slow.length === 1 ? 10_000 : 5;
        return new Promise<CheckResult>((resolve) => {
          const onAbort = () => {
            clock.clearTimeout(h);
            signal.removeEventListener('abort', listener);
            resolve({ ok: false, reason: 'aborted', latencyMs: 500 });
          };
          const h = clock.setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            if (kind !== 'leaky') signal.removeEventListener('abort', listener);
            resolve({ ok: true, reason: 'ok', latencyMs: ms });
          }, ms);
          signal.addEventListener('abort', onAbort);
        });
      };
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs(
        (['clean', 'leaky', 'slow'] as const).map((k, i) =>
          check(`192.0.2.${i + 1}`, probe(k), { warmupMs: 0, retry: 0 }),
        ),
      ),
    });
    await clock.advance(3_999);
    for (const list of Object.values(signals)) expect(list).toHaveLength(4);
    // No listener left after a run: one controller for every run.
    expect(new Set(signals.clean).size).toBe(1);
    // A listener left behind each run: a fresh controller each run, so listeners never pile up.
    expect(new Set(signals.leaky).size).toBe(4);
    expect(signals.leaky.map((s) => getEventListeners(s, 'abort').length)).toEqual([1, 1, 1, 1]);
    // The first run was aborted at its deadline: its signal is never handed out again.
    expect(signals.slow[0]?.aborted).toBe(true);
    expect(signals.slow.slice(1).every((s) => s === signals.slow[1] && !s.aborted)).toBe(true);
    await m.close();
  });

  it('emits events in order with the reason, retry timing exact', async () => {
    const clock = new FakeClock();
    let healthy = true;
    const p = fakeProbe(clock, {
      latency: () => 10,
      result: () =>
        healthy
          ? { ok: true, reason: 'status 200 on /health', latencyMs: 10 }
          : { ok: false, reason: 'status 503 on /health', latencyMs: 10, code: 'status' },
    });
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0 })], {
        sorryServer: { id: '192.0.2.99:80' },
      }),
    });
    const log: string[] = [];
    m.on('down', (e) => log.push(`${clock.now()} down ${e.rs} ${e.reason}`));
    m.on('up', (e) => log.push(`${clock.now()} up ${e.rs} ${e.reason}`));
    m.on('quorumDown', (e) => log.push(`${clock.now()} quorumDown ${e.vs}`));
    m.on('quorumUp', (e) => log.push(`${clock.now()} quorumUp ${e.vs}`));
    m.on('sorryServer', (e) => log.push(`${clock.now()} sorry ${e.active}`));
    m.on('pool', (e) => log.push(`${clock.now()} pool ${e.type} ${e.rs}`));
    await clock.advance(1_500);
    healthy = false;
    await clock.advance(1_000); // probe at 2000 fails at 2010, retry at 2310 fails at 2320 → down
    expect(p.starts).toEqual([0, 1_000, 2_000, 2_310]);
    healthy = true;
    await clock.advance(1_000); // next cycle at 3310
    expect(log).toEqual([
      '0 pool addServer rs0',
      '2320 down rs0 status 503 on /health (after 1 retry)',
      '2320 pool removeServer rs0',
      '2320 quorumDown 192.0.2.100:80',
      '2320 sorry true',
      '2320 pool addServer 192.0.2.99:80',
      '3320 up rs0 status 200 on /health',
      '3320 quorumUp 192.0.2.100:80',
      '3320 sorry false',
      '3320 pool addServer rs0',
      '3320 pool removeServer 192.0.2.99:80',
    ]);
    await m.close();
  });

  it('initial pool events reach listeners attached after construction', async () => {
    const clock = new FakeClock();
    const m = new HealthMonitor({ clock, virtualServers: oneVs([check('192.0.2.1', fakeProbe(clock))]) });
    const seen: string[] = [];
    m.on('pool', (a) => seen.push(`${a.type} ${a.rs}`));
    await clock.advance(0);
    expect(seen).toEqual(['addServer rs0']);
    await m.close();
  });

  it('drives weight ramps with timer actions and emits weight events', async () => {
    const clock = new FakeClock();
    let healthy = true;
    const p = fakeProbe(clock, {
      latency: () => 0,
      result: () =>
        healthy ? { ok: true, reason: 'ok', latencyMs: 0 } : { ok: false, reason: 'refused', latencyMs: 0 },
    });
    const m = new HealthMonitor({
      clock,
      virtualServers: [
        {
          id: 'vs',
          weightRamp: { steps: 2, durationMs: 2_000 },
          realServers: [{ id: 'rs', weight: 30, checks: [check('192.0.2.1', p, { warmupMs: 0, retry: 0 })] }],
        },
      ],
    });
    const log: string[] = [];
    m.on('pool', (a) => log.push(`${clock.now()} ${a.type} ${'weight' in a ? a.weight : ''}`));
    m.on('weight', (a) => log.push(`${clock.now()} weight-event ${a.previous}->${a.weight}`));
    healthy = false;
    await clock.advance(500);
    healthy = true;
    await clock.advance(4_000);
    expect(log).toEqual([
      '0 addServer 30',
      '0 removeServer ',
      '1000 addServer 10',
      '2000 setWeight 20',
      '2000 weight-event 10->20',
      '3000 setWeight 30',
      '3000 weight-event 20->30',
    ]);
    await m.close();
  });

  it('shares identical checks across virtual servers', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock);
    const vs = (id: string): VirtualServerSpec<MonitorCheck> => ({
      id,
      realServers: [{ id: 'rs', checks: [check('192.0.2.1', p, { warmupMs: 0 })] }],
    });
    const m = new HealthMonitor({ clock, virtualServers: [vs('a'), vs('b'), vs('c')] });
    await clock.advance(2_500);
    expect(p.starts).toEqual([0, 1_000, 2_000]);
    expect(m.checks()).toHaveLength(1);
    await m.close();
  });

  it('close() aborts in-flight probes, waits for them, cancels timers; omega notifies', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock, { latency: () => 400 });
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0 })], { omega: true }),
    });
    const log: string[] = [];
    m.on('down', (e) => log.push(`down ${e.reason}`));
    m.on('quorumDown', () => log.push('quorumDown'));
    await clock.advance(100);
    expect(p.active).toBe(1);
    await m.close();
    expect(p.active).toBe(0);
    expect(p.aborts).toBe(1);
    expect(clock.pending).toBe(0);
    expect(log).toEqual(['down shutdown (omega)', 'quorumDown']);
    expect(m.closed).toBe(true);
    await m.close(); // idempotent
    await clock.advance(5_000);
    expect(p.starts).toEqual([0]);
  });

  it('stops on AbortSignal and supports await using', async () => {
    const clock = new FakeClock();
    const p = fakeProbe(clock);
    const ac = new AbortController();
    const m = new HealthMonitor({
      clock,
      signal: ac.signal,
      virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0 })]),
    });
    await clock.advance(1_500);
    ac.abort();
    await m.close();
    await clock.advance(5_000);
    expect(p.starts).toEqual([0, 1_000]);
    {
      await using m2 = new HealthMonitor({
        clock,
        virtualServers: oneVs([check('192.0.2.1', p, { warmupMs: 0 })]),
      });
      expect(m2.closed).toBe(false);
    }
    expect(clock.pending).toBe(0);
    const pre = new AbortController();
    pre.abort();
    const m3 = new HealthMonitor({
      clock,
      signal: pre.signal,
      virtualServers: oneVs([check('192.0.2.1', p)]),
    });
    expect(m3.closed).toBe(true);
  });

  it('a rejecting probe or a throwing listener becomes an error event, the monitor keeps going', async () => {
    const clock = new FakeClock();
    let n = 0;
    const probe: Probe = async () => {
      n++;
      throw new Error('boom');
    };
    const m = new HealthMonitor({
      clock,
      virtualServers: oneVs([check('192.0.2.1', probe, { warmupMs: 0, retry: 0 })]),
    });
    const errors: string[] = [];
    m.on('error', (e) => errors.push(e.code));
    m.on('down', () => {
      throw new Error('listener bug');
    });
    await clock.advance(2_500);
    expect(n).toBe(3);
    expect(errors).toEqual(['E_PROBE_THREW', 'E_LISTENER', 'E_PROBE_THREW', 'E_PROBE_THREW']);
    expect(m.servers()[0]).toMatchObject({ status: 'down', reason: 'probe error: boom' });
    await m.close();
  });
});
