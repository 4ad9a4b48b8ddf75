/**
 * The per-checker state machine, keepalived semantics, as pure functions of results and time.
 *
 * - A cycle starts every `delay_loop`, anchored on the planned time (no drift).
 * - A failure of a checker that is up is retried `retry` times, `delay_before_retry` after each
 *   failure; the checker goes down only when the last retry fails.
 * - A failure of a checker that is already down is not retried.
 * - One pass brings a checker up at once (keepalived has no "rise" count for checkers; `alpha`
 *   only makes it start down).
 * - When a probe outlasts its slot, the missed slots are skipped (counted), never run late in a burst.
 *
 * @module
 */
import type { CheckResult } from '../types.js';
import type { CheckTiming } from './timing.js';

/** Up or down. */
export type CheckerStatus = 'up' | 'down';

/** Immutable state of one checker. */
export interface CheckerState {
  /** Current verdict. */
  readonly status: CheckerStatus;
  /** Retries spent in the current failure sequence (0 when not retrying). */
  readonly retrying: number;
  /** Planned time of the next probe. */
  readonly nextAt: number;
  /** Last dynamic weight reported by a passing probe (MISC `misc_dynamic`, FILE_CHECK), if any. */
  readonly weight: number | undefined;
  /** Reason of the last verdict or result, for events. */
  readonly reason: string;
  /** Number of probes fed to this checker. */
  readonly results: number;
}

/** One probe outcome fed to {@link stepChecker}. */
export interface CheckerInput {
  /** When the result arrived. */
  readonly now: number;
  /** When the probe was planned to start (its slot). */
  readonly plannedAt: number;
  /** The probe's result. */
  readonly result: CheckResult;
}

/** What {@link stepChecker} decided. */
export interface CheckerStep {
  /** The new state. */
  readonly state: CheckerState;
  /** Set when the verdict changed. */
  readonly transition: CheckerStatus | undefined;
  /** True when the dynamic weight changed. */
  readonly weightChanged: boolean;
  /** Cycle slots skipped because the probe outlasted them. */
  readonly skipped: number;
}

/**
 * Initial state of a checker: up, or down with `alpha`; the first probe after a random warmup delay.
 *
 * @param timing - resolved timing
 * @param now - start time
 * @param firstDelayMs - delay before the first probe (e.g. `random() * warmupMs`, see {@link warmupDelay})
 */
export function initChecker(timing: CheckTiming, now: number, firstDelayMs: number): CheckerState {
  return {
    status: timing.alpha ? 'down' : 'up',
    retrying: 0,
    nextAt: now + firstDelayMs,
    weight: undefined,
    reason: timing.alpha ? 'alpha: starts down until a check passes' : 'initial: assumed up',
    results: 0,
  };
}

/**
 * The keepalived warmup: a uniformly random delay in [0, warmupMs), integer ms.
 *
 * @param timing - resolved timing
 * @param random - a number in [0, 1)
 */
export function warmupDelay(timing: CheckTiming, random: number): number {
  return timing.warmupMs > 0 ? Math.floor(random * timing.warmupMs) : 0;
}

/** A cycle slot and how many slots were skipped to reach it. */
export interface SlotStep {
  /** The slot's time. */
  readonly at: number;
  /** Slots skipped. */
  readonly skipped: number;
}

/**
 * The first cycle slot at or after `now`, starting from `slot` and stepping by `delayLoopMs`.
 *
 * @param slot - the nominal next slot
 * @param now - current time
 * @param delayLoopMs - cycle interval
 * @returns the slot and how many slots were skipped
 */
export function nextSlot(slot: number, now: number, delayLoopMs: number): SlotStep {
  if (slot >= now) return { at: slot, skipped: 0 };
  const skipped = Math.ceil((now - slot) / delayLoopMs);
  return { at: slot + skipped * delayLoopMs, skipped };
}

/**
 * Feed one probe result to a checker.
 *
 * @param timing - resolved timing
 * @param state - current state
 * @param input - the result with its planned and arrival times
 */
export function stepChecker(timing: CheckTiming, state: CheckerState, input: CheckerInput): CheckerStep {
  const { now, plannedAt, result } = input;
  const results = state.results + 1;
  if (result.ok) {
    const weight = result.weight ?? state.weight;
    const { at, skipped } = nextSlot(plannedAt + timing.delayLoopMs, now, timing.delayLoopMs);
    return {
      state: { status: 'up', retrying: 0, nextAt: at, weight, reason: result.reason, results },
      transition: state.status === 'down' ? 'up' : undefined,
      weightChanged: weight !== state.weight,
      skipped,
    };
  }
  if (state.status === 'up' && state.retrying < timing.retry) {
    return {
      state: {
        status: 'up',
        retrying: state.retrying + 1,
        nextAt: now + timing.delayBeforeRetryMs,
        weight: state.weight,
        reason: result.reason,
        results,
      },
      transition: undefined,
      weightChanged: false,
      skipped: 0,
    };
  }
  const { at, skipped } = nextSlot(plannedAt + timing.delayLoopMs, now, timing.delayLoopMs);
  const reason =
    state.status === 'up' && state.retrying > 0
      ? `${result.reason} (after ${state.retrying} ${state.retrying === 1 ? 'retry' : 'retries'})`
      : result.reason;
  return {
    state: { status: 'down', retrying: 0, nextAt: at, weight: state.weight, reason, results },
    transition: state.status === 'up' ? 'down' : undefined,
    weightChanged: false,
    skipped,
  };
}
