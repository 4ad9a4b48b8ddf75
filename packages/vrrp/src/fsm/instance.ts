/**
 * The VRRP state machine of one virtual router instance (RFC 3768 / RFC 5798 §6.4, with
 * keepalived's extensions: Fault, tracking, preempt_delay, GARP schedule, forced elections).
 *
 * Pure: `handle(event)` takes the caller's time in the event and returns actions; there are
 * no timers, sockets or clock reads inside. The caller runs the timers it is asked to run.
 *
 * @module
 */

import type { AnnounceReason, TransitionCause, VrrpAction } from './actions.js';
import { compareAddresses } from './address.js';
import { type InstanceConfig, type NormalizedConfig, normalizeConfig } from './config.js';
import type { AdvertEvent, TimerName, TrackerEvent, VrrpEvent, VrrpState } from './events.js';
import { advertIntervalMs, masterDownIntervalMs, skewTimeMs } from './timing.js';
import {
  describeTracker,
  effectivePriority,
  faultingTracker,
  isFailing,
  type TrackerStatus,
} from './tracking.js';

/** Formats centiseconds as keepalived does in its logs ("1000ms"). */
function ms(cs: number): string {
  return `${cs * 10}ms`;
}

/** One VRRP instance: feed it events, execute the actions it returns. */
export class VrrpInstance {
  /** The normalised configuration. */
  readonly config: NormalizedConfig;
  #state: VrrpState = 'Initialize';
  #masterAdverIntervalCs: number;
  #trackers = new Map<string, TrackerStatus>();
  #priority: number;
  #syncFault = false;
  #preemptDelayPending = false;
  #armed = new Set<TimerName>();
  /** Due times of the delayed GARP batches queued by lower-priority adverts (keepalived queues one per advert). */
  #lowerPrioBatches: number[] = [];

  /**
   * @param config - instance configuration (normalised with {@link normalizeConfig})
   * @throws VrrpFsmError `ERR_VRRP_CONFIG` on an invalid configuration
   */
  constructor(config: InstanceConfig) {
    this.config = normalizeConfig(config);
    this.#masterAdverIntervalCs = this.config.advertIntervalCs;
    for (const t of this.config.trackers) {
      this.#trackers.set(t.name, { config: t, ok: t.initFail !== true, weight: t.weight });
    }
    this.#priority = effectivePriority(this.config.priority, this.#trackers.values());
  }

  /** Instance name. */
  get name(): string {
    return this.config.name;
  }

  /** Current state. */
  get state(): VrrpState {
    return this.#state;
  }

  /** Effective priority (configured priority adjusted by tracking weights). */
  get priority(): number {
    return this.#priority;
  }

  /** Master_Adver_Interval in centiseconds (v3 learns it from the Master while Backup). */
  get masterAdverIntervalCs(): number {
    return this.#masterAdverIntervalCs;
  }

  /** Skew_Time in ms for the current priority and Master_Adver_Interval. */
  get skewTimeMs(): number {
    return skewTimeMs(this.config.version, this.#priority, this.#masterAdverIntervalCs);
  }

  /** Master_Down_Interval in ms for the current priority and Master_Adver_Interval. */
  get masterDownIntervalMs(): number {
    return masterDownIntervalMs(
      this.config.version,
      this.#priority,
      this.#masterAdverIntervalCs,
      this.config.downTimerAdverts,
    );
  }

  /** Whether one of this instance's own weight-0 trackers is failing. */
  get ownFault(): boolean {
    return faultingTracker(this.#trackers.values()) !== undefined;
  }

  /** Whether a sync group holds this instance in Fault. */
  get syncFault(): boolean {
    return this.#syncFault;
  }

  /** Timers currently armed (as far as the machine knows). */
  get armedTimers(): ReadonlySet<TimerName> {
    return this.#armed;
  }

  /** Status of each tracked object. */
  get trackers(): ReadonlyMap<string, Readonly<TrackerStatus>> {
    return this.#trackers;
  }

  /**
   * Processes one event.
   *
   * @param event - the event, with the caller's time
   * @returns the actions to execute, in order
   */
  handle(event: VrrpEvent): VrrpAction[] {
    const out: VrrpAction[] = [];
    switch (event.type) {
      case 'start':
        this.#start(event.now, out);
        break;
      case 'advert':
        this.#advert(event, out);
        break;
      case 'timer':
        this.#timer(event.timer, event.now, out);
        break;
      case 'tracker':
        this.#tracker(event, out);
        break;
      case 'shutdown':
        this.#shutdown(out);
        break;
      case 'sync':
        this.#sync(event.to, event.reason, event.now, out);
        break;
    }
    return out;
  }

  // ---- helpers -------------------------------------------------------------------------------

  #set(out: VrrpAction[], timer: TimerName, at: number): void {
    this.#armed.add(timer);
    out.push({ type: 'setTimer', timer, at });
  }

  #cancel(out: VrrpAction[], ...timers: TimerName[]): void {
    if (timers.includes('garpLowerPrio')) this.#lowerPrioBatches = [];
    for (const timer of timers) {
      if (this.#armed.delete(timer)) out.push({ type: 'cancelTimer', timer });
    }
  }

  #change(out: VrrpAction[], to: VrrpState, cause: TransitionCause, reason: string): void {
    const from = this.#state;
    this.#state = to;
    out.push({ type: 'stateChange', from, to, cause, reason });
  }

  #announce(out: VrrpAction[], count: number, reason: AnnounceReason): void {
    if (count > 0) out.push({ type: 'announce', addresses: [...this.config.addresses], count, reason });
  }

  #sendAdvert(out: VrrpAction[], priority: number): void {
    out.push({ type: 'sendAdvert', priority, intervalCs: this.config.advertIntervalCs });
  }

  #faulted(): boolean {
    return this.#syncFault || this.ownFault;
  }

  // ---- transitions ---------------------------------------------------------------------------

  #start(now: number, out: VrrpAction[]): void {
    if (this.#state !== 'Initialize') {
      out.push({ type: 'event', kind: 'ignored', message: `start ignored in state ${this.#state}` });
      return;
    }
    this.#masterAdverIntervalCs = this.config.advertIntervalCs;
    // keepalived removes the addresses at start-up: this also clears a VIP left behind by a crash.
    out.push({ type: 'removeVips', addresses: [...this.config.addresses] });
    if (this.#faulted()) {
      const t = faultingTracker(this.#trackers.values());
      this.#change(out, 'Fault', 'fault', t ? describeTracker(t) : 'sync group in fault');
      return;
    }
    // keepalived always starts in Backup, even with `state MASTER`. An address owner (priority
    // 255) configured `state MASTER` takes over after one Advertisement_Interval + Skew_Time
    // (keepalived maintainer, acassen/keepalived#1835: the extra interval lets two owners see
    // each other); every other instance waits the full Master_Down_Interval: 3 × 1 s + 106/256 s
    // = 3.4140625 s for priority 150. Capture a-v2-pass-startup lists "3.40 s": that is measured
    // from the kernel's first IGMP join of 224.0.0.18 (sent when the socket opens, ~11 ms after
    // keepalived armed the timer) to the first advert; from the start command it is 3.46 s
    // (~47 ms process start-up + 3.414 s), and the t-* series show 3.4142-3.4143 s from the
    // logged "Entering BACKUP STATE (init)" to the first advert.
    this.#change(out, 'Backup', 'startup', 'init');
    this.#preemptDelayPending = this.config.preemptDelayMs > 0;
    const owner = this.config.priority === 255 && this.config.initialState === 'MASTER';
    const wait = owner
      ? advertIntervalMs(this.config.advertIntervalCs) + this.skewTimeMs
      : this.masterDownIntervalMs;
    this.#set(out, 'masterDown', now + wait);
  }

  #becomeMaster(now: number, out: VrrpAction[], cause: TransitionCause, reason: string): void {
    this.#cancel(out, 'masterDown', 'preemptDelay');
    this.#preemptDelayPending = false;
    this.#change(out, 'Master', cause, reason);
    if (this.#masterAdverIntervalCs !== this.config.advertIntervalCs) {
      out.push({
        type: 'event',
        kind: 'intervalRestored',
        message: `changing advert interval from ${ms(this.#masterAdverIntervalCs)} to locally configured ${ms(this.config.advertIntervalCs)}`,
      });
      this.#masterAdverIntervalCs = this.config.advertIntervalCs;
    }
    this.#sendAdvert(out, this.#priority);
    out.push({ type: 'addVips', addresses: [...this.config.addresses], accept: this.config.acceptMode });
    const g = this.config.garp;
    this.#announce(out, g.masterRepeat, 'becomeMaster');
    this.#set(out, 'advert', now + advertIntervalMs(this.config.advertIntervalCs));
    if (g.masterDelayMs > 0 && g.masterRepeat > 0) this.#set(out, 'garpDelay', now + g.masterDelayMs);
    if (g.masterRefreshMs > 0) this.#set(out, 'garpRefresh', now + g.masterRefreshMs);
  }

  #becomeBackup(now: number, out: VrrpAction[], cause: TransitionCause, reason: string): void {
    const wasMaster = this.#state === 'Master';
    this.#cancel(out, 'advert', 'garpDelay', 'garpRefresh', 'garpLowerPrio');
    this.#change(out, 'Backup', cause, reason);
    if (wasMaster) out.push({ type: 'removeVips', addresses: [...this.config.addresses] });
    this.#set(out, 'masterDown', now + this.masterDownIntervalMs);
  }

  #enterFault(out: VrrpAction[], cause: TransitionCause, reason: string): void {
    if (this.#state === 'Master') {
      // keepalived: "sent 0 priority" then "removing VIPs".
      this.#sendAdvert(out, 0);
      out.push({ type: 'removeVips', addresses: [...this.config.addresses] });
    }
    this.#cancel(out, 'masterDown', 'preemptDelay', 'advert', 'garpDelay', 'garpRefresh', 'garpLowerPrio');
    this.#preemptDelayPending = false;
    this.#masterAdverIntervalCs = this.config.advertIntervalCs;
    this.#change(out, 'Fault', cause, reason);
  }

  #leaveFault(now: number, out: VrrpAction[], cause: TransitionCause, reason: string): void {
    this.#preemptDelayPending = this.config.preemptDelayMs > 0;
    this.#becomeBackup(now, out, cause, reason);
  }

  #shutdown(out: VrrpAction[]): void {
    if (this.#state === 'Initialize') return;
    if (this.#state === 'Master') {
      this.#sendAdvert(out, 0);
      out.push({ type: 'removeVips', addresses: [...this.config.addresses] });
    }
    this.#cancel(out, 'masterDown', 'preemptDelay', 'advert', 'garpDelay', 'garpRefresh', 'garpLowerPrio');
    this.#change(out, 'Initialize', 'shutdown', 'shutdown');
  }

  // ---- inputs --------------------------------------------------------------------------------

  #advert(event: AdvertEvent, out: VrrpAction[]): void {
    const { advert, meta, now } = event;
    if (this.#state !== 'Backup' && this.#state !== 'Master') {
      out.push({
        type: 'event',
        kind: 'ignored',
        message: `advert from ${meta.source} ignored in ${this.#state}`,
      });
      return;
    }
    if (this.config.version === 2 && advert.intervalCs !== this.config.advertIntervalCs) {
      // RFC 3768 §7.1: discard; keepalived logs it and both sides may end up Master.
      out.push({
        type: 'event',
        kind: 'intervalMismatch',
        message: `advertisement interval mismatch mine=${this.config.advertIntervalCs / 100} sec rcv'd=${advert.intervalCs / 100} sec`,
      });
      return;
    }
    const src = meta.source;
    const prio = advert.priority;
    const ours = this.#priority;
    if (this.#state === 'Backup') {
      if (prio === 0) {
        out.push({
          type: 'event',
          kind: 'priorityZeroReceived',
          message: 'Backup received priority 0 advertisement',
        });
        this.#set(out, 'masterDown', now + this.skewTimeMs);
        return;
      }
      if (!this.config.preempt || prio >= ours) {
        if (this.config.version === 3 && advert.intervalCs !== this.#masterAdverIntervalCs) {
          out.push({
            type: 'event',
            kind: 'intervalLearned',
            message: `advertisement interval updated from ${ms(this.#masterAdverIntervalCs)} to ${ms(advert.intervalCs)} by master`,
          });
          this.#masterAdverIntervalCs = advert.intervalCs;
        }
        this.#preemptDelayPending = false;
        this.#cancel(out, 'preemptDelay');
        this.#set(out, 'masterDown', now + this.masterDownIntervalMs);
        return;
      }
      // Preempting: discard without resetting the timer (takes over at Master_Down_Interval).
      out.push({
        type: 'event',
        kind: 'lowerPriorityDiscarded',
        message: `received lower priority (${prio}) advert from ${src} - discarding`,
      });
      if (this.config.preemptDelayMs > 0 && !this.#armed.has('preemptDelay'))
        this.#preemptDelayPending = true;
      return;
    }
    // Master
    if (prio === 0) {
      out.push({
        type: 'event',
        kind: 'priorityZeroReceived',
        message: 'Master received priority 0 message',
      });
      this.#sendAdvert(out, ours);
      this.#set(out, 'advert', now + advertIntervalMs(this.config.advertIntervalCs));
      return;
    }
    if (prio > ours || (prio === ours && compareAddresses(src, this.config.primaryAddress) > 0)) {
      if (this.config.higherPrioSendAdvert) this.#sendAdvert(out, ours);
      if (this.config.version === 3) this.#masterAdverIntervalCs = advert.intervalCs;
      const why =
        prio > ours
          ? `higher priority ${prio} from ${src}`
          : `equal priority ${prio} from higher address ${src}`;
      this.#becomeBackup(now, out, 'higherPriority', why);
      return;
    }
    if (this.config.lowerPrioNoAdvert) {
      out.push({
        type: 'event',
        kind: 'ignored',
        message: `lower priority ${prio} advert from ${src} ignored`,
      });
      return;
    }
    // keepalived (and RFC 9568): answer at once, re-phase the advert timer, re-announce.
    out.push({
      type: 'event',
      kind: 'lowerPriorityElection',
      message: `Received advert from ${src} with lower priority ${prio}, ours ${ours}, forcing new election`,
    });
    this.#sendAdvert(out, ours);
    this.#set(out, 'advert', now + advertIntervalMs(this.config.advertIntervalCs));
    const g = this.config.garp;
    this.#announce(out, g.lowerPrioRepeat, 'lowerPriority');
    if (g.lowerPrioDelayMs > 0 && g.lowerPrioRepeat > 0) {
      // One delayed batch per such advert (capture p-v2-partition-heal: three adverts, three
      // batches 5 s after each); the single timer slot walks through the queue.
      this.#lowerPrioBatches.push(now + g.lowerPrioDelayMs);
      if (!this.#armed.has('garpLowerPrio')) this.#set(out, 'garpLowerPrio', now + g.lowerPrioDelayMs);
    }
  }

  #timer(timer: TimerName, now: number, out: VrrpAction[]): void {
    if (!this.#armed.delete(timer)) return; // stale or cancelled: nothing to do
    const g = this.config.garp;
    if (this.#state === 'Backup') {
      if (timer === 'masterDown') {
        if (this.#preemptDelayPending && this.config.preemptDelayMs > 0) {
          this.#preemptDelayPending = false;
          this.#set(out, 'preemptDelay', now + this.config.preemptDelayMs);
          return;
        }
        this.#becomeMaster(now, out, 'masterDown', 'master down interval expired');
      } else if (timer === 'preemptDelay') {
        this.#becomeMaster(now, out, 'preemptDelay', 'preempt delay expired');
      }
      return;
    }
    if (this.#state !== 'Master') return;
    switch (timer) {
      case 'advert':
        this.#sendAdvert(out, this.#priority);
        this.#set(out, 'advert', now + advertIntervalMs(this.config.advertIntervalCs));
        break;
      case 'garpDelay':
        this.#announce(out, g.masterRepeat, 'masterDelay');
        break;
      case 'garpRefresh':
        this.#announce(out, g.masterRefreshRepeat, 'refresh');
        this.#set(out, 'garpRefresh', now + g.masterRefreshMs);
        break;
      case 'garpLowerPrio': {
        this.#announce(out, g.lowerPrioRepeat, 'lowerPriorityDelay');
        this.#lowerPrioBatches.shift();
        const next = this.#lowerPrioBatches[0];
        if (next !== undefined) this.#set(out, 'garpLowerPrio', Math.max(next, now));
        break;
      }
      default:
        break;
    }
  }

  #tracker(event: TrackerEvent, out: VrrpAction[]): void {
    const status = this.#trackers.get(event.name);
    if (!status) {
      out.push({ type: 'event', kind: 'ignored', message: `unknown tracker ${event.name}` });
      return;
    }
    const wasFault = this.#faulted();
    const before = this.#priority;
    const wasFailing = isFailing(status);
    status.ok = event.ok;
    if (event.weight !== undefined) status.weight = event.weight;
    if (isFailing(status) !== wasFailing) {
      out.push({ type: 'event', kind: 'trackerChanged', message: describeTracker(status) });
    }
    this.#priority = effectivePriority(this.config.priority, this.#trackers.values());
    if (this.#priority !== before) out.push({ type: 'priorityChange', from: before, to: this.#priority });
    const isFault = this.#faulted();
    if (this.#state === 'Initialize') return;
    if (!wasFault && isFault) this.#enterFault(out, 'fault', describeTracker(status));
    else if (wasFault && !isFault && this.#state === 'Fault') {
      this.#leaveFault(event.now, out, 'faultCleared', describeTracker(status));
    }
  }

  #sync(to: 'Master' | 'Backup' | 'Fault' | 'Unfault', reason: string, now: number, out: VrrpAction[]): void {
    switch (to) {
      case 'Fault':
        this.#syncFault = true;
        if (this.#state === 'Backup' || this.#state === 'Master') this.#enterFault(out, 'syncGroup', reason);
        break;
      case 'Unfault':
        this.#syncFault = false;
        if (this.#state === 'Fault' && !this.ownFault) this.#leaveFault(now, out, 'syncGroup', reason);
        break;
      case 'Master':
        if (this.#state === 'Backup') this.#becomeMaster(now, out, 'syncGroup', reason);
        break;
      case 'Backup':
        if (this.#state === 'Master') this.#becomeBackup(now, out, 'syncGroup', reason);
        break;
    }
  }
}
