/**
 * Per-check counters and latency histogram.
 *
 * @module
 */
import { Histogram, type HistogramSnapshot } from './histogram.js';

/** Counters of one check as plain data. */
export interface CheckMetricsSnapshot {
  /** The check's key. */
  readonly key: string;
  /** Checker type. */
  readonly type: string;
  /** `host:port`, or empty when the check has no target. */
  readonly target: string;
  /** Probes completed. */
  readonly runs: number;
  /** Probes that passed. */
  readonly ok: number;
  /** Probes that failed (timeouts included). */
  readonly fail: number;
  /** Probes aborted by their time limit. */
  readonly timeouts: number;
  /** Cycle slots skipped because a probe outlasted them. */
  readonly skipped: number;
  /** Probe latency, ms. */
  readonly latency: HistogramSnapshot;
}

/** Mutable counters of one check. */
export class CheckMetrics {
  /** The check's key. */
  readonly key: string;
  /** Checker type. */
  readonly type: string;
  /** `host:port` or empty. */
  readonly target: string;
  /** Probes completed. */
  runs = 0;
  /** Probes that passed. */
  ok = 0;
  /** Probes that failed. */
  fail = 0;
  /** Probes aborted by their time limit. */
  timeouts = 0;
  /** Skipped cycle slots. */
  skipped = 0;
  /** Probe latency, ms. */
  readonly latency: Histogram;

  /**
   * @param key - the check's key
   * @param type - checker type
   * @param target - `host:port` or empty
   * @param bounds - latency bucket bounds, ms
   */
  constructor(key: string, type: string, target: string, bounds?: readonly number[]) {
    this.key = key;
    this.type = type;
    this.target = target;
    this.latency = new Histogram(bounds);
  }

  /**
   * Count one completed probe.
   *
   * @param ok - passed
   * @param timedOut - aborted by its time limit
   * @param latencyMs - how long it took
   */
  record(ok: boolean, timedOut: boolean, latencyMs: number): void {
    this.runs++;
    if (ok) this.ok++;
    else this.fail++;
    if (timedOut) this.timeouts++;
    this.latency.observe(latencyMs);
  }

  /** A copy as plain data. */
  snapshot(): CheckMetricsSnapshot {
    return {
      key: this.key,
      type: this.type,
      target: this.target,
      runs: this.runs,
      ok: this.ok,
      fail: this.fail,
      timeouts: this.timeouts,
      skipped: this.skipped,
      latency: this.latency.snapshot(),
    };
  }
}

/** Everything `HealthMonitor.metrics()` returns. */
export interface MonitorMetrics {
  /** Per-check counters. */
  readonly checks: readonly CheckMetricsSnapshot[];
  /** Lateness of probe starts against their planned time, ms. */
  readonly lateness: HistogramSnapshot;
  /** Probes running now. */
  readonly inFlight: number;
  /** Probes due but waiting for a concurrency slot. */
  readonly queued: number;
}
