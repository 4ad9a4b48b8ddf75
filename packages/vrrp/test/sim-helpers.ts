/**
 * Shared helpers of the simulator tests: the lab's two routers (VECTORS.md §1).
 */
import type { SimInstanceConfig, SimRouterConfig } from '../src/sim/index.js';

/** The lab's VIP. */
export const VIP = '192.0.2.100';

/** An instance like the lab's VI_1 (VRID 51, VIP 192.0.2.100), with overrides. */
export function vi(priority: number, extra: Partial<SimInstanceConfig> = {}): SimInstanceConfig {
  return { name: 'VI_1', vrid: 51, priority, addresses: [VIP], ...extra };
}

/** Router h1 (192.0.2.11) of the lab with one instance. */
export function h1(
  priority = 150,
  extra: Partial<SimInstanceConfig> = {},
  router: Partial<SimRouterConfig> = {},
): SimRouterConfig {
  return {
    name: 'h1',
    address: '192.0.2.11',
    instances: [vi(priority, { initialState: 'MASTER', ...extra })],
    ...router,
  };
}

/** Router h2 (192.0.2.12) of the lab with one instance. */
export function h2(
  priority = 100,
  extra: Partial<SimInstanceConfig> = {},
  router: Partial<SimRouterConfig> = {},
): SimRouterConfig {
  return { name: 'h2', address: '192.0.2.12', instances: [vi(priority, extra)], ...router };
}
