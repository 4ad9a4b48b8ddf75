/**
 * `Router`: one VRRP instance bound to the real kernel — the pure state machine driven by real
 * timers, raw sockets, rtnetlink and a packet socket.
 *
 * @module
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RtnetlinkClient } from '@ha/netlink';
import { interfaceInfo, netnsPath } from '@ha/socket';
import { EventEmitter } from 'eventemitter3';
import { encodeAdvertisement, passwordAuthData } from '../codec/encode.js';
import { VrrpStatistics } from '../codec/statistics.js';
import { type ReceiveExpectations, validateAdvertisement } from '../codec/validate.js';
import type { VrrpAction } from '../fsm/actions.js';
import type { InstanceConfig } from '../fsm/config.js';
import type { TimerName, VrrpEvent, VrrpState } from '../fsm/events.js';
import { VrrpInstance } from '../fsm/instance.js';
import type { VrrpInstanceEvents } from '../fsm/notifications.js';
import type { AuthType, DropReason, Family, RxMeta } from '../types.js';
import { Announcer } from './announcer.js';
import { RouterError } from './errors.js';
import { InterfaceTracker } from './interface-tracker.js';
import { Notifier, type NotifyScripts } from './notify.js';
import { ScriptTracker, type ScriptTrackerConfig } from './script-tracker.js';
import type { RouterSyncGroup } from './sync-group.js';
import { type PreciseTimer, setPreciseTimer } from './timer.js';
import { RawVrrpTransport, type VrrpTransport, vrrpGroup } from './transport.js';
import { parseVirtualAddress, VipManager, type VirtualAddress } from './vip-manager.js';

/** The instance part of {@link RouterOptions}: the state machine's configuration. */
export interface RouterInstanceConfig extends Omit<InstanceConfig, 'primaryAddress' | 'addresses'> {
  /**
   * `virtual_ipaddress`: addresses with an optional prefix length (`192.0.2.100/24`; default
   * /32 or /128 as keepalived).
   */
  addresses: string[];
  /**
   * Primary address (the advert source and tie-breaker). Default: the interface's first IPv4
   * address, or its IPv6 link-local address; `unicastSource` when set.
   */
  primaryAddress?: string;
}

/** Options of {@link Router.start}. */
export interface RouterOptions {
  /** Interface the instance runs on (`interface`). */
  interface: string;
  /** The VRRP instance. */
  instance: RouterInstanceConfig;
  /** Run in this network namespace (name from `ip netns` or a path); default: the current one. */
  netns?: string;
  /** v2 authentication: 0 none (default), 1 simple password (`auth_type PASS`). */
  authType?: AuthType;
  /** v2 `auth_pass` (first 8 bytes used). */
  authPass?: string;
  /** `unicast_peer`: send adverts to these addresses instead of the multicast group. */
  unicastPeers?: string[];
  /** `unicast_src_ip`: source of unicast adverts (default: the primary address). */
  unicastSource?: string;
  /** IPv4 label for the virtual addresses (`eth0:vip`). */
  label?: string;
  /**
   * Directory of the VIP ownership state file (default `/run/ha-vrrp`), or `false` for no
   * state file (then VIPs left by a crash are not removed at the next start).
   */
  stateDir?: string | false;
  /** keepalived `dont_track_primary`: do not go to Fault when the interface is down. */
  dontTrackPrimary?: boolean;
  /** `vrrp_script`s; each must also be listed in `instance.trackers` (by name, with its weight). */
  scripts?: ScriptTrackerConfig[];
  /** Notify scripts. */
  notify?: NotifyScripts;
  /** Closes the router (gracefully) when aborted. */
  signal?: AbortSignal;
  /** Use this transport instead of raw sockets (tests). */
  transport?: VrrpTransport;
  /** `vrrp_sync_group`: pass the same group to every member's `Router.start` (same process). */
  syncGroup?: RouterSyncGroup;
}

/** Events of a {@link Router}: the state machine's events plus the I/O shell's. */
export interface RouterEvents extends VrrpInstanceEvents {
  /** An advertisement was sent. */
  advertSent: (advert: { instance: string; priority: number; destination: string; at: number }) => void;
  /** A received packet failed validation. */
  drop: (drop: { instance: string; reason: DropReason; detail: string; source: string; at: number }) => void;
  /** Virtual addresses were added to the interface. */
  vipsAdded: (change: { instance: string; addresses: string[]; at: number }) => void;
  /** Virtual addresses were removed from the interface (`stale`: left by a crashed run). */
  vipsRemoved: (change: { instance: string; addresses: string[]; stale: boolean; at: number }) => void;
  /** An I/O failure that did not stop the router (send error, VIP error, notify script). */
  error: (err: Error) => void;
  /** The router was closed. */
  close: () => void;
}

/** Result of looking up what the router needs to know about its interface. */
interface InterfaceFacts {
  ifindex: number;
  mac: string;
  primary: string;
}

async function netnsIdentity(netns: string | undefined): Promise<string> {
  try {
    return String((await stat(netns === undefined ? '/proc/self/ns/net' : netnsPath(netns))).ino);
  } catch {
    return 'ns';
  }
}

async function interfaceFacts(
  client: RtnetlinkClient,
  ifname: string,
  family: Family,
  netns: string | undefined,
  exclude: ReadonlySet<string>,
): Promise<InterfaceFacts> {
  let info: ReturnType<typeof interfaceInfo>;
  try {
    info = interfaceInfo(ifname, netns === undefined ? {} : { netns });
  } catch (err) {
    throw new RouterError('ERR_ROUTER_NO_INTERFACE', `no interface ${ifname}`, { cause: err });
  }
  const addrs = await client.addresses({ family: family === 'ipv4' ? 4 : 6, index: info.index });
  const candidates = addrs.filter((a) =>
    family === 'ipv4' ? !exclude.has(a.address) && (a.flags & 0x01) === 0 : a.address.startsWith('fe80:'),
  );
  const primary = candidates[0]?.address ?? '';
  return { ifindex: info.index, mac: info.mac, primary };
}

/**
 * One VRRP instance on one interface, against the real kernel: the pure {@link VrrpInstance}
 * driven by real timers (`performance.now()` clock), adverts over raw sockets, VIPs through
 * rtnetlink, GARP / NA through a packet socket, interface and script trackers, notify
 * scripts. Graceful stop (`close()`, `Symbol.asyncDispose`, the `signal`) sends priority 0 and
 * removes the VIPs; after a crash the VIPs stay and the next start removes them.
 *
 * ```ts
 * await using router = await Router.start({
 *   interface: 'eth0',
 *   instance: { vrid: 51, priority: 150, addresses: ['192.0.2.100/24'] },
 *   authType: 1,
 *   authPass: '1111',
 * });
 * router.on('stateChange', (c) => console.log(c.from, '->', c.to));
 * ```
 */
export class Router extends EventEmitter<RouterEvents> {
  /** The state machine. */
  readonly fsm: VrrpInstance;
  /** Receive / send counters (RFC 6527 names). */
  readonly stats = new VrrpStatistics();
  /** Interface name. */
  readonly interfaceName: string;
  /** Interface index. */
  readonly ifindex: number;
  /** Interface MAC. */
  readonly mac: string;
  readonly #options: RouterOptions;
  readonly #transport: VrrpTransport;
  readonly #vips: VipManager;
  readonly #announcer: Announcer;
  readonly #client: RtnetlinkClient;
  readonly #expect: ReceiveExpectations;
  readonly #virtual: Map<string, VirtualAddress>;
  readonly #timers = new Map<TimerName, PreciseTimer>();
  readonly #scripts: ScriptTracker[] = [];
  readonly #notifier: Notifier;
  readonly #authData: Uint8Array;
  readonly #destinations: string[];
  #interfaceTracker: InterfaceTracker | undefined;
  #vipQueue: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  #closed = false;
  #onAbort: (() => void) | undefined;

  private constructor(
    options: RouterOptions,
    fsm: VrrpInstance,
    facts: InterfaceFacts,
    virtual: Map<string, VirtualAddress>,
    parts: { transport: VrrpTransport; vips: VipManager; announcer: Announcer; client: RtnetlinkClient },
  ) {
    super();
    this.#options = options;
    this.fsm = fsm;
    this.interfaceName = options.interface;
    this.ifindex = facts.ifindex;
    this.mac = facts.mac;
    this.#virtual = virtual;
    this.#transport = parts.transport;
    this.#vips = parts.vips;
    this.#announcer = parts.announcer;
    this.#client = parts.client;
    const c = fsm.config;
    const authType: AuthType = c.version === 2 ? (options.authType ?? 0) : 0;
    this.#authData =
      c.version === 3
        ? new Uint8Array(0)
        : authType === 1
          ? passwordAuthData(options.authPass ?? '')
          : new Uint8Array(8);
    const peers = options.unicastPeers ?? [];
    this.#destinations = peers.length > 0 ? [...peers] : [vrrpGroup(c.family)];
    this.#expect = {
      version: c.version,
      family: c.family,
      vrid: c.vrid,
      intervalCs: c.advertIntervalCs,
      addresses: c.addresses,
      authType,
      ownAddresses: [c.primaryAddress, ...(options.unicastSource ? [options.unicastSource] : [])],
    };
    if (options.authPass !== undefined) this.#expect.authPass = options.authPass;
    if (peers.length > 0) this.#expect.unicastPeers = [...peers];
    this.#notifier = new Notifier(options.notify ?? {}, (err) =>
      this.emit(
        'error',
        new RouterError('ERR_ROUTER_NOTIFY', `notify script failed: ${err.message}`, { cause: err }),
      ),
    );
  }

  /**
   * Opens the sockets, removes VIPs a crashed previous run left behind, and starts the instance
   * (in Backup, as keepalived — even with `initialState: 'MASTER'`, unless priority 255).
   *
   * @param options - interface, instance, wire options
   * @returns the running router
   * @throws RouterError (`ERR_ROUTER_CONFIG`, `ERR_ROUTER_NO_INTERFACE`) or VrrpFsmError
   */
  static async start(options: RouterOptions): Promise<Router> {
    const virtual = new Map<string, VirtualAddress>();
    for (const text of options.instance.addresses) {
      const v = parseVirtualAddress(text);
      virtual.set(v.address, v);
    }
    const plain = [...virtual.keys()];
    const first = plain[0] ?? options.instance.primaryAddress ?? '';
    const family: Family = options.instance.family ?? (first.includes(':') ? 'ipv6' : 'ipv4');
    const netns = options.netns;
    const client = RtnetlinkClient.open(netns === undefined ? {} : { netns });
    let transport: VrrpTransport | undefined;
    let vips: VipManager | undefined;
    let announcer: Announcer | undefined;
    try {
      const facts = await interfaceFacts(client, options.interface, family, netns, new Set(plain));
      const primary = options.instance.primaryAddress ?? options.unicastSource ?? facts.primary;
      if (primary === '') {
        throw new RouterError(
          'ERR_ROUTER_CONFIG',
          `${options.interface} has no ${family === 'ipv4' ? 'IPv4' : 'IPv6 link-local'} address`,
        );
      }
      facts.primary = primary;
      const trackers = [...(options.instance.trackers ?? [])];
      if (options.dontTrackPrimary !== true && !trackers.some((t) => t.name === options.interface)) {
        trackers.push({ name: options.interface, kind: 'interface', weight: 0 });
      }
      const { primaryAddress: _p, addresses: _a, ...rest } = options.instance;
      const fsm = new VrrpInstance({ ...rest, family, addresses: plain, primaryAddress: primary, trackers });
      const stateDir = options.stateDir ?? '/run/ha-vrrp';
      const stateFile =
        stateDir === false
          ? false
          : join(stateDir, `${fsm.name}@${options.interface}.${await netnsIdentity(netns)}.json`);
      vips = VipManager.open({
        ifname: options.interface,
        ifindex: facts.ifindex,
        stateFile,
        client,
        ...(options.label === undefined ? {} : { label: options.label }),
      });
      announcer = Announcer.open({
        ifindex: facts.ifindex,
        mac: facts.mac,
        ...(netns === undefined ? {} : { netns }),
      });
      transport =
        options.transport ??
        RawVrrpTransport.open({
          family,
          ifname: options.interface,
          ifindex: facts.ifindex,
          source: primary,
          multicast: (options.unicastPeers ?? []).length === 0,
          ...(netns === undefined ? {} : { netns }),
        });
      const router = new Router(options, fsm, facts, virtual, { transport, vips, announcer, client });
      await router.#open();
      return router;
    } catch (err) {
      transport?.close();
      announcer?.close();
      vips?.close();
      client.close();
      throw err;
    }
  }

  async #open(): Promise<void> {
    const stale = await this.#vips.removeStale();
    const staleAt = performance.now();
    this.#transport.onMessage((bytes, meta) => this.#receive(bytes, meta));
    const watched = [...this.fsm.trackers.values()]
      .filter((t) => t.config.kind === 'interface')
      .map((t) => t.config.name);
    if (watched.length > 0) {
      this.#interfaceTracker = await InterfaceTracker.open({
        interfaces: watched,
        ...(this.#options.netns === undefined ? {} : { netns: this.#options.netns }),
        onChange: (name, up) => this.#dispatch({ type: 'tracker', now: performance.now(), name, ok: up }),
      });
    }
    for (const s of this.#options.scripts ?? []) {
      const t = new ScriptTracker(s, (name, ok) =>
        this.#dispatch({ type: 'tracker', now: performance.now(), name, ok }),
      );
      if (s.initFail === true)
        this.#dispatch({ type: 'tracker', now: performance.now(), name: s.name, ok: false });
      this.#scripts.push(t);
      t.start();
    }
    const signal = this.#options.signal;
    if (signal) {
      if (signal.aborted) {
        void this.close();
        return;
      }
      this.#onAbort = () => void this.close();
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
    // On the next turn of the loop, so that listeners attached right after
    // `await Router.start()` see the first transition (Initialize → Backup).
    const start = (): void => {
      setImmediate(() => {
        if (this.#closed) return;
        if (stale.length > 0) {
          this.emit('vipsRemoved', { instance: this.name, addresses: stale, stale: true, at: staleAt });
        }
        this.#dispatch({ type: 'start', now: performance.now() });
      });
    };
    if (this.#options.syncGroup) this.#options.syncGroup.register(this.fsm, this, start);
    else start();
  }

  /** Instance name. */
  get name(): string {
    return this.fsm.name;
  }

  /** Current state. */
  get state(): VrrpState {
    return this.fsm.state;
  }

  /** Current effective priority. */
  get priority(): number {
    return this.fsm.priority;
  }

  /** The virtual addresses this router has configured on the interface. */
  get vips(): string[] {
    return this.#vips.owned.map((v) => v.address);
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Resolves when the VIP changes queued so far are done (useful in tests and demos).
   *
   * @returns a promise
   */
  settled(): Promise<void> {
    return this.#vipQueue;
  }

  /**
   * Reports a tracked object's state (for trackers the router does not run itself, e.g. a
   * `track_file` or a health check of the application).
   *
   * @param name - tracker name as configured in `instance.trackers`
   * @param ok - whether it is OK
   * @param weight - optional dynamic weight
   */
  setTracker(name: string, ok: boolean, weight?: number): void {
    if (this.#closed) return;
    this.#dispatch({
      type: 'tracker',
      now: performance.now(),
      name,
      ok,
      ...(weight === undefined ? {} : { weight }),
    });
  }

  #receive(bytes: Uint8Array, meta: RxMeta): void {
    if (this.#closed) return;
    const result = validateAdvertisement(bytes, meta, this.#expect);
    this.stats.record(result);
    if (!result.ok) {
      if (result.reason !== 'vrIdErrors' && result.reason !== 'ownAdvert') {
        this.emit('drop', {
          instance: this.name,
          reason: result.reason,
          detail: result.detail,
          source: meta.source,
          at: performance.now(),
        });
      }
      return;
    }
    this.#dispatch({ type: 'advert', now: performance.now(), advert: result.advert, meta });
  }

  #dispatch(event: VrrpEvent): void {
    const sync = this.#options.syncGroup;
    const group = sync?.group;
    if (!sync || !group) {
      this.#execute(this.fsm.handle(event));
      return;
    }
    for (const [name, actions] of group.handle(this.name, event)) {
      const member = sync.member(name);
      if (member === this) this.#execute(actions);
      else if (member instanceof Router && !member.#closed) member.#execute(actions);
    }
  }

  #execute(actions: VrrpAction[]): void {
    const at = performance.now();
    const instance = this.name;
    // Adverts go to the wire first: they are what peers time their elections by, and the
    // events, notify scripts and netlink work after them must not delay them.
    for (const a of actions) if (a.type === 'sendAdvert') this.#sendAdvert(a.priority, a.intervalCs);
    for (const a of actions) {
      switch (a.type) {
        case 'sendAdvert':
          break;
        case 'addVips':
          this.#queueVips('add', a.addresses);
          break;
        case 'removeVips':
          this.#queueVips('remove', a.addresses);
          break;
        case 'announce':
          try {
            this.#announcer.announce(a.addresses, a.count);
          } catch (err) {
            this.emit('error', err as Error);
          }
          this.emit('announce', { addresses: a.addresses, count: a.count, reason: a.reason, instance, at });
          break;
        case 'setTimer': {
          this.#timers.get(a.timer)?.cancel();
          const timer = a.timer;
          this.#timers.set(
            timer,
            setPreciseTimer(a.at, (now) => {
              this.#timers.delete(timer);
              if (this.#closed) return;
              this.#dispatch({ type: 'timer', now, timer });
            }),
          );
          break;
        }
        case 'cancelTimer':
          this.#timers.get(a.timer)?.cancel();
          this.#timers.delete(a.timer);
          break;
        case 'stateChange':
          if (a.to === 'Master') this.stats.recordMasterTransition();
          this.#notifier.notify(instance, a.to, this.fsm.priority);
          this.emit('stateChange', {
            from: a.from,
            to: a.to,
            cause: a.cause,
            reason: a.reason,
            instance,
            at,
          });
          break;
        case 'priorityChange':
          this.emit('priorityChange', { from: a.from, to: a.to, instance, at });
          break;
        case 'event':
          this.emit('info', { kind: a.kind, message: a.message, instance, at });
          break;
      }
    }
  }

  #sendAdvert(priority: number, intervalCs: number): void {
    const c = this.fsm.config;
    for (const destination of this.#destinations) {
      try {
        const bytes = encodeAdvertisement(
          {
            version: c.version,
            family: c.family,
            vrid: c.vrid,
            priority,
            intervalCs,
            addresses: c.addresses,
            authType: c.version === 2 ? (this.#expect.authType ?? 0) : 0,
            authData: this.#authData,
          },
          { source: this.#options.unicastSource ?? c.primaryAddress, destination },
        );
        this.#transport.send(bytes, destination);
        this.stats.recordSent({ priority });
        this.emit('advertSent', { instance: this.name, priority, destination, at: performance.now() });
      } catch (err) {
        this.emit(
          'error',
          new RouterError('ERR_ROUTER_SEND', `cannot send advert: ${String(err)}`, { cause: err }),
        );
      }
    }
  }

  #queueVips(op: 'add' | 'remove', addresses: string[]): void {
    const instance = this.name;
    this.#vipQueue = this.#vipQueue.then(async () => {
      try {
        if (op === 'add') {
          const list = addresses.map((a) => this.#virtual.get(a) ?? parseVirtualAddress(a));
          const fresh = list.filter((v) => !this.#vips.owned.some((o) => o.address === v.address));
          const added = await this.#vips.add(list);
          if (added.length > 0) this.emit('vipsAdded', { instance, addresses: added, at: performance.now() });
          const foreign = fresh.filter((v) => !added.includes(v.address)).map((v) => v.address);
          if (foreign.length > 0) {
            this.emit(
              'error',
              new RouterError(
                'ERR_ROUTER_VIP',
                `${foreign.join(', ')} already on ${this.interfaceName} and not added by this router: left alone`,
              ),
            );
          }
        } else {
          const removed = await this.#vips.remove(addresses);
          if (removed.length > 0) {
            this.emit('vipsRemoved', { instance, addresses: removed, stale: false, at: performance.now() });
          }
        }
      } catch (err) {
        this.emit('error', err as Error);
      }
    });
  }

  /**
   * Graceful stop: a Master sends a priority-0 advert and removes its VIPs; every socket,
   * timer and tracker is closed. Idempotent.
   *
   * @returns resolves when everything is released
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#onAbort) this.#options.signal?.removeEventListener('abort', this.#onAbort);
    for (const s of this.#scripts) s.close();
    this.#interfaceTracker?.close();
    this.#dispatch({ type: 'shutdown', now: performance.now() });
    this.#closed = true;
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
    await this.#vipQueue;
    try {
      const removed = await this.#vips.remove();
      if (removed.length > 0) {
        this.emit('vipsRemoved', {
          instance: this.name,
          addresses: removed,
          stale: false,
          at: performance.now(),
        });
      }
    } catch (err) {
      this.emit('error', err as Error);
    }
    await this.#notifier.drain();
    this.#transport.close();
    this.#announcer.close();
    this.#vips.close();
    this.#client.close();
    this.emit('close');
  }

  /** Same as {@link Router.close} (`await using router = …`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
