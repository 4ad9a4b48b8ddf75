import { describe, expect, it } from 'vitest';
import {
  type CheckerState,
  checkKey,
  effectiveWeight,
  initChecker,
  nextRampAt,
  nextSlot,
  quorumTransition,
  rampWeight,
  resolveTiming,
  seededRandom,
  stableStringify,
  stepChecker,
  warmupDelay,
} from '../src/core/index.js';
import type { CheckResult } from '../src/types.js';

const ok = (reason = 'status 200 on /health', weight?: number): CheckResult =>
  weight === undefined ? { ok: true, reason, latencyMs: 1 } : { ok: true, reason, latencyMs: 1, weight };
const bad = (reason = 'status 503 on /health'): CheckResult => ({
  ok: false,
  reason,
  latencyMs: 1,
  code: 'status',
});

describe('resolveTiming', () => {
  it('applies keepalived defaults per checker type', () => {
    expect(resolveTiming('HTTP_GET')).toEqual({
      delayLoopMs: 60_000,
      retry: 1,
      delayBeforeRetryMs: 3_000,
      connectTimeoutMs: 5_000,
      warmupMs: 60_000,
      alpha: false,
    });
    expect(resolveTiming('TCP_CHECK').delayBeforeRetryMs).toBe(1_000);
    expect(resolveTiming('MISC_CHECK').retry).toBe(0);
    const dns = resolveTiming('DNS_CHECK', { delayLoopMs: 7_000 });
    expect(dns.retry).toBe(3);
    expect(dns.delayBeforeRetryMs).toBe(7_000);
  });

  it('inherits checker → real server → virtual server, first set wins', () => {
    const t = resolveTiming(
      'TCP_CHECK',
      { retry: 5 },
      { retry: 2, delayLoopMs: 2_000 },
      { delayLoopMs: 9_000, alpha: true },
    );
    expect(t.retry).toBe(5);
    expect(t.delayLoopMs).toBe(2_000);
    expect(t.alpha).toBe(true);
    expect(t.warmupMs).toBe(2_000);
    expect(resolveTiming('TCP_CHECK', { warmupMs: 0 }).warmupMs).toBe(0);
  });

  it('rejects invalid values with a typed error', () => {
    expect(() => resolveTiming('TCP_CHECK', { delayLoopMs: 0 })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
    expect(() => resolveTiming('TCP_CHECK', { retry: -1 })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
    expect(() => resolveTiming('TCP_CHECK', { retry: 1.5 })).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
  });
});

describe('stepChecker (keepalived retry semantics)', () => {
  const timing = resolveTiming('HTTP_GET', {
    delayLoopMs: 10_000,
    retry: 2,
    delayBeforeRetryMs: 3_000,
    warmupMs: 0,
  });

  it('retries a failure `retry` times delay_before_retry apart, then goes down', () => {
    let s: CheckerState = initChecker(timing, 0, 0);
    expect(s.status).toBe('up');
    expect(s.nextAt).toBe(0);
    // first failure at t=20 (probe planned at 0)
    let step = stepChecker(timing, s, { now: 20, plannedAt: 0, result: bad() });
    expect(step.transition).toBeUndefined();
    expect(step.state.nextAt).toBe(3_020);
    expect(step.state.retrying).toBe(1);
    s = step.state;
    step = stepChecker(timing, s, { now: 3_030, plannedAt: 3_020, result: bad() });
    expect(step.transition).toBeUndefined();
    expect(step.state.nextAt).toBe(6_030);
    s = step.state;
    step = stepChecker(timing, s, { now: 6_040, plannedAt: 6_030, result: bad() });
    expect(step.transition).toBe('down');
    expect(step.state.reason).toBe('status 503 on /health (after 2 retries)');
    // the next cycle is delay_loop after the last attempt's planned start
    expect(step.state.nextAt).toBe(16_030);
    s = step.state;
    // a down checker is not retried
    step = stepChecker(timing, s, { now: 16_040, plannedAt: 16_030, result: bad() });
    expect(step.transition).toBeUndefined();
    expect(step.state.retrying).toBe(0);
    expect(step.state.nextAt).toBe(26_030);
    // one pass brings it up at once
    step = stepChecker(timing, step.state, { now: 26_040, plannedAt: 26_030, result: ok() });
    expect(step.transition).toBe('up');
    expect(step.state.reason).toBe('status 200 on /health');
    expect(step.state.nextAt).toBe(36_030);
  });

  it('a pass during retries cancels them without a transition', () => {
    const s0 = initChecker(timing, 0, 0);
    const s1 = stepChecker(timing, s0, { now: 5, plannedAt: 0, result: bad() }).state;
    const step = stepChecker(timing, s1, { now: 3_010, plannedAt: 3_005, result: ok() });
    expect(step.transition).toBeUndefined();
    expect(step.state.retrying).toBe(0);
    expect(step.state.nextAt).toBe(13_005);
  });

  it('retry 0 goes down on the first failure (MISC_CHECK default)', () => {
    const t = resolveTiming('MISC_CHECK', { delayLoopMs: 1_000, warmupMs: 0 });
    const step = stepChecker(t, initChecker(t, 0, 0), { now: 1, plannedAt: 0, result: bad('exit status 1') });
    expect(step.transition).toBe('down');
    expect(step.state.reason).toBe('exit status 1');
  });

  it('alpha starts down and needs one pass', () => {
    const t = resolveTiming('TCP_CHECK', { alpha: true, delayLoopMs: 1_000 });
    const s = initChecker(t, 0, 0);
    expect(s.status).toBe('down');
    const f = stepChecker(t, s, { now: 1, plannedAt: 0, result: bad() });
    expect(f.transition).toBeUndefined();
    expect(f.state.retrying).toBe(0); // no retry while down
    expect(stepChecker(t, f.state, { now: 1_001, plannedAt: 1_000, result: ok() }).transition).toBe('up');
  });

  it('drift-free: next cycle from the planned time, not completion', () => {
    const t = resolveTiming('TCP_CHECK', { delayLoopMs: 1_000 });
    let s = initChecker(t, 0, 0);
    for (let i = 0; i < 1_000; i++) {
      const step = stepChecker(t, s, { now: s.nextAt + 37, plannedAt: s.nextAt, result: ok() });
      s = step.state;
    }
    expect(s.nextAt).toBe(1_000_000);
  });

  it('skips (and counts) slots a slow probe outlasted', () => {
    const t = resolveTiming('TCP_CHECK', { delayLoopMs: 1_000 });
    const step = stepChecker(t, initChecker(t, 0, 0), { now: 3_500, plannedAt: 0, result: ok() });
    expect(step.state.nextAt).toBe(4_000);
    expect(step.skipped).toBe(3);
    expect(nextSlot(1_000, 1_000, 1_000)).toEqual({ at: 1_000, skipped: 0 });
  });

  it('tracks dynamic weights from passing probes', () => {
    const t = resolveTiming('MISC_CHECK', { delayLoopMs: 1_000 });
    const a = stepChecker(t, initChecker(t, 0, 0), { now: 1, plannedAt: 0, result: ok('exit 12', 10) });
    expect(a.weightChanged).toBe(true);
    expect(a.state.weight).toBe(10);
    const b = stepChecker(t, a.state, { now: 1_001, plannedAt: 1_000, result: ok('exit 12', 10) });
    expect(b.weightChanged).toBe(false);
  });

  it('warmup: seeded, within [0, warmup), 0 disables', () => {
    const t = resolveTiming('TCP_CHECK', { delayLoopMs: 1_000 });
    const r1 = seededRandom(42);
    const r2 = seededRandom(42);
    const a = Array.from({ length: 100 }, () => warmupDelay(t, r1()));
    const b = Array.from({ length: 100 }, () => warmupDelay(t, r2()));
    expect(a).toEqual(b);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1_000);
    expect(new Set(a).size).toBeGreaterThan(50);
    expect(warmupDelay(resolveTiming('TCP_CHECK', { warmupMs: 0 }), 0.9)).toBe(0);
  });
});

describe('keys', () => {
  it('identical checks share a key whatever the option order; differences split it', () => {
    const t = resolveTiming('HTTP_GET', { delayLoopMs: 1_000 });
    const target = { host: '192.0.2.10', port: 80 };
    const a = checkKey(
      { type: 'HTTP_GET', target, options: { urls: [{ path: '/', statusCode: 200 }], virtualhost: 'x' } },
      t,
    );
    const b = checkKey(
      { type: 'HTTP_GET', target, options: { virtualhost: 'x', urls: [{ statusCode: 200, path: '/' }] } },
      t,
    );
    expect(a).toBe(b);
    expect(checkKey({ type: 'HTTP_GET', target, options: { urls: [{ path: '/x' }] } }, t)).not.toBe(a);
    expect(checkKey({ type: 'HTTP_GET', target: { host: '192.0.2.11', port: 80 } }, t)).not.toBe(
      checkKey({ type: 'HTTP_GET', target }, t),
    );
    expect(
      checkKey({ type: 'HTTP_GET', target }, resolveTiming('HTTP_GET', { delayLoopMs: 2_000 })),
    ).not.toBe(checkKey({ type: 'HTTP_GET', target }, t));
    expect(stableStringify({ r: /a+/i, b: new Uint8Array([1, 255]), f: () => 1, u: undefined })).toBe(
      '{"b":hex:01ff,"r":/a+/i}',
    );
  });
});

describe('weights', () => {
  it('misc_dynamic sets, FILE_CHECK adds, clamped at 0', () => {
    expect(effectiveWeight(5, [])).toBe(5);
    expect(effectiveWeight(5, [{ mode: 'set', weight: 10 }])).toBe(10);
    expect(
      effectiveWeight(5, [
        { mode: 'set', weight: 10 },
        { mode: 'set', weight: 20 },
      ]),
    ).toBe(25);
    expect(effectiveWeight(5, [{ mode: 'add', weight: 3 }])).toBe(8);
    expect(effectiveWeight(5, [{ mode: 'add', weight: -9 }])).toBe(0);
    expect(effectiveWeight(5, [{ mode: 'set', weight: undefined }])).toBe(5);
  });

  it('ramp grows in N steps over M ms', () => {
    const ramp = { steps: 4, durationMs: 4_000 };
    expect([0, 999, 1_000, 2_000, 3_000, 3_999, 4_000, 9_000].map((e) => rampWeight(100, ramp, e))).toEqual([
      20, 20, 40, 60, 80, 80, 100, 100,
    ]);
    expect(nextRampAt(ramp, 10_000, 10_000)).toBe(11_000);
    expect(nextRampAt(ramp, 10_000, 13_500)).toBe(14_000);
    expect(nextRampAt(ramp, 10_000, 14_000)).toBeUndefined();
  });
});

describe('quorumTransition', () => {
  const q = { quorum: 5, hysteresis: 2 };
  it('gains at quorum + hysteresis and loses below quorum − hysteresis', () => {
    expect(quorumTransition(false, 6, q)).toBeUndefined();
    expect(quorumTransition(false, 7, q)).toBe('up');
    expect(quorumTransition(true, 3, q)).toBeUndefined();
    expect(quorumTransition(true, 2, q)).toBe('down');
    expect(quorumTransition(true, 0, { quorum: 1, hysteresis: 0 })).toBe('down');
    expect(quorumTransition(false, 1, { quorum: 1, hysteresis: 0 })).toBe('up');
  });
});
