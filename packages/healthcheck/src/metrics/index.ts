/**
 * Metrics of the health monitor: per-check counters, fixed-bucket histograms, and a prom-client adapter.
 *
 * @module
 */
export * from './check-metrics.js';
export * from './histogram.js';
export * from './prometheus.js';
