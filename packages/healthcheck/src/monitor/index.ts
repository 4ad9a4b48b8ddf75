/**
 * The health-check engine: scheduler, clocks and the {@link HealthMonitor}.
 *
 * @module
 */
export * from './clock.js';
export * from './events.js';
export * from './fake-clock.js';
export * from './health-monitor.js';
export * from './heap.js';
export * from './scheduler.js';
