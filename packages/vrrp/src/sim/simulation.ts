/**
 * The deterministic VRRP simulator: a virtual clock, a virtual LAN and any number of
 * simulated routers running the real state machine, with every advertisement encoded and
 * validated by the real codec. The same seed and the same script give the same timeline.
 *
 * @module
 */

import { EventEmitter } from 'eventemitter3';
import type { VrrpAction } from '../fsm/actions.js';
import type { VrrpState } from '../fsm/events.js';
import type { DropReason, Family, RxMeta } from '../types.js';
import { type ScheduledEvent, VirtualClock } from './clock.js';
import { type LinkProps, VirtualLan } from './lan.js';
import { Prng } from './prng.js';
import { type RouterHost, type SimInstance, SimRouter, type SimRouterConfig } from './router.js';
import { formatTrace, type NodeTrace, type StateTrace, type TraceEntry } from './trace.js';

/** Which entry types a {@link Simulation} records in its trace. */
export interface SimRecordOptions {
  /** Every advert sent (default false: one entry per advert is a lot). */
  adverts?: boolean;
  /** GARP/NA batches (default true). */
  announces?: boolean;
  /** Informational events and priority changes (default true). */
  info?: boolean;
  /** Dropped packets (default true). */
  drops?: boolean;
}

/** Counters of a {@link Simulation}. */
export interface SimCounters {
  /** Adverts sent. */
  adverts: number;
  /** Adverts delivered to a receiver (after partitions and loss). */
  deliveries: number;
  /** Clock callbacks run. */
  events: number;
}

/** Options of a {@link Simulation}. */
export interface SimulationOptions {
  /** PRNG seed for loss and jitter (default 1). */
  seed?: number;
  /** Default link properties (default: no delay, no loss). */
  link?: Partial<LinkProps>;
  /**
   * Which entry types to record in the trace (default all but `advert`; pass
   * `{ adverts: true }` to record every advert as well).
   */
  record?: SimRecordOptions;
}

/** Events emitted by a {@link Simulation} (eventemitter3). */
export interface SimulationEvents {
  /** Any recorded trace entry. */
  trace: (entry: TraceEntry) => void;
  /** An instance changed state. */
  stateChange: (entry: StateTrace) => void;
}

const MULTICAST: Record<Family, string> = { ipv4: '224.0.0.18', ipv6: 'ff02::12' };

/** A deterministic simulation of VRRP routers on virtual LAN segments. */
export class Simulation extends EventEmitter<SimulationEvents> implements RouterHost {
  /** The virtual clock. */
  readonly clock = new VirtualClock();
  /** The virtual LAN (reachability, delay, loss). */
  readonly lan: VirtualLan;
  /** Everything recorded, in order. */
  readonly trace: TraceEntry[] = [];
  #prng: Prng;
  #routers = new Map<string, SimRouter>();
  #bySegmentVrid = new Map<string, SimRouter[]>();
  #record: Required<SimRecordOptions>;
  #adverts = 0;
  #deliveries = 0;

  /**
   * @param options - seed, default link properties, what to record
   */
  constructor(options: SimulationOptions = {}) {
    super();
    this.#prng = new Prng(options.seed ?? 1);
    this.lan = new VirtualLan(options.link);
    this.#record = {
      adverts: options.record?.adverts ?? false,
      announces: options.record?.announces ?? true,
      info: options.record?.info ?? true,
      drops: options.record?.drops ?? true,
    };
  }

  /** Current virtual time, ms. */
  get now(): number {
    return this.clock.now;
  }

  /** Counters: adverts sent, packet deliveries, clock callbacks run. */
  get counters(): SimCounters {
    return { adverts: this.#adverts, deliveries: this.#deliveries, events: this.clock.processed };
  }

  /** Every router. */
  get routers(): ReadonlyMap<string, SimRouter> {
    return this.#routers;
  }

  /**
   * Adds a router; it starts at the current time unless `autoStart` is false.
   *
   * @param config - router configuration
   * @returns the router
   */
  addRouter(config: SimRouterConfig): SimRouter {
    if (this.#routers.has(config.name)) throw new Error(`router ${config.name} exists`);
    const r = new SimRouter(config, this);
    this.#routers.set(config.name, r);
    for (const ic of config.instances) {
      const family: Family = ic.family ?? ((ic.addresses[0] ?? '').includes(':') ? 'ipv6' : 'ipv4');
      const key = `${r.segment}/${family}/${ic.vrid}`;
      const list = this.#bySegmentVrid.get(key) ?? [];
      list.push(r);
      this.#bySegmentVrid.set(key, list);
    }
    if (config.autoStart !== false) this.start(config.name);
    return r;
  }

  /**
   * A router by name.
   *
   * @param name - router name
   * @returns the router
   */
  router(name: string): SimRouter {
    const r = this.#routers.get(name);
    if (!r) throw new Error(`no router ${name}`);
    return r;
  }

  // ---- scenario operations (run now; use `at()` to schedule them) ---------------------------

  /**
   * Starts (or restarts) a router's VRRP process.
   *
   * @param name - router name
   */
  start(name: string): void {
    const r = this.router(name);
    if (r.up) return;
    this.#node(name, 'start', '');
    r.start();
  }

  /**
   * Crashes a router (SIGKILL): silence, no priority-0 advert, stale VIPs stay.
   *
   * @param name - router name
   */
  crash(name: string): void {
    const r = this.router(name);
    if (!r.up) return;
    this.#node(name, 'crash', '');
    r.crash();
  }

  /**
   * Stops a router gracefully (SIGTERM): priority-0 advert, VIPs removed.
   *
   * @param name - router name
   */
  stop(name: string): void {
    const r = this.router(name);
    if (!r.up) return;
    this.#node(name, 'stop', '');
    r.stop();
  }

  /**
   * Crash, then start again after `downMs`.
   *
   * @param name - router name
   * @param downMs - time down, ms
   */
  restart(name: string, downMs = 0): void {
    this.crash(name);
    this.at(this.now + downMs, () => this.start(name));
  }

  /**
   * Reports a tracked object's state on a router (interface, script, file…).
   *
   * @param name - router name
   * @param tracker - tracker name
   * @param ok - whether it is OK
   * @param weight - optional dynamic weight
   */
  setTracker(name: string, tracker: string, ok: boolean, weight?: number): void {
    this.#node(
      name,
      'tracker',
      `${tracker} ${ok ? 'ok' : 'failed'}${weight === undefined ? '' : ` weight ${weight}`}`,
    );
    this.router(name).setTracker(tracker, ok, weight);
  }

  /**
   * Carrier loss or recovery on a router's interface: the LAN stops (or resumes) carrying its
   * packets, then its instances see their interface tracker change — so, as with keepalived,
   * the priority-0 advert sent on entering Fault never reaches the wire.
   *
   * @param name - router name
   * @param up - carrier state
   */
  setCarrier(name: string, up: boolean): void {
    const r = this.router(name);
    this.#node(name, 'carrier', `${r.interfaceName} ${up ? 'up' : 'down'}`);
    this.lan.setCarrier(name, up);
    r.setTracker(r.interfaceName, up);
  }

  /**
   * Partitions the LAN into groups that cannot hear each other.
   *
   * @param groups - router names per side
   */
  partition(...groups: string[][]): void {
    this.#node('*', 'partition', groups.map((g) => g.join(',')).join(' | '));
    this.lan.partition(groups);
  }

  /**
   * One-way cut: `to` stops hearing `from`.
   *
   * @param from - sender
   * @param to - receiver
   */
  cut(from: string, to: string): void {
    this.#node('*', 'cut', `${from} -> ${to}`);
    this.lan.cut(from, to);
  }

  /** Heals every partition and cut. */
  heal(): void {
    this.#node('*', 'heal', '');
    this.lan.heal();
  }

  /**
   * Schedules a scenario step at an absolute virtual time.
   *
   * @param t - time, ms
   * @param fn - what to do
   * @returns the scheduled event
   */
  at(t: number, fn: () => void): ScheduledEvent {
    return this.clock.schedule(t, fn);
  }

  /**
   * Runs the simulation for `ms` milliseconds of virtual time.
   *
   * @param ms - duration, ms
   * @returns the number of events processed
   */
  runFor(ms: number): number {
    return this.clock.runUntil(this.now + ms);
  }

  /**
   * Runs the simulation until absolute time `t`.
   *
   * @param t - time, ms
   * @returns the number of events processed
   */
  runUntil(t: number): number {
    return this.clock.runUntil(t);
  }

  // ---- queries -------------------------------------------------------------------------------

  /**
   * Routers whose instance for `vrid` is Master.
   *
   * @param vrid - VRID
   * @param family - address family (default ipv4)
   * @param segment - segment (default all)
   * @returns router names, sorted
   */
  mastersOf(vrid: number, family: Family = 'ipv4', segment?: string): string[] {
    return this.#select((r) => r.stateOf(vrid, family) === 'Master', segment);
  }

  /**
   * Router states for a VRID.
   *
   * @param vrid - VRID
   * @param family - address family (default ipv4)
   * @returns router name → state
   */
  statesOf(vrid: number, family: Family = 'ipv4'): Record<string, VrrpState> {
    const out: Record<string, VrrpState> = {};
    for (const r of this.#routers.values())
      if (r.config.instances.some((i) => i.vrid === vrid)) out[r.name] = r.stateOf(vrid, family);
    return out;
  }

  /**
   * Routers that have a virtual address configured (including stale ones after a crash).
   *
   * @param address - the virtual address
   * @returns router names, sorted
   */
  holdersOf(address: string): string[] {
    return this.#select((r) => r.vips.has(address));
  }

  /**
   * State changes recorded, optionally filtered.
   *
   * @param filter - router, VRID and/or target state
   * @returns the matching entries in order
   */
  transitions(filter: { router?: string; vrid?: number; to?: VrrpState } = {}): StateTrace[] {
    return this.trace.filter(
      (e): e is StateTrace =>
        e.type === 'state' &&
        (filter.router === undefined || e.router === filter.router) &&
        (filter.vrid === undefined || e.vrid === filter.vrid) &&
        (filter.to === undefined || e.to === filter.to),
    );
  }

  /**
   * The trace as text, one line per entry.
   *
   * @param filter - which entry types (default all recorded)
   * @returns the timeline
   */
  timeline(filter?: (e: TraceEntry) => boolean): string {
    return this.trace
      .filter(filter ?? (() => true))
      .map(formatTrace)
      .join('\n');
  }

  // ---- RouterHost ----------------------------------------------------------------------------

  /**
   * Schedules a callback on the virtual clock (used by routers).
   *
   * @internal
   */
  schedule(at: number, run: () => void): ScheduledEvent {
    return this.clock.schedule(at, run);
  }

  /**
   * Cancels a scheduled callback (used by routers).
   *
   * @internal
   */
  cancel(ev: ScheduledEvent | undefined): void {
    this.clock.cancel(ev);
  }

  /**
   * Multicasts an encoded advert on the sender's segment (used by routers).
   *
   * @internal
   */
  transmit(from: SimRouter, vrid: number, family: Family, bytes: Uint8Array, priority: number): void {
    this.#adverts++;
    if (this.#record.adverts) this.#push({ type: 'advert', at: this.now, router: from.name, vrid, priority });
    const source = (family === 'ipv6' ? from.config.address6 : from.config.address) ?? from.config.address;
    const receivers = this.#bySegmentVrid.get(`${from.segment}/${family}/${vrid}`) ?? [];
    for (const to of receivers) {
      if (to === from || !this.lan.canReach(from.name, to.name)) continue;
      const link = this.lan.link(from.name, to.name);
      if (link.lossRate > 0 && this.#prng.next() < link.lossRate) continue;
      const delay = link.delayMs + (link.jitterMs > 0 ? this.#prng.next() * link.jitterMs : 0);
      const meta: RxMeta = { source, destination: MULTICAST[family], ttl: 255 };
      this.#deliveries++;
      if (delay === 0) {
        // Zero delay still goes through the queue so that delivery order is the send order.
        this.clock.schedule(this.now, () => to.receive(vrid, family, bytes, meta));
      } else {
        this.clock.schedule(this.now + delay, () => to.receive(vrid, family, bytes, meta));
      }
    }
  }

  /**
   * Records an executed action in the trace (used by routers).
   *
   * @internal
   */
  report(router: SimRouter, inst: SimInstance, a: VrrpAction): void {
    const at = this.now;
    const vrid = inst.fsm.config.vrid;
    switch (a.type) {
      case 'stateChange': {
        const e: StateTrace = {
          type: 'state',
          at,
          router: router.name,
          instance: inst.fsm.name,
          vrid,
          from: a.from,
          to: a.to,
          cause: a.cause,
          reason: a.reason,
        };
        this.#push(e);
        this.emit('stateChange', e);
        break;
      }
      case 'addVips':
      case 'removeVips':
        this.#push({
          type: 'vips',
          at,
          router: router.name,
          vrid,
          op: a.type === 'addVips' ? 'add' : 'remove',
          addresses: a.addresses,
        });
        break;
      case 'announce':
        if (this.#record.announces) {
          this.#push({ type: 'announce', at, router: router.name, vrid, count: a.count, reason: a.reason });
        }
        break;
      case 'priorityChange':
        if (this.#record.info) {
          this.#push({
            type: 'info',
            at,
            router: router.name,
            vrid,
            kind: 'priorityChange',
            message: `priority ${a.from} -> ${a.to}`,
          });
        }
        break;
      case 'event':
        if (this.#record.info)
          this.#push({ type: 'info', at, router: router.name, vrid, kind: a.kind, message: a.message });
        break;
      default:
        break;
    }
  }

  /**
   * Records a dropped packet in the trace (used by routers).
   *
   * @internal
   */
  reportDrop(router: SimRouter, inst: SimInstance, reason: string, detail: string): void {
    if (!this.#record.drops) return;
    this.#push({
      type: 'drop',
      at: this.now,
      router: router.name,
      vrid: inst.fsm.config.vrid,
      reason: reason as DropReason,
      detail,
    });
  }

  #push(e: TraceEntry): void {
    this.trace.push(e);
    if (this.listenerCount('trace') > 0) this.emit('trace', e);
  }

  #node(router: string, op: NodeTrace['op'], detail: string): void {
    this.#push({ type: 'node', at: this.now, router, op, detail });
  }

  #select(pred: (r: SimRouter) => boolean, segment?: string): string[] {
    const out: string[] = [];
    for (const r of this.#routers.values())
      if ((segment === undefined || r.segment === segment) && pred(r)) out.push(r.name);
    return out.sort();
  }
}
