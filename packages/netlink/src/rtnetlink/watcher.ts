import { EventEmitter } from 'eventemitter3';
import { NetlinkConnection } from '../connection.js';
import { NETLINK_ROUTE, RTM, RTNLGRP } from '../constants.js';
import type { NetlinkMessage } from '../message.js';
import { type Address, addressKey, decodeAddress } from './address.js';
import { RtnetlinkClient, type RtnetlinkClientOptions } from './client.js';
import { decodeLink, type Link } from './link.js';

/** Options of {@link RtnetlinkWatcher.open}. */
export interface WatcherOptions extends RtnetlinkClientOptions {
  /** Watch links (RTNLGRP_LINK). Default true. */
  links?: boolean;
  /** Watch IPv4 addresses (RTNLGRP_IPV4_IFADDR). Default true. */
  ipv4?: boolean;
  /** Watch IPv6 addresses (RTNLGRP_IPV6_IFADDR). Default true. */
  ipv6?: boolean;
}

/** What a resynchronisation after an overflow changed. */
export interface ResyncSummary {
  /** Addresses found in the dump that the watcher did not know. */
  addressesAdded: Address[];
  /** Addresses the watcher knew that the dump no longer has. */
  addressesRemoved: Address[];
  /** Links added, removed or changed. */
  linksChanged: number;
}

/** Events of an {@link RtnetlinkWatcher}. */
export interface WatcherEvents {
  /** A new link appeared. */
  linkAdded: (link: Link) => void;
  /** A link disappeared. */
  linkRemoved: (link: Link) => void;
  /** A known link changed (flags, state, name, MTU, …). */
  linkChanged: (link: Link, previous: Link) => void;
  /** A link became operationally up (IFF_UP and IFF_RUNNING). */
  linkUp: (link: Link) => void;
  /** A link stopped being operationally up. */
  linkDown: (link: Link) => void;
  /** A link's carrier (IFF_LOWER_UP) changed. */
  carrier: (link: Link, on: boolean) => void;
  /** An address was added. */
  addressAdded: (address: Address) => void;
  /** A known address changed (flags such as tentative → permanent). */
  addressChanged: (address: Address, previous: Address) => void;
  /** An address was removed. */
  addressRemoved: (address: Address) => void;
  /** The event socket overflowed; a resync follows. */
  overflow: () => void;
  /** A resync (dump + diff) finished; the differences were also emitted as events. */
  resync: (summary: ResyncSummary) => void;
  /** A failure (decode, receive or a failed resync dump, which is retried). */
  error: (err: Error) => void;
}

function sameLink(a: Link, b: Link): boolean {
  return (
    a.flags === b.flags &&
    a.name === b.name &&
    a.mtu === b.mtu &&
    a.operstate === b.operstate &&
    a.mac === b.mac &&
    a.master === b.master
  );
}

function sameAddress(a: Address, b: Address): boolean {
  return a.flags === b.flags && a.label === b.label && a.scope === b.scope && a.peer === b.peer;
}

/**
 * Keeps the links and addresses of a namespace in memory from rtnetlink notifications, and
 * emits their changes as typed events. When the event socket overflows (ENOBUFS: the kernel
 * dropped notifications) it dumps links and addresses, emits the difference, and carries on —
 * no state is lost and the process never aborts.
 */
export class RtnetlinkWatcher extends EventEmitter<WatcherEvents> {
  readonly #events: NetlinkConnection;
  readonly #client: RtnetlinkClient;
  readonly #groups: number[];
  readonly #families = new Set<4 | 6>();
  readonly #links = new Map<number, Link>();
  readonly #addresses = new Map<string, Address>();
  #buffer: NetlinkMessage[] | undefined;
  #resyncAgain = false;
  #resyncing: Promise<ResyncSummary> | undefined;
  #summary: ResyncSummary | undefined;
  #closed = false;
  #overflows = 0;

  /**
   * @param events - connection that receives notifications (groups are joined on `start`)
   * @param client - client for the dumps (a separate socket)
   * @param options - which groups
   */
  constructor(events: NetlinkConnection, client: RtnetlinkClient, options: WatcherOptions = {}) {
    super();
    this.#events = events;
    this.#client = client;
    this.#groups = [];
    if (options.links !== false) this.#groups.push(RTNLGRP.LINK);
    if (options.ipv4 !== false) {
      this.#groups.push(RTNLGRP.IPV4_IFADDR);
      this.#families.add(4);
    }
    if (options.ipv6 !== false) {
      this.#groups.push(RTNLGRP.IPV6_IFADDR);
      this.#families.add(6);
    }
    events.on('notification', (m) => this.#onNotification(m));
    events.on('overflow', () => this.#onOverflow());
    events.on('error', (e) => this.emit('error', e));
  }

  /**
   * Opens the two sockets, subscribes, and loads the current state.
   *
   * @param options - namespace, rcvbuf of the event socket, groups
   * @returns a started watcher
   */
  static async open(options: WatcherOptions = {}): Promise<RtnetlinkWatcher> {
    const events = NetlinkConnection.open(NETLINK_ROUTE, options);
    const clientOptions: RtnetlinkClientOptions = {};
    if (options.netns !== undefined) clientOptions.netns = options.netns;
    if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
    let client: RtnetlinkClient;
    try {
      client = RtnetlinkClient.open(clientOptions);
    } catch (err) {
      events.close();
      throw err;
    }
    const w = new RtnetlinkWatcher(events, client, options);
    try {
      await w.start();
    } catch (err) {
      w.close();
      throw err;
    }
    return w;
  }

  /** Joins the groups, then loads the state with a dump (notifications meanwhile are replayed). */
  async start(): Promise<void> {
    for (const g of this.#groups) this.#events.transport.addMembership(g);
    await this.resync(false);
  }

  /** Links by index. */
  get links(): ReadonlyMap<number, Link> {
    return this.#links;
  }

  /** Addresses by {@link addressKey}. */
  get addresses(): ReadonlyMap<string, Address> {
    return this.#addresses;
  }

  /** How many overflows were seen. */
  get overflows(): number {
    return this.#overflows;
  }

  /**
   * The addresses of one interface.
   *
   * @param index - interface index
   * @returns its addresses
   */
  addressesOf(index: number): Address[] {
    return [...this.#addresses.values()].filter((a) => a.index === index);
  }

  /**
   * A link by name.
   *
   * @param name - interface name
   * @returns the link, if known
   */
  linkByName(name: string): Link | undefined {
    for (const l of this.#links.values()) if (l.name === name) return l;
    return undefined;
  }

  /**
   * Dumps links and addresses and reconciles the in-memory state, emitting the differences.
   * Concurrent calls share one run; an overflow during a run triggers one more.
   *
   * @param emit - emit events for the differences (false for the initial load)
   * @returns what changed
   */
  resync(emit = true): Promise<ResyncSummary> {
    if (this.#resyncing) {
      this.#resyncAgain = true;
      return this.#resyncing;
    }
    this.#resyncing = this.#runResync(emit).finally(() => {
      this.#resyncing = undefined;
    });
    return this.#resyncing;
  }

  async #runResync(emit: boolean): Promise<ResyncSummary> {
    const total: ResyncSummary = { addressesAdded: [], addressesRemoved: [], linksChanged: 0 };
    for (let attempt = 0; ; ) {
      this.#resyncAgain = false;
      this.#buffer = [];
      try {
        const links = await this.#client.links();
        const family = this.#families.size === 1 ? [...this.#families][0] : undefined;
        const addresses =
          this.#families.size === 0
            ? []
            : await this.#client.addresses(family === undefined ? {} : { family });
        this.#summary = emit ? total : undefined;
        const seenLinks = new Set<number>();
        for (const l of links) {
          seenLinks.add(l.index);
          this.#setLink(l, emit);
        }
        for (const [index, l] of [...this.#links]) if (!seenLinks.has(index)) this.#removeLink(l, emit);
        const seen = new Set<string>();
        for (const a of addresses) {
          seen.add(addressKey(a));
          this.#setAddress(a, emit);
        }
        for (const [key, a] of [...this.#addresses]) if (!seen.has(key)) this.#removeAddress(a, emit);
        this.#summary = undefined;
      } catch (err) {
        this.#summary = undefined;
        const buffered = this.#buffer;
        this.#buffer = undefined;
        for (const m of buffered) this.#apply(m, true);
        if (this.#closed || attempt++ >= 5) throw err;
        this.emit('error', err instanceof Error ? err : new Error(String(err)));
        await new Promise((r) => setTimeout(r, 50 * attempt));
        continue;
      }
      // Replay what arrived during the dump: events are idempotent, the last one wins.
      const buffered = this.#buffer;
      this.#buffer = undefined;
      for (const m of buffered) this.#apply(m, emit);
      if (!this.#resyncAgain || this.#closed) break;
    }
    if (emit) this.emit('resync', total);
    return total;
  }

  #onOverflow(): void {
    this.#overflows++;
    this.emit('overflow');
    this.resync(true).catch((err: unknown) => {
      if (!this.#closed) this.emit('error', err instanceof Error ? err : new Error(String(err)));
    });
  }

  #onNotification(m: NetlinkMessage): void {
    if (this.#buffer) {
      this.#buffer.push(m);
      return;
    }
    this.#apply(m, true);
  }

  #apply(m: NetlinkMessage, emit: boolean): void {
    switch (m.type) {
      case RTM.NEWLINK: {
        const r = decodeLink(m.payload);
        if (r.link) this.#setLink(r.link, emit);
        else this.emit('error', r.error);
        break;
      }
      case RTM.DELLINK: {
        const r = decodeLink(m.payload);
        const known = r.link ? this.#links.get(r.link.index) : undefined;
        if (known) this.#removeLink(known, emit);
        break;
      }
      case RTM.NEWADDR: {
        const r = decodeAddress(m.payload);
        if (r.address) {
          if (this.#families.has(r.address.family)) this.#setAddress(r.address, emit);
        } else this.emit('error', r.error);
        break;
      }
      case RTM.DELADDR: {
        const r = decodeAddress(m.payload);
        const known = r.address ? this.#addresses.get(addressKey(r.address)) : undefined;
        if (known) this.#removeAddress(known, emit);
        break;
      }
    }
  }

  #setLink(link: Link, emit: boolean): void {
    const prev = this.#links.get(link.index);
    this.#links.set(link.index, link);
    if (!emit) return;
    if (!prev) {
      if (this.#summary) this.#summary.linksChanged++;
      this.emit('linkAdded', link);
      return;
    }
    if (sameLink(prev, link)) return;
    if (this.#summary) this.#summary.linksChanged++;
    this.emit('linkChanged', link, prev);
    const wasUp = prev.up && prev.running;
    const isUp = link.up && link.running;
    if (wasUp !== isUp) this.emit(isUp ? 'linkUp' : 'linkDown', link);
    if (prev.lowerUp !== link.lowerUp) this.emit('carrier', link, link.lowerUp);
  }

  #removeLink(link: Link, emit: boolean): void {
    this.#links.delete(link.index);
    for (const a of this.addressesOf(link.index)) this.#removeAddress(a, emit);
    if (!emit) return;
    if (this.#summary) this.#summary.linksChanged++;
    this.emit('linkRemoved', link);
  }

  #setAddress(a: Address, emit: boolean): void {
    const key = addressKey(a);
    const prev = this.#addresses.get(key);
    this.#addresses.set(key, a);
    if (!emit) return;
    if (!prev) {
      this.#summary?.addressesAdded.push(a);
      this.emit('addressAdded', a);
    } else if (!sameAddress(prev, a)) {
      this.emit('addressChanged', a, prev);
    }
  }

  #removeAddress(a: Address, emit: boolean): void {
    this.#addresses.delete(addressKey(a));
    if (!emit) return;
    this.#summary?.addressesRemoved.push(a);
    this.emit('addressRemoved', a);
  }

  /** Closes both sockets. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#events.close();
    this.#client.close();
  }

  /** Closes the watcher (`await using w = …`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
