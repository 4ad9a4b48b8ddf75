/**
 * A mark on probes whose listeners on their `AbortSignal` do not pile up: they remove what they
 * add before their promise settles, or keep at most one listener per signal however often they
 * run with it. `HealthMonitor` reuses the (never aborted) controller of such a probe for its next
 * run instead of building a new `AbortController` per probe; any other probe gets a fresh
 * controller every run, so a probe that leaves listeners behind cannot make them pile up.
 *
 * @module
 */
import type { Probe } from './types.js';

const LISTENER_CLEAN: unique symbol = Symbol('ha.healthcheck.listenerClean');

type Marked = Probe & { [LISTENER_CLEAN]?: true };

/**
 * Marks `probe` as listener-clean (see the module comment). Only for probes that guarantee it.
 *
 * @param probe - the probe
 * @returns the same probe
 */
export function markListenerClean(probe: Probe): Probe {
  (probe as Marked)[LISTENER_CLEAN] = true;
  return probe;
}

/**
 * Whether `probe` was marked with {@link markListenerClean}.
 *
 * @param probe - the probe
 */
export function isListenerClean(probe: Probe): boolean {
  return (probe as Marked)[LISTENER_CLEAN] === true;
}
