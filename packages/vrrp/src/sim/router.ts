/**
 * A simulated router: one host on a virtual LAN segment running any number of VRRP
 * instances (optionally in sync groups). It binds the pure state machine to the simulator's
 * clock and LAN exactly as a real shell binds it to timers and sockets.
 *
 * @module
 */

import { encodeAdvertisement, passwordAuthData } from '../codec/encode.js';
import { VrrpStatistics } from '../codec/statistics.js';
import { type ReceiveExpectations, validateAdvertisement } from '../codec/validate.js';
import type { VrrpAction } from '../fsm/actions.js';
import type { InstanceConfig } from '../fsm/config.js';
import type { TimerName, VrrpEvent, VrrpState } from '../fsm/events.js';
import { VrrpInstance } from '../fsm/instance.js';
import { SyncGroup } from '../fsm/sync-group.js';
import type { AuthType, Family, RxMeta } from '../types.js';
import type { ScheduledEvent } from './clock.js';

/** A VRRP instance of a simulated router: the state-machine configuration plus wire options. */
export interface SimInstanceConfig extends Omit<InstanceConfig, 'primaryAddress'> {
  /** Primary address; default the router's address of the instance's family. */
  primaryAddress?: string;
  /** v2 authentication type on the wire (0 none, 1 PASS); default 0. */
  authType?: AuthType;
  /** v2 PASS password (`auth_pass`). */
  authPass?: string;
  /**
   * keepalived `dont_track_primary`: do not go to Fault when the router's interface loses
   * carrier. By default every instance tracks the interface with weight 0.
   */
  dontTrackPrimary?: boolean;
}

/** A `vrrp_sync_group` of a simulated router. */
export interface SimSyncGroupConfig {
  /** Group name. */
  name: string;
  /** Member instance names. */
  members: string[];
}

/** Configuration of a simulated router. */
export interface SimRouterConfig {
  /** Unique router name ("h1"). */
  name: string;
  /** IPv4 primary address of its interface (192.0.2.11). */
  address: string;
  /** IPv6 link-local address, needed for IPv6 instances (fe80::ff:fe00:11). */
  address6?: string;
  /** Interface name, tracked by every instance (see {@link Simulation.setCarrier}); default `eth0`. */
  interface?: string;
  /** LAN segment (broadcast domain); default `lan0`. VRIDs are per segment. */
  segment?: string;
  /** VRRP instances. */
  instances: SimInstanceConfig[];
  /** Sync groups: name and member instance names. */
  syncGroups?: SimSyncGroupConfig[];
  /**
   * Delay between the start command and the instances' `start` event, ms — models process
   * start-up (keepalived 2.2.7 in the lab: ~47–53 ms). Default 0.
   */
  startupDelayMs?: number;
  /** Start at time 0 when added (default true). */
  autoStart?: boolean;
}

/** The simulator services a router uses (implemented by {@link Simulation}). */
export interface RouterHost {
  /** Current virtual time. */
  readonly now: number;
  /** Schedule a callback. */
  schedule(at: number, run: () => void): ScheduledEvent;
  /** Cancel a callback. */
  cancel(ev: ScheduledEvent | undefined): void;
  /** Put an encoded advert on the router's segment. */
  transmit(from: SimRouter, vrid: number, family: Family, bytes: Uint8Array, priority: number): void;
  /** Report an action executed by an instance (tracing, events). */
  report(router: SimRouter, inst: SimInstance, action: VrrpAction): void;
  /** Report a dropped packet. */
  reportDrop(router: SimRouter, inst: SimInstance, reason: string, detail: string): void;
}

/** One running VRRP instance of a simulated router. */
export interface SimInstance {
  /** The state machine. */
  readonly fsm: VrrpInstance;
  /** Wire configuration. */
  readonly config: SimInstanceConfig;
  /** Receive expectations for the codec. */
  readonly expect: ReceiveExpectations;
  /** Armed timers. */
  readonly timers: Map<TimerName, ScheduledEvent>;
  /** Receive and send counters. */
  readonly stats: VrrpStatistics;
  /** Sync group, if any. */
  group?: SyncGroup;
}

const MULTICAST: Record<Family, string> = { ipv4: '224.0.0.18', ipv6: 'ff02::12' };

/** A simulated host running VRRP instances. */
export class SimRouter {
  /** Configuration. */
  readonly config: SimRouterConfig;
  /** Segment name. */
  readonly segment: string;
  /** Virtual addresses currently configured on the interface (stale ones stay after a crash). */
  readonly vips = new Set<string>();
  #host: RouterHost;
  #up = false;
  #generation = 0;
  #instances = new Map<string, SimInstance>();
  #byVrid = new Map<string, SimInstance>();
  #trackerWorld = new Map<string, { ok: boolean; weight?: number }>();
  #stats = new Map<string, VrrpStatistics>();

  /**
   * @param config - router configuration
   * @param host - the simulator
   */
  constructor(config: SimRouterConfig, host: RouterHost) {
    this.config = config;
    this.segment = config.segment ?? 'lan0';
    this.#host = host;
  }

  /** Router name. */
  get name(): string {
    return this.config.name;
  }

  /** Name of the router's interface (tracked by its instances). */
  get interfaceName(): string {
    return this.config.interface ?? 'eth0';
  }

  /** Whether the VRRP process is running. */
  get up(): boolean {
    return this.#up;
  }

  /** Running instances by name (empty while down). */
  get instances(): ReadonlyMap<string, SimInstance> {
    return this.#instances;
  }

  /**
   * The running instance for a VRID and family.
   *
   * @param vrid - VRID
   * @param family - address family (default ipv4)
   * @returns the instance, or undefined
   */
  instance(vrid: number, family: Family = 'ipv4'): SimInstance | undefined {
    return this.#byVrid.get(`${family}/${vrid}`);
  }

  /**
   * State of the instance for a VRID ('Initialize' when down or absent).
   *
   * @param vrid - VRID
   * @param family - address family (default ipv4)
   * @returns the state
   */
  stateOf(vrid: number, family: Family = 'ipv4'): VrrpState {
    return this.instance(vrid, family)?.fsm.state ?? 'Initialize';
  }

  /**
   * Counters of an instance, kept across restarts.
   *
   * @param instance - instance name
   * @returns the counters (created on first use)
   */
  stats(instance: string): VrrpStatistics {
    let s = this.#stats.get(instance);
    if (!s) {
      s = new VrrpStatistics();
      this.#stats.set(instance, s);
    }
    return s;
  }

  /** Starts the VRRP process: fresh state machines, `start` after `startupDelayMs`. */
  start(): void {
    if (this.#up) return;
    this.#up = true;
    const gen = ++this.#generation;
    this.#instances.clear();
    this.#byVrid.clear();
    for (const ic of this.config.instances) {
      const family: Family = ic.family ?? ((ic.addresses[0] ?? '').includes(':') ? 'ipv6' : 'ipv4');
      const primary = ic.primaryAddress ?? (family === 'ipv6' ? this.config.address6 : this.config.address);
      if (primary === undefined) throw new Error(`${this.name}: IPv6 instance needs address6`);
      const { authType, authPass, dontTrackPrimary, primaryAddress: _p, ...rest } = ic;
      const ifname = this.interfaceName;
      const trackers = [...(rest.trackers ?? [])];
      if (dontTrackPrimary !== true && !trackers.some((t) => t.name === ifname)) {
        trackers.push({ name: ifname, kind: 'interface', weight: 0 });
      }
      const fsm = new VrrpInstance({ ...rest, trackers, family, primaryAddress: primary });
      const expect: ReceiveExpectations = {
        version: fsm.config.version,
        family,
        vrid: fsm.config.vrid,
        intervalCs: fsm.config.advertIntervalCs,
        addresses: fsm.config.addresses,
        authType: authType ?? 0,
        ownAddresses: [primary],
      };
      if (authPass !== undefined) expect.authPass = authPass;
      const inst: SimInstance = { fsm, config: ic, expect, timers: new Map(), stats: this.stats(fsm.name) };
      this.#instances.set(fsm.name, inst);
      this.#byVrid.set(`${family}/${fsm.config.vrid}`, inst);
    }
    for (const g of this.config.syncGroups ?? []) {
      const members = g.members.map((m) => {
        const inst = this.#instances.get(m);
        if (!inst) throw new Error(`${this.name}: sync group ${g.name} member ${m} unknown`);
        return inst;
      });
      const group = new SyncGroup(
        g.name,
        members.map((m) => m.fsm),
      );
      for (const m of members) m.group = group;
    }
    const startAt = this.#host.now + (this.config.startupDelayMs ?? 0);
    this.#host.schedule(startAt, () => {
      if (gen !== this.#generation) return;
      // Trackers keep their real-world state across restarts.
      for (const inst of this.#instances.values()) {
        for (const [name, w] of this.#trackerWorld) {
          if (!inst.fsm.trackers.has(name)) continue;
          this.#dispatch(inst, { type: 'tracker', now: this.#host.now, name, ok: w.ok, ...this.#weight(w) });
        }
      }
      for (const inst of this.#instances.values())
        this.#dispatch(inst, { type: 'start', now: this.#host.now });
    });
  }

  /** Crash: the process dies silently; timers stop; the VIPs stay configured (stale). */
  crash(): void {
    if (!this.#up) return;
    this.#up = false;
    this.#generation++;
    for (const inst of this.#instances.values()) for (const t of inst.timers.values()) this.#host.cancel(t);
    this.#instances.clear();
    this.#byVrid.clear();
  }

  /** Graceful stop: every instance handles `shutdown` (priority-0 advert, VIPs removed), then the process exits. */
  stop(): void {
    if (!this.#up) return;
    for (const inst of this.#instances.values())
      this.#dispatch(inst, { type: 'shutdown', now: this.#host.now });
    this.crash();
  }

  /**
   * A tracked object changed; every instance tracking `name` is told.
   *
   * @param name - tracker name
   * @param ok - whether it is OK
   * @param weight - optional dynamic weight
   */
  setTracker(name: string, ok: boolean, weight?: number): void {
    const w: { ok: boolean; weight?: number } = { ok };
    if (weight !== undefined) w.weight = weight;
    this.#trackerWorld.set(name, w);
    if (!this.#up) return;
    for (const inst of this.#instances.values()) {
      if (!inst.fsm.trackers.has(name)) continue;
      this.#dispatch(inst, { type: 'tracker', now: this.#host.now, name, ok, ...this.#weight(w) });
    }
  }

  #weight(w: { weight?: number }): { weight?: number } {
    return w.weight === undefined ? {} : { weight: w.weight };
  }

  /**
   * Receives an advert from the segment: receive validation by the real codec, then the state machine.
   *
   * @param vrid - VRID the packet is for (demultiplexing)
   * @param family - address family
   * @param bytes - the VRRP message
   * @param meta - IP metadata
   */
  receive(vrid: number, family: Family, bytes: Uint8Array, meta: RxMeta): void {
    if (!this.#up) return;
    const inst = this.instance(vrid, family);
    if (!inst) return;
    const result = validateAdvertisement(bytes, meta, inst.expect);
    inst.stats.record(result);
    if (!result.ok) {
      this.#host.reportDrop(this, inst, result.reason, result.detail);
      return;
    }
    this.#dispatch(inst, { type: 'advert', now: this.#host.now, advert: result.advert, meta });
  }

  #dispatch(inst: SimInstance, event: VrrpEvent): void {
    if (inst.group) {
      for (const [name, actions] of inst.group.handle(inst.fsm.name, event)) {
        const member = this.#instances.get(name);
        if (member) this.#execute(member, actions);
      }
    } else {
      this.#execute(inst, inst.fsm.handle(event));
    }
  }

  #execute(inst: SimInstance, actions: VrrpAction[]): void {
    const gen = this.#generation;
    const host = this.#host;
    for (const a of actions) {
      switch (a.type) {
        case 'sendAdvert': {
          const c = inst.fsm.config;
          const authType = c.version === 2 ? (inst.config.authType ?? 0) : 0;
          const authData =
            c.version === 3
              ? new Uint8Array(0)
              : authType === 1
                ? passwordAuthData(inst.config.authPass ?? '')
                : new Uint8Array(8);
          const bytes = encodeAdvertisement(
            {
              version: c.version,
              family: c.family,
              vrid: c.vrid,
              priority: a.priority,
              intervalCs: a.intervalCs,
              addresses: c.addresses,
              authType,
              authData,
            },
            { source: c.primaryAddress, destination: MULTICAST[c.family] },
          );
          inst.stats.recordSent({ priority: a.priority });
          host.transmit(this, c.vrid, c.family, bytes, a.priority);
          break;
        }
        case 'addVips':
          for (const v of a.addresses) this.vips.add(v);
          break;
        case 'removeVips':
          for (const v of a.addresses) this.vips.delete(v);
          break;
        case 'setTimer': {
          host.cancel(inst.timers.get(a.timer));
          const timer = a.timer;
          inst.timers.set(
            timer,
            host.schedule(a.at, () => {
              if (gen !== this.#generation) return;
              inst.timers.delete(timer);
              this.#dispatch(inst, { type: 'timer', now: host.now, timer });
            }),
          );
          break;
        }
        case 'cancelTimer':
          host.cancel(inst.timers.get(a.timer));
          inst.timers.delete(a.timer);
          break;
        case 'stateChange':
          if (a.to === 'Master') inst.stats.recordMasterTransition();
          break;
        default:
          break;
      }
      host.report(this, inst, a);
    }
  }
}
