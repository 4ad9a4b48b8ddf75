/**
 * Typed events of {@link HealthMonitor}.
 *
 * @module
 */
import type {
  PoolAction,
  QuorumNotify,
  ServerNotify,
  SetWeightAction,
  SorryNotify,
} from '../core/actions.js';
import type { HealthcheckError } from '../core/errors.js';
import type { CheckResult } from '../types.js';

/** One finished probe (emitted only when someone listens). */
export interface ResultEvent {
  /** The check's key. */
  readonly key: string;
  /** Checker type. */
  readonly type: string;
  /** The result (a timed-out probe has `code: 'timeout'`). */
  readonly result: CheckResult;
  /** Planned start. */
  readonly plannedAt: number;
  /** Actual start (lateness = startedAt − plannedAt). */
  readonly startedAt: number;
  /** Completion. */
  readonly at: number;
  /** True when the attempt was a retry. */
  readonly retry: boolean;
}

/** Event map of {@link HealthMonitor} (eventemitter3 style: name → listener). */
export interface HealthMonitorEvents {
  /** A real server came up (keepalived `notify_up`); `reason` is the passing probe's reason. */
  up: (e: ServerNotify) => void;
  /** A real server went down (keepalived `notify_down`); `reason`, e.g. `status 503 on /health (after 1 retry)`. */
  down: (e: ServerNotify) => void;
  /** A server's pool weight changed (dynamic weight, ramp, inhibit). */
  weight: (e: SetWeightAction) => void;
  /** A virtual server gained its quorum (keepalived `quorum_up`). */
  quorumUp: (e: QuorumNotify) => void;
  /** A virtual server lost its quorum (keepalived `quorum_down`). */
  quorumDown: (e: QuorumNotify) => void;
  /** A sorry server was activated or deactivated. */
  sorryServer: (e: SorryNotify) => void;
  /** A pool change to apply (add / remove / set weight), e.g. through `@ha/ipvs`. */
  pool: (e: PoolAction) => void;
  /** A probe finished. */
  result: (e: ResultEvent) => void;
  /** Something went wrong that did not stop the monitor (a probe threw, a listener threw). */
  error: (e: HealthcheckError) => void;
}
