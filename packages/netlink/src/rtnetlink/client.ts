import type { NetlinkSocketOptions } from '@ha/socket';
import { AttributeEncoder } from '../attributes.js';
import { type ConnectionOptions, NetlinkConnection } from '../connection.js';
import { AF_INET, AF_INET6, AF_UNSPEC, IFF, IFLA, NETLINK_ROUTE, NLM_F, RTM } from '../constants.js';
import { LITTLE_ENDIAN as LE } from '../endian.js';
import { NetlinkError } from '../errors.js';
import { type Address, type AddressSpec, decodeAddress, encodeAddress, IFADDRMSG_LEN } from './address.js';
import { decodeLink, encodeIfinfomsg, type Link } from './link.js';

/** Options of {@link RtnetlinkClient.open}. */
export type RtnetlinkClientOptions = Pick<NetlinkSocketOptions, 'netns' | 'rcvbuf'> & ConnectionOptions;

/** Filter of {@link RtnetlinkClient.addresses}. */
export interface AddressFilter {
  /** Only this family. */
  family?: 4 | 6;
  /** Only this interface index. */
  index?: number;
}

/** Options of {@link RtnetlinkClient.addAddress}. */
export interface AddAddressOptions {
  /** Replace an existing identical address instead of failing with `EEXIST`. */
  replace?: boolean;
}

/**
 * rtnetlink requests: links and addresses — list, get, add, delete, set up/down. Errors are
 * {@link NetlinkError}s with `code` (`'EEXIST'`, `'EADDRNOTAVAIL'`, `'ENODEV'`, `'EPERM'`, …).
 */
export class RtnetlinkClient {
  /** The underlying connection. */
  readonly connection: NetlinkConnection;

  /** @param connection - a NETLINK_ROUTE connection (real socket or fake kernel) */
  constructor(connection: NetlinkConnection) {
    this.connection = connection;
  }

  /**
   * Opens a NETLINK_ROUTE socket and a client over it.
   *
   * @param options - namespace, buffer size, timeouts
   * @returns the client
   */
  static open(options: RtnetlinkClientOptions = {}): RtnetlinkClient {
    return new RtnetlinkClient(NetlinkConnection.open(NETLINK_ROUTE, options));
  }

  /** Every link (RTM_GETLINK dump). */
  async links(): Promise<Link[]> {
    const msgs = await this.connection.dump(RTM.GETLINK, encodeIfinfomsg({}));
    const out: Link[] = [];
    for (const m of msgs) {
      if (m.type !== RTM.NEWLINK) continue;
      const r = decodeLink(m.payload);
      if (r.link) out.push(r.link);
    }
    return out;
  }

  /**
   * One link by name or index. Rejects with `ENODEV` when there is none.
   *
   * @param nameOrIndex - interface name or index
   * @returns the link
   */
  async link(nameOrIndex: string | number): Promise<Link> {
    const payload =
      typeof nameOrIndex === 'number'
        ? encodeIfinfomsg({ index: nameOrIndex })
        : Buffer.concat([
            encodeIfinfomsg({}),
            new AttributeEncoder().string(IFLA.IFNAME, nameOrIndex).encode(),
          ]);
    const msgs = await this.connection.request({ type: RTM.GETLINK, payload });
    for (const m of msgs) {
      const r = m.type === RTM.NEWLINK ? decodeLink(m.payload) : undefined;
      if (r?.link) return r.link;
    }
    throw new NetlinkError(19, RTM.GETLINK, { message: 'no link in the reply' });
  }

  /**
   * Sets a link administratively up or down (like `ip link set dev X up|down`).
   *
   * @param index - interface index
   * @param up - up or down
   */
  async setLinkUp(index: number, up: boolean): Promise<void> {
    await this.connection.request({
      type: RTM.NEWLINK,
      payload: encodeIfinfomsg({ index, flags: up ? IFF.UP : 0, change: IFF.UP }),
    });
  }

  /**
   * Every address (RTM_GETADDR dump), optionally filtered.
   *
   * @param filter - family and/or interface
   * @returns the addresses
   */
  async addresses(filter: AddressFilter = {}): Promise<Address[]> {
    const h = Buffer.alloc(IFADDRMSG_LEN);
    h[0] = filter.family === 4 ? AF_INET : filter.family === 6 ? AF_INET6 : AF_UNSPEC;
    // With NETLINK_GET_STRICT_CHK the kernel filters by ifa_index itself; we filter again
    // below for kernels (and fakes) that do not.
    if (filter.index !== undefined) {
      if (LE) h.writeUInt32LE(filter.index, 4);
      else h.writeUInt32BE(filter.index, 4);
    }
    const msgs = await this.connection.dump(RTM.GETADDR, h);
    const out: Address[] = [];
    for (const m of msgs) {
      if (m.type !== RTM.NEWADDR) continue;
      const r = decodeAddress(m.payload);
      if (!r.address) continue;
      if (filter.index !== undefined && r.address.index !== filter.index) continue;
      if (filter.family !== undefined && r.address.family !== filter.family) continue;
      out.push(r.address);
    }
    return out;
  }

  /**
   * Adds an address (like `ip addr add`). Rejects with `EEXIST` when it is already there
   * (unless `replace`).
   *
   * @param spec - interface, address, prefix, label, nodad, …
   * @param options - replace instead of failing
   */
  async addAddress(spec: AddressSpec, options: AddAddressOptions = {}): Promise<void> {
    await this.connection.request({
      type: RTM.NEWADDR,
      flags: NLM_F.CREATE | (options.replace ? NLM_F.REPLACE : NLM_F.EXCL),
      payload: encodeAddress(spec),
    });
  }

  /**
   * Deletes an address (like `ip addr del`). Rejects with `EADDRNOTAVAIL` when it is not there.
   *
   * @param spec - interface, address and prefix length
   */
  async deleteAddress(spec: AddressSpec): Promise<void> {
    await this.connection.request({ type: RTM.DELADDR, payload: encodeAddress(spec) });
  }

  /**
   * Adds and deletes many addresses in batched datagrams (see
   * {@link NetlinkConnection.requestBatch}); each operation settles on its own.
   *
   * @param ops - `{ add: spec }` or `{ delete: spec }` operations, in order
   * @returns one settled result per operation
   */
  async applyAddresses(
    ops: readonly ({ add: AddressSpec; replace?: boolean } | { delete: AddressSpec })[],
  ): Promise<PromiseSettledResult<void>[]> {
    const requests = ops.map((op) =>
      'add' in op
        ? {
            type: RTM.NEWADDR,
            flags: NLM_F.CREATE | (op.replace ? NLM_F.REPLACE : NLM_F.EXCL),
            payload: encodeAddress(op.add),
          }
        : { type: RTM.DELADDR, payload: encodeAddress(op.delete) },
    );
    return Promise.allSettled(this.connection.requestBatch(requests).map((p) => p.then(() => undefined)));
  }

  /** Closes the connection; pending requests reject with `SocketClosedError`. */
  close(): void {
    this.connection.close();
  }

  /** Closes the client (`await using c = …`). */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
