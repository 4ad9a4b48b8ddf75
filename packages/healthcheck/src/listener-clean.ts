/**
 * A mark on probes whose listeners on their `AbortSignal` do not pile up: they remove what they
 * add before their promise settles, or keep at most one listener per signal however often they
 * run with it (the native checkers keep one for the signal's life). `HealthMonitor` reuses the
 * (never aborted) controller of such a probe for its next run unchecked; any other probe's
 * controller is reused only when its run left no `abort` listener on the signal, so a probe that
 * leaves listeners behind gets a fresh controller and cannot make them pile up.
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
