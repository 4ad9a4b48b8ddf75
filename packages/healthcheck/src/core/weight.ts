/**
 * Real-server weights: dynamic weights reported by checkers (MISC_CHECK `misc_dynamic`, FILE_CHECK)
 * and the optional gradual weight ramp for recovering servers (gorb style, off by default).
 *
 * @module
 */

/** Largest weight IPVS accepts (signed 32-bit). */
export const MAX_WEIGHT = 0x7fffffff;

/**
 * How a checker's reported weight changes the real server's weight.
 * `set`: the weight becomes the reported value (keepalived MISC_CHECK `misc_dynamic`: exit status − 2);
 * `add`: the reported value is added (keepalived FILE_CHECK: file value × multiplier).
 */
export type DynamicWeightMode = 'set' | 'add';

/** One checker's contribution to the weight. */
export interface WeightContribution {
  /** How to apply `weight`. */
  readonly mode: DynamicWeightMode;
  /** The reported weight, or undefined when the checker reported none. */
  readonly weight: number | undefined;
}

/**
 * The effective weight of a real server: configured weight plus each dynamic checker's delta
 * (`set`: reported − configured; `add`: reported), clamped to [0, {@link MAX_WEIGHT}].
 *
 * @param configured - the real server's configured `weight`
 * @param contributions - dynamic weights of its checkers
 */
export function effectiveWeight(configured: number, contributions: readonly WeightContribution[]): number {
  let w = configured;
  for (const c of contributions) {
    if (c.weight === undefined) continue;
    w += c.mode === 'set' ? c.weight - configured : c.weight;
  }
  return Math.min(MAX_WEIGHT, Math.max(0, Math.round(w)));
}

/** Gradual weight recovery: a server that comes back up regains its weight in `steps` steps over `durationMs`. */
export interface WeightRamp {
  /** Number of increments after the initial weight (≥ 1). */
  readonly steps: number;
  /** Time from coming up to full weight, ms. */
  readonly durationMs: number;
}

/**
 * The ramped weight `elapsedMs` after a server came up: starts at ⌈target/(steps+1)⌉, grows by
 * one step every `durationMs/steps`, reaches `target` at `durationMs`.
 *
 * @param target - full weight
 * @param ramp - the ramp
 * @param elapsedMs - time since the server came up
 */
export function rampWeight(target: number, ramp: WeightRamp, elapsedMs: number): number {
  if (ramp.steps <= 0 || ramp.durationMs <= 0 || elapsedMs >= ramp.durationMs) return target;
  const k = Math.min(ramp.steps, Math.floor((Math.max(0, elapsedMs) * ramp.steps) / ramp.durationMs));
  return Math.ceil((target * (k + 1)) / (ramp.steps + 1));
}

/**
 * When the ramp next changes the weight, or undefined once it is complete.
 *
 * @param ramp - the ramp
 * @param startedAt - when the server came up
 * @param now - current time
 */
export function nextRampAt(ramp: WeightRamp, startedAt: number, now: number): number | undefined {
  if (ramp.steps <= 0 || ramp.durationMs <= 0) return undefined;
  const elapsed = now - startedAt;
  if (elapsed >= ramp.durationMs) return undefined;
  const k = Math.floor((Math.max(0, elapsed) * ramp.steps) / ramp.durationMs) + 1;
  return startedAt + Math.ceil((k * ramp.durationMs) / ramp.steps);
}
