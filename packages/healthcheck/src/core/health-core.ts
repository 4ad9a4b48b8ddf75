/**
 * The decision core: composes the pure per-checker machine, real-server aggregation, quorum with
 * hysteresis, sorry server, dynamic weights and weight ramps into one deterministic reducer.
 * It does no I/O and reads no clock: every event carries `now`, and it answers with actions.
 *
 * State lives in small per-check / per-server records replaced on each event (copy-on-write at the
 * record level) so one result costs O(consumers of that check), not O(all checks).
 *
 * @module
 */
import type { CheckResult } from '../types.js';
import type { CoreAction, NotifyAction, PoolAction, ProbeAction, ServerNotify } from './actions.js';
import {
  type CheckerState,
  type CheckerStatus,
  initChecker,
  nextSlot,
  stepChecker,
  warmupDelay,
} from './checker.js';
import { HealthcheckError } from './errors.js';
import { checkKey } from './key.js';
import { type QuorumSettings, quorumTransition } from './quorum.js';
import { seededRandom } from './random.js';
import type { CheckSpec, RealServerSpec, VirtualServerSpec } from './spec.js';
import { type CheckTiming, resolveTiming } from './timing.js';
import {
  type DynamicWeightMode,
  effectiveWeight,
  nextRampAt,
  rampWeight,
  type WeightContribution,
} from './weight.js';

/** Options of {@link HealthCore}. */
export interface HealthCoreOptions {
  /** Source of randomness for warmup delays, numbers in [0, 1) (default: seeded from `seed`). */
  random?: () => number;
  /** Seed of the default generator (default: random). */
  seed?: number;
  /** `random` (keepalived: uniform in [0, warmup)) or `even` (check i of n starts at i/n · warmup). Default `random`. */
  stagger?: 'random' | 'even';
}

/** An input to {@link HealthCore.apply}. */
export type CoreEvent =
  | {
      /** Discriminant: begin; returns the first probes and the initial pool. */
      readonly type: 'start';
      /** Current time. */
      readonly now: number;
    }
  | {
      /** Discriminant: a probe finished. */
      readonly type: 'result';
      /** Current time. */
      readonly now: number;
      /** The check's key. */
      readonly key: string;
      /** When the probe was planned to start. */
      readonly plannedAt: number;
      /** Its result. */
      readonly result: CheckResult;
    }
  | {
      /** Discriminant: a requested timer fired. */
      readonly type: 'tick';
      /** Current time. */
      readonly now: number;
    }
  | {
      /** Discriminant: stop; with `omega`, emits down notifications. */
      readonly type: 'shutdown';
      /** Current time. */
      readonly now: number;
    };

/** A read-only view of one shared check. */
export interface CheckView<C extends CheckSpec = CheckSpec> {
  /** Stable key. */
  readonly key: string;
  /** The spec of its first consumer (identical for all consumers by construction). */
  readonly spec: C;
  /** Resolved timing. */
  readonly timing: CheckTiming;
  /** Current state. */
  readonly state: CheckerState;
  /** How many real servers consume it. */
  readonly consumers: number;
}

/** A read-only view of one real server. */
export interface ServerView {
  /** Virtual server id. */
  readonly vs: string;
  /** Real server id. */
  readonly rs: string;
  /** Up when all its checks are up. */
  readonly status: CheckerStatus;
  /** Full effective weight (configured and dynamic, before any ramp). */
  readonly weight: number;
  /** Whether the application has been told to keep it in the pool. */
  readonly inPool: boolean;
  /** Weight the application has been told to use (0 when inhibited or absent). */
  readonly poolWeight: number;
  /** Reason of the last verdict. */
  readonly reason: string;
}

/** A read-only view of one virtual server. */
export interface VirtualServerView {
  /** Virtual server id. */
  readonly vs: string;
  /** Whether the quorum is up. */
  readonly quorumUp: boolean;
  /** Sum of the weights of live real servers. */
  readonly liveWeight: number;
  /** Whether its sorry server is active. */
  readonly sorryActive: boolean;
}

interface Applied {
  present: boolean;
  weight: number;
}

/** A {@link CheckerState} the core updates in place on the hot path (views get copies). */
type LiveCheckerState = { -readonly [K in keyof CheckerState]: CheckerState[K] };

interface CheckRt<C extends CheckSpec> {
  readonly key: string;
  readonly spec: C;
  readonly timing: CheckTiming;
  readonly mode: DynamicWeightMode;
  state: LiveCheckerState;
  readonly consumers: RsRt<C>[];
}

interface RsRt<C extends CheckSpec> {
  readonly spec: RealServerSpec<C>;
  readonly vs: VsRt<C>;
  readonly configured: number;
  readonly inhibit: boolean;
  readonly checks: CheckRt<C>[];
  status: CheckerStatus;
  target: number;
  live: number;
  reason: string;
  upSince: number | undefined;
  readonly applied: Applied;
}

interface VsRt<C extends CheckSpec> {
  readonly spec: VirtualServerSpec<C>;
  readonly q: QuorumSettings;
  readonly rs: RsRt<C>[];
  quorumUp: boolean;
  sorryActive: boolean;
  liveWeight: number;
  readonly sorryApplied: Applied;
}

function nonNegativeInt(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) throw new HealthcheckError('E_CONFIG', `${name} must be >= 0, got ${v}`);
  return v;
}

/**
 * The deterministic decision core. Feed it events with {@link HealthCore.apply}; execute the
 * returned actions (schedule probes and timers, change the pool, emit notifications).
 *
 * @typeParam C - check spec type (the monitor adds a probe to each)
 */
export class HealthCore<C extends CheckSpec = CheckSpec> {
  readonly #checks = new Map<string, CheckRt<C>>();
  readonly #vs: VsRt<C>[] = [];
  readonly #ramping = new Set<RsRt<C>>();
  readonly #random: () => number;
  readonly #stagger: 'random' | 'even';
  #started = false;
  #stopped = false;

  /**
   * @param virtualServers - what to watch
   * @param options - randomness and stagger
   * @throws {@link HealthcheckError} `E_CONFIG` on duplicate ids or invalid values
   */
  constructor(virtualServers: readonly VirtualServerSpec<C>[], options: HealthCoreOptions = {}) {
    this.#random = options.random ?? seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.#stagger = options.stagger ?? 'random';
    const vsIds = new Set<string>();
    for (const vsSpec of virtualServers) {
      if (vsIds.has(vsSpec.id))
        throw new HealthcheckError('E_CONFIG', `duplicate virtual server id ${vsSpec.id}`);
      vsIds.add(vsSpec.id);
      const vs: VsRt<C> = {
        spec: vsSpec,
        q: {
          quorum: nonNegativeInt('quorum', vsSpec.quorum ?? 1),
          hysteresis: nonNegativeInt('hysteresis', vsSpec.hysteresis ?? 0),
        },
        rs: [],
        quorumUp: true,
        sorryActive: false,
        liveWeight: 0,
        sorryApplied: { present: false, weight: 0 },
      };
      const rsIds = new Set<string>();
      for (const rsSpec of vsSpec.realServers) {
        if (rsIds.has(rsSpec.id))
          throw new HealthcheckError('E_CONFIG', `duplicate real server ${rsSpec.id} in ${vsSpec.id}`);
        rsIds.add(rsSpec.id);
        const rs: RsRt<C> = {
          spec: rsSpec,
          vs,
          configured: nonNegativeInt('weight', rsSpec.weight ?? 1),
          inhibit: rsSpec.inhibitOnFailure ?? vsSpec.inhibitOnFailure ?? false,
          checks: [],
          status: 'up',
          target: 0,
          live: 0,
          reason: '',
          upSince: undefined,
          applied: { present: false, weight: 0 },
        };
        for (const c of rsSpec.checks) {
          const timing = resolveTiming(c.type, c, rsSpec, vsSpec);
          const key = checkKey(c, timing);
          let rt = this.#checks.get(key);
          if (!rt) {
            rt = {
              key,
              spec: c,
              timing,
              mode: c.dynamicWeight ?? (c.type === 'FILE_CHECK' ? 'add' : 'set'),
              state: initChecker(timing, 0, 0),
              consumers: [],
            };
            this.#checks.set(key, rt);
          }
          if (!rt.consumers.includes(rs)) rt.consumers.push(rs);
          rs.checks.push(rt);
        }
        vs.rs.push(rs);
      }
      this.#vs.push(vs);
    }
  }

  /**
   * Apply one event.
   *
   * @param event - start, a probe result, a timer tick, or shutdown
   * @returns the actions to execute, in order
   * @throws {@link HealthcheckError} `E_UNKNOWN_CHECK` for a result of an unknown key
   */
  apply(event: CoreEvent): CoreAction[] {
    switch (event.type) {
      case 'start':
        return this.#start(event.now);
      case 'result':
        return this.#result(event.now, event.key, event.plannedAt, event.result);
      case 'tick':
        return this.#tick(event.now);
      case 'shutdown':
        return this.#shutdown(event.now);
    }
  }

  /** Keys of all (deduplicated) checks, in first-seen order. */
  keys(): string[] {
    return [...this.#checks.keys()];
  }

  /**
   * A view of one check.
   *
   * @param key - the check's key
   */
  check(key: string): CheckView<C> | undefined {
    const rt = this.#checks.get(key);
    if (!rt) return undefined;
    return { key, spec: rt.spec, timing: rt.timing, state: { ...rt.state }, consumers: rt.consumers.length };
  }

  /** Views of all real servers. */
  servers(): ServerView[] {
    const out: ServerView[] = [];
    for (const vs of this.#vs) {
      for (const rs of vs.rs) {
        out.push({
          vs: vs.spec.id,
          rs: rs.spec.id,
          status: rs.status,
          weight: rs.target,
          inPool: rs.applied.present,
          poolWeight: rs.applied.weight,
          reason: rs.reason,
        });
      }
    }
    return out;
  }

  /** Views of all virtual servers. */
  virtualServers(): VirtualServerView[] {
    return this.#vs.map((vs) => ({
      vs: vs.spec.id,
      quorumUp: vs.quorumUp,
      liveWeight: vs.liveWeight,
      sorryActive: vs.sorryActive,
    }));
  }

  #start(now: number): CoreAction[] {
    if (this.#started) return [];
    this.#started = true;
    const out: CoreAction[] = [];
    const n = this.#checks.size;
    let i = 0;
    for (const rt of this.#checks.values()) {
      const delay =
        this.#stagger === 'even'
          ? Math.floor((i * rt.timing.warmupMs) / n)
          : warmupDelay(rt.timing, this.#random());
      i++;
      rt.state = initChecker(rt.timing, now, delay);
      out.push({ type: 'probe', key: rt.key, at: rt.state.nextAt, skipped: 0, retry: false });
    }
    for (const vs of this.#vs) {
      for (const rs of vs.rs) {
        rs.status = rs.checks.every((c) => c.state.status === 'up') ? 'up' : 'down';
        rs.reason = rs.checks.find((c) => c.state.status === 'down')?.state.reason ?? 'initial: assumed up';
        rs.target = this.#weightOf(rs);
        rs.live = rs.status === 'up' ? rs.target : 0;
        vs.liveWeight += rs.live;
      }
      this.#sync(vs.sorryApplied, this.#desiredSorry(vs), vs, vs.spec.sorryServer?.id, true, 'initial', out);
      this.#quorum(vs, now, 'initial', out);
      for (const rs of vs.rs) this.#syncRs(rs, now, 'initial', out);
    }
    return out;
  }

  #result(now: number, key: string, plannedAt: number, result: CheckResult): CoreAction[] {
    const rt = this.#checks.get(key);
    if (!rt) throw new HealthcheckError('E_UNKNOWN_CHECK', `no check with key ${key}`);
    if (this.#stopped || !this.#started) return [];
    const s = rt.state;
    if (
      result.ok &&
      s.status === 'up' &&
      s.retrying === 0 &&
      (result.weight === undefined || result.weight === s.weight)
    ) {
      // The steady state (a pass of a passing check, weight unchanged): what stepChecker returns,
      // written into the live state instead of a new object. At 10,000 checks a second, a new
      // state per result is 10,000 objects a second that live one delay_loop: the scavenger
      // promotes them, and the old generation then needs full collections (long pauses).
      const d = rt.timing.delayLoopMs;
      const { at, skipped } = nextSlot(plannedAt + d, now, d);
      s.nextAt = at;
      s.reason = result.reason;
      s.results++;
      return [{ type: 'probe', key, at, skipped, retry: false }];
    }
    const step = stepChecker(rt.timing, s, { now, plannedAt, result });
    rt.state = step.state; // a new object (stepChecker never returns its input)
    const probe: ProbeAction = {
      type: 'probe',
      key,
      at: step.state.nextAt,
      skipped: step.skipped,
      retry: step.state.retrying > 0,
    };
    const out: CoreAction[] = [probe];
    if (step.transition !== undefined || step.weightChanged) {
      for (const rs of rt.consumers) this.#updateRs(rs, now, step.state.reason, key, out);
    }
    return out;
  }

  #tick(now: number): CoreAction[] {
    const out: CoreAction[] = [];
    if (this.#stopped) return out;
    for (const rs of [...this.#ramping]) this.#syncRs(rs, now, 'weight ramp', out);
    return out;
  }

  #shutdown(now: number): CoreAction[] {
    if (this.#stopped) return [];
    this.#stopped = true;
    const out: CoreAction[] = [];
    if (!this.#started) return out;
    for (const vs of this.#vs) {
      if (!vs.spec.omega) continue;
      for (const rs of vs.rs) {
        if (rs.status !== 'up') continue;
        out.push({
          type: 'notify',
          event: 'down',
          vs: vs.spec.id,
          rs: rs.spec.id,
          reason: 'shutdown (omega)',
          check: undefined,
          at: now,
        });
      }
      if (vs.quorumUp) {
        out.push({
          type: 'notify',
          event: 'quorumDown',
          vs: vs.spec.id,
          liveWeight: vs.liveWeight,
          quorum: vs.q.quorum,
          reason: 'shutdown (omega)',
          at: now,
        });
      }
    }
    return out;
  }

  #weightOf(rs: RsRt<C>): number {
    const contributions: WeightContribution[] = [];
    for (const c of rs.checks) {
      if (c.state.weight !== undefined) contributions.push({ mode: c.mode, weight: c.state.weight });
    }
    return contributions.length === 0 ? rs.configured : effectiveWeight(rs.configured, contributions);
  }

  #updateRs(rs: RsRt<C>, now: number, reason: string, key: string, out: CoreAction[]): void {
    const vs = rs.vs;
    let status: CheckerStatus = 'up';
    for (const c of rs.checks) {
      if (c.state.status === 'down') {
        status = 'down';
        break;
      }
    }
    rs.target = this.#weightOf(rs);
    if (status !== rs.status) {
      rs.status = status;
      rs.reason = reason;
      if (status === 'up' && vs.spec.weightRamp) {
        rs.upSince = now;
        this.#ramping.add(rs);
      } else if (status === 'down') {
        rs.upSince = undefined;
        this.#ramping.delete(rs);
      }
      const n: ServerNotify = {
        type: 'notify',
        event: status,
        vs: vs.spec.id,
        rs: rs.spec.id,
        reason,
        check: key,
        at: now,
      };
      out.push(n);
    }
    const live = rs.status === 'up' ? rs.target : 0;
    vs.liveWeight += live - rs.live;
    rs.live = live;
    this.#syncRs(rs, now, reason, out);
    this.#quorum(vs, now, reason, out);
  }

  #desiredRs(rs: RsRt<C>, now: number): Applied {
    if (rs.vs.sorryActive || rs.status === 'down') return { present: rs.inhibit, weight: 0 };
    const ramp = rs.vs.spec.weightRamp;
    const weight =
      ramp && rs.upSince !== undefined ? rampWeight(rs.target, ramp, now - rs.upSince) : rs.target;
    return { present: true, weight };
  }

  #desiredSorry(vs: VsRt<C>): Applied {
    const s = vs.spec.sorryServer;
    if (!s) return { present: false, weight: 0 };
    if (vs.sorryActive) return { present: true, weight: s.weight ?? 1 };
    return { present: s.inhibit ?? false, weight: 0 };
  }

  #syncRs(rs: RsRt<C>, now: number, reason: string, out: CoreAction[]): void {
    this.#sync(rs.applied, this.#desiredRs(rs, now), rs.vs, rs.spec.id, false, reason, out);
    const ramp = rs.vs.spec.weightRamp;
    if (ramp && rs.upSince !== undefined) {
      const at = nextRampAt(ramp, rs.upSince, now);
      if (at === undefined) {
        rs.upSince = undefined;
        this.#ramping.delete(rs);
      } else if (!rs.vs.sorryActive) {
        out.push({ type: 'timer', at });
      }
    }
  }

  #sync(
    applied: Applied,
    desired: Applied,
    vs: VsRt<C>,
    id: string | undefined,
    sorry: boolean,
    reason: string,
    out: CoreAction[],
  ): void {
    if (id === undefined) return;
    const base = { vs: vs.spec.id, rs: id, sorry, reason };
    let action: PoolAction | undefined;
    if (desired.present && !applied.present) action = { type: 'addServer', ...base, weight: desired.weight };
    else if (!desired.present && applied.present) action = { type: 'removeServer', ...base };
    else if (desired.present && desired.weight !== applied.weight)
      action = { type: 'setWeight', ...base, weight: desired.weight, previous: applied.weight };
    if (!action) return;
    applied.present = desired.present;
    applied.weight = desired.present ? desired.weight : 0;
    out.push(action);
  }

  #quorum(vs: VsRt<C>, now: number, reason: string, out: CoreAction[]): void {
    const t = quorumTransition(vs.quorumUp, vs.liveWeight, vs.q);
    if (t === undefined) return;
    vs.quorumUp = t === 'up';
    const why =
      t === 'up'
        ? `live weight ${vs.liveWeight} >= quorum ${vs.q.quorum} + hysteresis ${vs.q.hysteresis} (${reason})`
        : `live weight ${vs.liveWeight} < quorum ${vs.q.quorum} - hysteresis ${vs.q.hysteresis} (${reason})`;
    const n: NotifyAction = {
      type: 'notify',
      event: t === 'up' ? 'quorumUp' : 'quorumDown',
      vs: vs.spec.id,
      liveWeight: vs.liveWeight,
      quorum: vs.q.quorum,
      reason: why,
      at: now,
    };
    out.push(n);
    const sorry = vs.spec.sorryServer;
    if (!sorry) return;
    vs.sorryActive = t === 'down';
    out.push({
      type: 'notify',
      event: 'sorryServer',
      vs: vs.spec.id,
      rs: sorry.id,
      active: vs.sorryActive,
      reason: why,
      at: now,
    });
    // Activating: add the sorry server before taking real servers out; deactivating: the reverse.
    if (vs.sorryActive) this.#sync(vs.sorryApplied, this.#desiredSorry(vs), vs, sorry.id, true, why, out);
    for (const rs of vs.rs) this.#syncRs(rs, now, why, out);
    if (!vs.sorryActive) this.#sync(vs.sorryApplied, this.#desiredSorry(vs), vs, sorry.id, true, why, out);
  }
}
