import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CheckMetrics, Histogram, registerPrometheus } from '../src/metrics/index.js';
import { FakeClock, HealthMonitor, type MonitorCheck } from '../src/monitor/index.js';
import type { Probe } from '../src/types.js';

describe('Histogram', () => {
  it('counts into fixed buckets with +Inf', () => {
    const h = new Histogram([1, 10]);
    for (const v of [0.5, 1, 2, 10, 11, 100]) h.observe(v);
    expect(h.snapshot()).toEqual({ bounds: [1, 10], counts: [2, 2, 2], sum: 124.5, count: 6 });
  });

  it('CheckMetrics counts runs, ok, fail, timeouts', () => {
    const c = new CheckMetrics('k', 'TCP_CHECK', '192.0.2.1:80');
    c.record(true, false, 2);
    c.record(false, true, 500);
    c.record(false, false, 3);
    expect(c.snapshot()).toMatchObject({ runs: 3, ok: 1, fail: 2, timeouts: 1, skipped: 0 });
  });
});

describe('registerPrometheus', () => {
  it('exposes the monitor through a real prom-client Registry', async () => {
    const clock = new FakeClock();
    let n = 0;
    const probe: Probe = async () => {
      n++;
      return n % 2 === 0
        ? { ok: false, reason: 'connect ECONNREFUSED', latencyMs: 3, code: 'refused' }
        : { ok: true, reason: 'connected', latencyMs: 2 };
    };
    const check: MonitorCheck = {
      type: 'TCP_CHECK',
      target: { host: '192.0.2.1', port: 80 },
      delayLoopMs: 1_000,
      retry: 0,
      warmupMs: 0,
      probe,
    };
    const m = new HealthMonitor({
      clock,
      virtualServers: [{ id: 'vs1', realServers: [{ id: 'rs1', checks: [check] }] }],
    });
    await clock.advance(3_500);
    const registry = new Registry();
    registerPrometheus(m, registry);
    const text = await registry.metrics();
    const key = m.checks()[0]?.key ?? '';
    const labels = `check="${key}",type="TCP_CHECK",target="192.0.2.1:80"`;
    expect(text).toContain(`ha_healthcheck_checks_total{${labels},result="ok"} 2`);
    expect(text).toContain(`ha_healthcheck_checks_total{${labels},result="fail"} 2`);
    expect(text).toContain(`ha_healthcheck_checks_total{${labels},result="timeout"} 0`);
    expect(text).toContain(`ha_healthcheck_probe_duration_seconds_bucket{${labels},le="0.0025"} 2`);
    expect(text).toContain(`ha_healthcheck_probe_duration_seconds_bucket{${labels},le="+Inf"} 4`);
    expect(text).toContain(`ha_healthcheck_probe_duration_seconds_count{${labels}} 4`);
    expect(text).toContain('# TYPE ha_healthcheck_schedule_lateness_seconds histogram');
    expect(text).toContain('ha_healthcheck_real_server_up{vs="vs1",rs="rs1"} 0');
    expect(text).toContain('ha_healthcheck_real_server_weight{vs="vs1",rs="rs1"} 0');
    const json = await registry.getMetricsAsJSON();
    expect(json.map((j) => j.name)).toContain('ha_healthcheck_in_flight');
    await m.close();
  });
});
