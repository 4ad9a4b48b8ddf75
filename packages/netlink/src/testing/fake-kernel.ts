import { SocketClosedError } from '@ha/socket';
import { AttributeDecoder, AttributeEncoder } from '../attributes.js';
import {
  AF_INET,
  AF_INET6,
  CTRL_ATTR,
  CTRL_ATTR_MCAST_GRP,
  CTRL_ATTR_OP,
  CTRL_CMD,
  GENL_ID_CTRL,
  IFA_F,
  IFF,
  IFLA,
  NETLINK_GENERIC,
  NETLINK_ROUTE,
  NLM_F,
  NLMSG,
  NLMSGERR_ATTR,
  RTM,
  RTNLGRP,
} from '../constants.js';
import { LITTLE_ENDIAN as LE } from '../endian.js';
import type { GenericFamily } from '../genetlink/ctrl.js';
import { decodeGeneric, encodeGeneric } from '../genetlink/header.js';
import { decodeMessages, encodeMessage, type NetlinkMessage, NLMSG_HDRLEN } from '../message.js';
import { type Address, addressKey, decodeAddress, encodeAddressMessage } from '../rtnetlink/address.js';
import { encodeLink, IFINFOMSG_LEN, type Link } from '../rtnetlink/link.js';
import type { DatagramSender, NetlinkTransport, TransportHandlers } from '../transport.js';

/** Options of a {@link FakeKernel}. */
export interface FakeKernelOptions {
  /** Datagrams a socket's receive queue holds before multicast notifications overflow it (default 1000). */
  queueLimit?: number;
  /** Messages per dump datagram (default 16). */
  messagesPerDatagram?: number;
}

/** Options of {@link FakeKernel.transport}. */
export interface FakeTransportOptions {
  /** Groups to join at once. */
  groups?: readonly number[];
  /** This socket's queue limit (datagrams). */
  queueLimit?: number;
  /** Netlink protocol: NETLINK_ROUTE (0, default) or NETLINK_GENERIC (16). */
  protocol?: number;
}

/** A link to create in the fake kernel. */
export interface FakeLinkSpec {
  /** Name. */
  name: string;
  /** Index (default: next free). */
  index?: number;
  /** Administratively up (default true). */
  up?: boolean;
  /** Carrier (default true). */
  lowerUp?: boolean;
  /** MTU (default 1500). */
  mtu?: number;
  /** MAC (default derived from the index). */
  mac?: string;
  /** ARPHRD type (default 1). */
  type?: number;
}

class FakeSocket implements NetlinkTransport {
  readonly portId: number;
  readonly groups = new Set<number>();
  handlers: TransportHandlers | undefined;
  queue: { datagram: Buffer; from: DatagramSender }[] = [];
  overflowed = false;
  closed = false;
  scheduled = false;
  readonly #kernel: FakeKernel;
  readonly queueLimit: number;
  readonly protocol: number;

  constructor(kernel: FakeKernel, portId: number, queueLimit: number, protocol: number) {
    this.#kernel = kernel;
    this.portId = portId;
    this.queueLimit = queueLimit;
    this.protocol = protocol;
  }

  send(datagram: Buffer): void {
    if (this.closed) {
      throw new SocketClosedError('send');
    }
    this.#kernel.receive(this, datagram);
  }

  attach(handlers: TransportHandlers): void {
    this.handlers = handlers;
  }

  addMembership(group: number): void {
    this.groups.add(group);
  }

  dropMembership(group: number): void {
    this.groups.delete(group);
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.#kernel.detach(this);
  }

  enqueue(datagram: Buffer, from: DatagramSender, droppable: boolean): void {
    if (this.closed) return;
    if (droppable && this.queue.length >= this.queueLimit) {
      this.overflowed = true;
    } else {
      this.queue.push({ datagram, from });
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    for (const { datagram, from } of items) {
      if (this.closed) return;
      this.handlers?.message(datagram, from);
    }
    if (this.overflowed && !this.closed) {
      this.overflowed = false;
      this.handlers?.overflow();
    }
  }
}

function u32(b: Buffer, o: number): number {
  return LE ? b.readUInt32LE(o) : b.readUInt32BE(o);
}

function errnoOf(code: string): number {
  const table: Record<string, number> = {
    ENOENT: 2,
    EPERM: 1,
    ENODEV: 19,
    EINVAL: 22,
    EEXIST: 17,
    EADDRNOTAVAIL: 99,
    EOPNOTSUPP: 95,
  };
  return table[code] ?? 22;
}

/**
 * An in-memory stand-in for the kernel's rtnetlink and generic-netlink controller: links,
 * addresses and families tables, acks and errors with extended-ack messages, multi-part
 * dumps, multicast notifications to subscribed transports, and overflow of small receive
 * queues. Lets the codec and client logic be tested fast and without root.
 */
export class FakeKernel {
  /** Links by index. */
  readonly links = new Map<number, Link>();
  /** Addresses by `addressKey`. */
  readonly addresses = new Map<string, Address>();
  /** Generic-netlink families by name. */
  readonly families = new Map<string, GenericFamily>();
  /** Every request received, in order. */
  readonly requests: NetlinkMessage[] = [];
  /** How many datagrams (sendmsg calls) the kernel received. */
  datagrams = 0;
  readonly #sockets = new Set<FakeSocket>();
  readonly #queueLimit: number;
  readonly #perDatagram: number;
  #nextPort = 1000;
  #nextIndex = 1;

  /** @param options - queue sizes */
  constructor(options: FakeKernelOptions = {}) {
    this.#queueLimit = options.queueLimit ?? 1000;
    this.#perDatagram = options.messagesPerDatagram ?? 16;
    this.addLink({ name: 'lo', type: 772, mtu: 65536, mac: '00:00:00:00:00:00' });
    this.families.set('nlctrl', {
      id: GENL_ID_CTRL,
      name: 'nlctrl',
      version: 2,
      headerSize: 0,
      maxAttr: 10,
      groups: new Map([['notify', 0x10]]),
      operations: new Map([[CTRL_CMD.GETFAMILY, 0x0e]]),
    });
  }

  /**
   * Opens a socket to this kernel.
   *
   * @param options - groups and queue limit
   * @returns a transport for a NetlinkConnection
   */
  transport(options: FakeTransportOptions = {}): NetlinkTransport {
    const s = new FakeSocket(
      this,
      this.#nextPort++,
      options.queueLimit ?? this.#queueLimit,
      options.protocol ?? NETLINK_ROUTE,
    );
    for (const g of options.groups ?? []) s.addMembership(g);
    this.#sockets.add(s);
    return s;
  }

  /** @internal */
  detach(s: FakeSocket): void {
    this.#sockets.delete(s);
  }

  /**
   * Creates a link (no notification).
   *
   * @param spec - name and state
   * @returns the link
   */
  addLink(spec: FakeLinkSpec): Link {
    const index = spec.index ?? this.#nextIndex;
    this.#nextIndex = Math.max(this.#nextIndex, index + 1);
    const up = spec.up ?? true;
    const lowerUp = spec.lowerUp ?? true;
    const link = this.#linkState({
      index,
      name: spec.name,
      type: spec.type ?? 1,
      flags: IFF.BROADCAST | IFF.MULTICAST,
      up,
      running: false,
      lowerUp,
      operstate: 'down',
      mtu: spec.mtu ?? 1500,
      mac: spec.mac ?? `02:00:00:00:00:${index.toString(16).padStart(2, '0')}`,
    });
    this.links.set(index, link);
    return link;
  }

  #linkState(l: Link): Link {
    let flags = l.flags & ~(IFF.UP | IFF.RUNNING | IFF.LOWER_UP);
    const running = l.up && l.lowerUp;
    if (l.up) flags |= IFF.UP;
    if (l.lowerUp) flags |= IFF.LOWER_UP;
    if (running) flags |= IFF.RUNNING;
    return { ...l, flags, running, operstate: running ? 'up' : l.up ? 'lowerlayerdown' : 'down' };
  }

  /**
   * Changes a link's admin state or carrier, notifying RTNLGRP_LINK.
   *
   * @param index - link index
   * @param state - new admin state / carrier
   */
  setLink(index: number, state: { up?: boolean; lowerUp?: boolean }): void {
    const l = this.links.get(index);
    if (!l) throw new Error(`no link ${index}`);
    const next = this.#linkState({ ...l, up: state.up ?? l.up, lowerUp: state.lowerUp ?? l.lowerUp });
    this.links.set(index, next);
    this.#notify(RTNLGRP.LINK, { type: RTM.NEWLINK, flags: 0, seq: 0, pid: 0, payload: encodeLink(next) });
  }

  /**
   * Adds an address as if another program did, notifying subscribers.
   *
   * @param a - the address
   */
  injectAddress(a: Address): void {
    this.addresses.set(addressKey(a), a);
    this.#notifyAddress(RTM.NEWADDR, a, 0, 0);
  }

  /**
   * Removes an address as if another program did, notifying subscribers.
   *
   * @param a - the address (index, address, prefix length)
   */
  removeAddress(a: Pick<Address, 'index' | 'address' | 'prefixLength'>): void {
    const known = this.addresses.get(addressKey(a));
    if (!known) return;
    this.addresses.delete(addressKey(a));
    this.#notifyAddress(RTM.DELADDR, known, 0, 0);
  }

  /**
   * Registers a generic-netlink family.
   *
   * @param family - the family
   */
  addFamily(family: GenericFamily): void {
    this.families.set(family.name, family);
  }

  #notifyAddress(type: number, a: Address, seq: number, pid: number): void {
    const group = a.family === 4 ? RTNLGRP.IPV4_IFADDR : RTNLGRP.IPV6_IFADDR;
    this.#notify(group, { type, flags: 0, seq, pid, payload: encodeAddressMessage(a) });
  }

  #notify(group: number, m: NetlinkMessage): void {
    const datagram = encodeMessage(m);
    const mask = group <= 32 ? 2 ** (group - 1) : 0;
    for (const s of this.#sockets)
      if (s.protocol === NETLINK_ROUTE && s.groups.has(group))
        s.enqueue(datagram, { pid: 0, groups: mask }, true);
  }

  /** @internal */
  receive(from: FakeSocket, datagram: Buffer): void {
    const { messages } = decodeMessages(datagram);
    this.datagrams++;
    for (const m of messages) {
      this.requests.push(m);
      try {
        this.#handle(from, m);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'EINVAL';
        this.#error(from, m, errnoOf(code), (err as Error).message);
      }
    }
  }

  #reply(to: FakeSocket, messages: NetlinkMessage[]): void {
    for (const m of messages) to.enqueue(encodeMessage(m), { pid: 0, groups: 0 }, false);
  }

  #ack(to: FakeSocket, req: NetlinkMessage): void {
    if ((req.flags & NLM_F.ACK) === 0) return;
    this.#error(to, req, 0);
  }

  #error(to: FakeSocket, req: NetlinkMessage, errno: number, message?: string): void {
    const head = Buffer.alloc(4);
    if (LE) head.writeInt32LE(-errno, 0);
    else head.writeInt32BE(-errno, 0);
    const embedded = encodeMessage({ ...req, payload: Buffer.alloc(0) }).subarray(0, NLMSG_HDRLEN);
    // The embedded header keeps the request's original length, as the kernel's does.
    if (LE) embedded.writeUInt32LE(NLMSG_HDRLEN + req.payload.length, 0);
    else embedded.writeUInt32BE(NLMSG_HDRLEN + req.payload.length, 0);
    let flags = NLM_F.CAPPED;
    let tlvs: Buffer = Buffer.alloc(0);
    if (errno !== 0 && message) {
      flags |= NLM_F.ACK_TLVS;
      tlvs = new AttributeEncoder().string(NLMSGERR_ATTR.MSG, message).encode();
    }
    this.#reply(to, [
      {
        type: NLMSG.ERROR,
        flags,
        seq: req.seq,
        pid: to.portId,
        payload: Buffer.concat([head, embedded, tlvs]),
      },
    ]);
  }

  #dump(to: FakeSocket, req: NetlinkMessage, type: number, payloads: Buffer[]): void {
    for (let i = 0; i < payloads.length; i += this.#perDatagram) {
      const chunk = payloads
        .slice(i, i + this.#perDatagram)
        .map((payload) => encodeMessage({ type, flags: NLM_F.MULTI, seq: req.seq, pid: to.portId, payload }));
      to.enqueue(Buffer.concat(chunk), { pid: 0, groups: 0 }, false);
    }
    const done = Buffer.alloc(4);
    this.#reply(to, [{ type: NLMSG.DONE, flags: NLM_F.MULTI, seq: req.seq, pid: to.portId, payload: done }]);
  }

  #handle(from: FakeSocket, m: NetlinkMessage): void {
    const dump = (m.flags & NLM_F.DUMP) === NLM_F.DUMP;
    if (from.protocol === NETLINK_GENERIC) {
      if (m.type !== GENL_ID_CTRL) throw Object.assign(new Error('unknown family'), { code: 'ENOENT' });
      this.#ctrl(from, m, dump);
      return;
    }
    switch (m.type) {
      case RTM.GETLINK:
        if (dump) this.#dump(from, m, RTM.NEWLINK, [...this.links.values()].map(encodeLink));
        else this.#getLink(from, m);
        return;
      case RTM.NEWLINK:
        this.#setLinkRequest(from, m);
        return;
      case RTM.GETADDR: {
        const family = m.payload[0] ?? 0;
        const list = [...this.addresses.values()].filter(
          (a) =>
            family === 0 || (family === AF_INET ? a.family === 4 : family === AF_INET6 && a.family === 6),
        );
        this.#dump(from, m, RTM.NEWADDR, list.map(encodeAddressMessage));
        return;
      }
      case RTM.NEWADDR:
        this.#newAddress(from, m);
        return;
      case RTM.DELADDR:
        this.#delAddress(from, m);
        return;
      default:
        throw Object.assign(new Error(`message type ${m.type} not supported`), { code: 'EOPNOTSUPP' });
    }
  }

  #getLink(from: FakeSocket, m: NetlinkMessage): void {
    const index = m.payload.length >= IFINFOMSG_LEN ? u32(m.payload, 4) : 0;
    let name: string | undefined;
    const d = new AttributeDecoder(m.payload.subarray(IFINFOMSG_LEN));
    while (d.next()) if (d.type === IFLA.IFNAME) name = d.string();
    const link = index ? this.links.get(index) : [...this.links.values()].find((l) => l.name === name);
    if (!link) throw Object.assign(new Error('Cannot find device'), { code: 'ENODEV' });
    this.#reply(from, [
      { type: RTM.NEWLINK, flags: 0, seq: m.seq, pid: from.portId, payload: encodeLink(link) },
    ]);
    this.#ack(from, m);
  }

  #setLinkRequest(from: FakeSocket, m: NetlinkMessage): void {
    const index = u32(m.payload, 4);
    const flags = u32(m.payload, 8);
    const change = u32(m.payload, 12);
    const l = this.links.get(index);
    if (!l) throw Object.assign(new Error('Cannot find device'), { code: 'ENODEV' });
    if ((change & IFF.UP) !== 0) this.setLink(index, { up: (flags & IFF.UP) !== 0 });
    this.#ack(from, m);
  }

  #newAddress(from: FakeSocket, m: NetlinkMessage): void {
    const r = decodeAddress(m.payload);
    if (!r.address) throw Object.assign(new Error(r.error.message), { code: 'EINVAL' });
    const a: Address = { ...r.address, flags: r.address.flags | IFA_F.PERMANENT };
    if (!this.links.has(a.index)) throw Object.assign(new Error('Cannot find device'), { code: 'ENODEV' });
    const key = addressKey(a);
    if (this.addresses.has(key)) {
      if ((m.flags & NLM_F.EXCL) !== 0)
        throw Object.assign(new Error('Address already assigned'), { code: 'EEXIST' });
    }
    this.addresses.set(key, a);
    this.#notifyAddress(RTM.NEWADDR, a, m.seq, from.portId);
    this.#ack(from, m);
  }

  #delAddress(from: FakeSocket, m: NetlinkMessage): void {
    const r = decodeAddress(m.payload);
    if (!r.address) throw Object.assign(new Error(r.error.message), { code: 'EINVAL' });
    const key = addressKey(r.address);
    const known = this.addresses.get(key);
    if (!known) throw Object.assign(new Error('Cannot assign requested address'), { code: 'EADDRNOTAVAIL' });
    this.addresses.delete(key);
    this.#notifyAddress(RTM.DELADDR, known, m.seq, from.portId);
    this.#ack(from, m);
  }

  #ctrl(from: FakeSocket, m: NetlinkMessage, dump: boolean): void {
    const g = decodeGeneric(m.payload);
    if (!g.message || g.message.cmd !== CTRL_CMD.GETFAMILY) {
      throw Object.assign(new Error('unsupported controller command'), { code: 'EOPNOTSUPP' });
    }
    if (dump) {
      this.#dump(from, m, GENL_ID_CTRL, [...this.families.values()].map(encodeFamily));
      return;
    }
    let name = '';
    const d = new AttributeDecoder(g.message.attributes);
    while (d.next()) if (d.type === CTRL_ATTR.FAMILY_NAME) name = d.string();
    const f = this.families.get(name);
    if (!f) throw Object.assign(new Error('Unknown family name'), { code: 'ENOENT' });
    this.#reply(from, [
      { type: GENL_ID_CTRL, flags: 0, seq: m.seq, pid: from.portId, payload: encodeFamily(f) },
    ]);
    this.#ack(from, m);
  }
}

/**
 * Encodes a family as a CTRL_CMD_NEWFAMILY payload.
 *
 * @param f - the family
 * @returns genlmsghdr + attributes
 */
export function encodeFamily(f: GenericFamily): Buffer {
  const e = new AttributeEncoder()
    .string(CTRL_ATTR.FAMILY_NAME, f.name)
    .u16(CTRL_ATTR.FAMILY_ID, f.id)
    .u32(CTRL_ATTR.VERSION, f.version)
    .u32(CTRL_ATTR.HDRSIZE, f.headerSize)
    .u32(CTRL_ATTR.MAXATTR, f.maxAttr);
  if (f.operations.size > 0) {
    e.nested(CTRL_ATTR.OPS, (list) => {
      let i = 1;
      for (const [id, flags] of f.operations) {
        list.nested(i++, (op) => op.u32(CTRL_ATTR_OP.ID, id).u32(CTRL_ATTR_OP.FLAGS, flags));
      }
    });
  }
  if (f.groups.size > 0) {
    e.nested(CTRL_ATTR.MCAST_GROUPS, (list) => {
      let i = 1;
      for (const [name, id] of f.groups) {
        list.nested(i++, (g) => g.u32(CTRL_ATTR_MCAST_GRP.ID, id).string(CTRL_ATTR_MCAST_GRP.NAME, name));
      }
    });
  }
  return encodeGeneric(CTRL_CMD.NEWFAMILY, 2, e.encode());
}
