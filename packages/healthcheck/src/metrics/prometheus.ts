/**
 * Expose a monitor's metrics through a prom-client `Registry` without importing prom-client:
 * the registry and the metric objects are typed structurally (prom-client is an optional peer).
 *
 * @module
 */
import type { CheckMetricsSnapshot, MonitorMetrics } from './check-metrics.js';
import type { HistogramSnapshot } from './histogram.js';

/** One sample as prom-client formats it. */
export interface PromSample {
  /** Sample value. */
  value: number;
  /** Label values. */
  labels: Record<string, string | number>;
  /** Full sample name (e.g. `…_bucket`), when it differs from the metric name. */
  metricName?: string;
}

/** A metric's data as prom-client's `get()` returns it. */
export interface PromMetricData {
  /** Metric name. */
  name: string;
  /** Help text. */
  help: string;
  /** `counter`, `gauge` or `histogram`. */
  type: string;
  /** How cluster mode aggregates it. */
  aggregator: string;
  /** The samples. */
  values: PromSample[];
}

/** The shape prom-client's `Registry.registerMetric` needs from a metric. */
export interface PromMetricLike {
  /** Metric name. */
  name: string;
  /** Help text. */
  help: string;
  /** `counter`, `gauge` or `histogram`. */
  type: string;
  /** How cluster mode aggregates it. */
  aggregator: string;
  /** Collect the current samples. */
  get(): Promise<PromMetricData>;
  /** Reset (no-op: the monitor owns the counters). */
  reset(): void;
}

/**
 * The part of a prom-client `Registry` used here. The parameter is typed `never` so prom-client's
 * generic `registerMetric<T>(metric: Metric<T>)` fits; the adapter passes {@link PromMetricLike} objects,
 * which prom-client's registry reads only through `name`, `help`, `type`, `aggregator` and `get()`.
 */
export interface PromRegistryLike {
  /**
   * Register a metric.
   *
   * @param metric - the metric
   */
  registerMetric(metric: never): void;
}

/** The real-server fields the gauges read (a `ServerView`). */
export interface ServerRow {
  /** Virtual server id. */
  readonly vs: string;
  /** Real server id. */
  readonly rs: string;
  /** `up` or `down`. */
  readonly status: string;
  /** Weight in the pool (0 when out or inhibited). */
  readonly poolWeight: number;
}

/** Anything with `metrics()` (a `HealthMonitor`), optionally with server views. */
export interface MetricsSource {
  /** Current counters. */
  metrics(): MonitorMetrics;
  /** Current real servers (for the up / weight gauges). */
  servers?(): readonly ServerRow[];
}

/** Options of {@link registerPrometheus}. */
export interface PrometheusOptions {
  /** Metric name prefix (default `ha_healthcheck_`). */
  prefix?: string;
}

function checkLabels(c: CheckMetricsSnapshot): Record<string, string> {
  return { check: c.key, type: c.type, target: c.target };
}

function histogramSamples(
  name: string,
  h: HistogramSnapshot,
  labels: Record<string, string>,
  out: PromSample[],
  scale: number,
): void {
  let cumulative = 0;
  h.bounds.forEach((b, i) => {
    cumulative += h.counts[i] ?? 0;
    out.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...labels, le: b * scale } });
  });
  cumulative += h.counts[h.bounds.length] ?? 0;
  out.push({ metricName: `${name}_bucket`, value: cumulative, labels: { ...labels, le: '+Inf' } });
  out.push({ metricName: `${name}_sum`, value: h.sum * scale, labels });
  out.push({ metricName: `${name}_count`, value: h.count, labels });
}

function metric(
  name: string,
  help: string,
  type: 'counter' | 'gauge' | 'histogram',
  collect: () => PromSample[],
): PromMetricLike {
  return {
    name,
    help,
    type,
    aggregator: 'sum',
    get: async () => ({ name, help, type, aggregator: 'sum', values: collect() }),
    reset: () => {},
  };
}

/**
 * Register the monitor's metrics in a prom-client `Registry` (or anything with `registerMetric`):
 * `…checks_total{check,type,target,result}` (ok / fail / timeout), `…skipped_slots_total`,
 * `…probe_duration_seconds` (histogram), `…schedule_lateness_seconds` (histogram),
 * `…in_flight`, `…queued`, and, when the source has `servers()`, `…real_server_up{vs,rs}` and
 * `…real_server_weight{vs,rs}`.
 *
 * @param source - the monitor
 * @param registry - a prom-client `Registry`
 * @param options - name prefix
 * @returns the registered metric objects
 */
export function registerPrometheus(
  source: MetricsSource,
  registry: PromRegistryLike,
  options: PrometheusOptions = {},
): PromMetricLike[] {
  const p = options.prefix ?? 'ha_healthcheck_';
  const metrics: PromMetricLike[] = [
    metric(
      `${p}checks_total`,
      'Probes completed, by result (ok, fail, timeout; timeouts are also fails).',
      'counter',
      () =>
        source.metrics().checks.flatMap((c) => {
          const l = checkLabels(c);
          return [
            { value: c.ok, labels: { ...l, result: 'ok' } },
            { value: c.fail - c.timeouts, labels: { ...l, result: 'fail' } },
            { value: c.timeouts, labels: { ...l, result: 'timeout' } },
          ];
        }),
    ),
    metric(
      `${p}skipped_slots_total`,
      'Check cycles skipped because the previous probe was still running.',
      'counter',
      () => source.metrics().checks.map((c) => ({ value: c.skipped, labels: checkLabels(c) })),
    ),
    metric(`${p}probe_duration_seconds`, 'Probe latency.', 'histogram', () => {
      const out: PromSample[] = [];
      for (const c of source.metrics().checks)
        histogramSamples(`${p}probe_duration_seconds`, c.latency, checkLabels(c), out, 1 / 1000);
      return out;
    }),
    metric(
      `${p}schedule_lateness_seconds`,
      'Delay between a probe’s planned and actual start.',
      'histogram',
      () => {
        const out: PromSample[] = [];
        histogramSamples(`${p}schedule_lateness_seconds`, source.metrics().lateness, {}, out, 1 / 1000);
        return out;
      },
    ),
    metric(`${p}in_flight`, 'Probes running now.', 'gauge', () => [
      { value: source.metrics().inFlight, labels: {} },
    ]),
    metric(`${p}queued`, 'Probes due but waiting for a concurrency slot.', 'gauge', () => [
      { value: source.metrics().queued, labels: {} },
    ]),
  ];
  const servers = source.servers?.bind(source);
  if (servers) {
    metrics.push(
      metric(`${p}real_server_up`, '1 when the real server passes all its checks.', 'gauge', () =>
        servers().map((s) => ({ value: s.status === 'up' ? 1 : 0, labels: { vs: s.vs, rs: s.rs } })),
      ),
      metric(
        `${p}real_server_weight`,
        'Weight the pool should give the real server (0 when out or inhibited).',
        'gauge',
        () => servers().map((s) => ({ value: s.poolWeight, labels: { vs: s.vs, rs: s.rs } })),
      ),
    );
  }
  const register = registry.registerMetric as (metric: PromMetricLike) => void;
  for (const m of metrics) register.call(registry, m);
  return metrics;
}
