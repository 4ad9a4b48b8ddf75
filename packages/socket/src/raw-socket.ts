import { BaseSocket, type CommonSocketEvents, type CommonSocketOptions } from './base-socket.js';
import { binding, type NativeMessage } from './binding.js';
import { AF, IP, IPPROTO, IPV6, SO, SOCK, SOL } from './constants.js';
import { native, SocketError } from './errors.js';
import { formatIP, parseIP } from './ip.js';
import { netnsPath } from './netns.js';
import { decodeSockaddr, hostU32, sockaddrIn, sockaddrIn6 } from './sockaddr.js';

/** Options of {@link RawSocket.open}. */
export interface RawSocketOptions extends CommonSocketOptions {
  /** 4 (AF_INET) or 6 (AF_INET6). */
  family: 4 | 6;
  /** IP protocol number (112 VRRP, 1 ICMP, 58 ICMPv6, …). */
  protocol: number;
  /** `'raw'` (SOCK_RAW, default) or `'dgram'` (SOCK_DGRAM: ICMP "ping sockets"). */
  type?: 'raw' | 'dgram';
  /** Bind to this device right away (SO_BINDTODEVICE). */
  device?: string;
  /** Start reading right away (default true); false for send-only sockets. */
  receive?: boolean;
}

/** What the receive path knows about a datagram. */
export interface RawMessageInfo {
  /** Source address (IPv6 link-local without the zone; see `scopeId`). */
  source: string;
  /** Destination address of the packet (from IP_PKTINFO / IPV6_PKTINFO, or the IPv4 header). */
  destination: string;
  /** IPv4 TTL or IPv6 hop limit as received; -1 when unknown. */
  ttl: number;
  /** Receiving interface index; 0 when unknown. */
  ifindex: number;
  /** Receiving interface name, when known. */
  ifname?: string;
  /** IPv6 source scope id (interface index of a link-local source); 0 for IPv4. */
  scopeId: number;
  /** IPv4 raw: offset of the payload in `packet` (the IP header length); 0 otherwise. */
  payloadOffset: number;
  /** The whole datagram as read (for IPv4 raw it starts with the IP header). */
  packet: Buffer;
  /** The datagram was larger than the receive buffer. */
  truncated: boolean;
}

/** Events of a {@link RawSocket}. */
export interface RawSocketEvents extends CommonSocketEvents {
  /** A datagram: its payload (after the IPv4 header, if any) and what is known about it. */
  message: (payload: Buffer, info: RawMessageInfo) => void;
}

/** Options of {@link RawSocket.send}. */
export interface SendOptions {
  /** Interface index for an IPv6 link-local / multicast destination (sin6_scope_id). */
  scopeId?: number;
}

/**
 * A raw IP socket (SOCK_RAW, or SOCK_DGRAM for ICMP ping sockets), IPv4 or IPv6, with receive
 * metadata: TTL / hop limit, receiving interface, destination and source addresses.
 */
export class RawSocket extends BaseSocket<RawSocketEvents> {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** IP protocol number. */
  readonly protocol: number;
  /** `'raw'` or `'dgram'`. */
  readonly type: 'raw' | 'dgram';
  readonly #netns: string | undefined;
  readonly #names = new Map<number, string>();
  readonly #destinations = new Map<string, Buffer>();

  private constructor(options: RawSocketOptions) {
    const type = options.type ?? 'raw';
    super(
      options.family === 4 ? AF.INET : AF.INET6,
      type === 'raw' ? SOCK.RAW : SOCK.DGRAM,
      options.protocol,
      options,
    );
    this.family = options.family;
    this.protocol = options.protocol;
    this.type = type;
    this.#netns = options.netns;
    if (this.family === 4) {
      this.setOption(SOL.IP, IP.PKTINFO, 1);
      this.setOption(SOL.IP, IP.RECVTTL, 1);
    } else {
      this.setOption(SOL.IPV6, IPV6.RECVPKTINFO, 1);
      this.setOption(SOL.IPV6, IPV6.RECVHOPLIMIT, 1);
    }
  }

  /**
   * Opens a raw socket (needs CAP_NET_RAW, except ping sockets within `net.ipv4.ping_group_range`).
   *
   * @param options - family, protocol and options
   * @returns the open socket, reading unless `receive: false`
   */
  static open(options: RawSocketOptions): RawSocket {
    const s = new RawSocket(options);
    try {
      if (options.device !== undefined) s.bindToDevice(options.device);
      if (options.receive !== false) s.resume();
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  /** Starts (or resumes) delivering `'message'` events. */
  resume(): void {
    this.listen((messages, errno) => this.#deliver(messages, errno));
  }

  /**
   * Binds the socket to a network device (SO_BINDTODEVICE): it then only receives packets
   * that arrived on it and sends through it.
   *
   * @param name - interface name; `''` unbinds
   */
  bindToDevice(name: string): void {
    this.setOption(SOL.SOCKET, SO.BINDTODEVICE, Buffer.from(`${name}\0`));
  }

  /**
   * Binds the socket to a local address (the source of what it sends).
   *
   * @param address - a local IPv4/IPv6 address of this socket's family
   * @param scopeId - interface index for an IPv6 link-local address
   */
  bind(address: string, scopeId = 0): void {
    const h = this.open('bind');
    const addr = this.#sockaddr(address, scopeId);
    native(() => h.bind(addr));
  }

  /**
   * Joins a multicast group on an interface (IP_ADD_MEMBERSHIP with ifindex / IPV6_JOIN_GROUP).
   *
   * @param group - group address, e.g. `224.0.0.18` or `ff02::12`
   * @param ifindex - interface index
   */
  joinMulticast(group: string, ifindex: number): void {
    this.#membership(group, ifindex, true);
  }

  /**
   * Leaves a multicast group on an interface.
   *
   * @param group - group address
   * @param ifindex - interface index
   */
  leaveMulticast(group: string, ifindex: number): void {
    this.#membership(group, ifindex, false);
  }

  #membership(group: string, ifindex: number, join: boolean): void {
    const bytes = this.#bytes(group);
    if (this.family === 4) {
      // struct ip_mreqn { imr_multiaddr; imr_address; imr_ifindex }
      const mreq = Buffer.concat([bytes, Buffer.alloc(4), hostU32(ifindex)]);
      this.setOption(SOL.IP, join ? IP.ADD_MEMBERSHIP : IP.DROP_MEMBERSHIP, mreq);
    } else {
      // struct ipv6_mreq { ipv6mr_multiaddr; ipv6mr_interface }
      const mreq = Buffer.concat([bytes, hostU32(ifindex)]);
      this.setOption(SOL.IPV6, join ? IPV6.JOIN_GROUP : IPV6.LEAVE_GROUP, mreq);
    }
  }

  /**
   * Sets the TTL / hop limit of multicast packets sent (VRRP: 255).
   *
   * @param ttl - 0..255
   */
  setMulticastTtl(ttl: number): void {
    if (this.family === 4) this.setOption(SOL.IP, IP.MULTICAST_TTL, ttl);
    else this.setOption(SOL.IPV6, IPV6.MULTICAST_HOPS, ttl);
  }

  /**
   * Sets the TTL / hop limit of unicast packets sent.
   *
   * @param ttl - 1..255
   */
  setTtl(ttl: number): void {
    if (this.family === 4) this.setOption(SOL.IP, IP.TTL, ttl);
    else this.setOption(SOL.IPV6, IPV6.UNICAST_HOPS, ttl);
  }

  /**
   * Chooses the interface multicast packets leave by (IP_MULTICAST_IF / IPV6_MULTICAST_IF).
   *
   * @param ifindex - interface index
   */
  setMulticastInterface(ifindex: number): void {
    if (this.family === 4) {
      this.setOption(SOL.IP, IP.MULTICAST_IF, Buffer.concat([Buffer.alloc(8), hostU32(ifindex)]));
    } else {
      this.setOption(SOL.IPV6, IPV6.MULTICAST_IF, ifindex);
    }
  }

  /**
   * Whether this host's own multicast packets are looped back to local sockets (VRRP: false).
   *
   * @param on - loop on or off
   */
  setMulticastLoop(on: boolean): void {
    if (this.family === 4) this.setOption(SOL.IP, IP.MULTICAST_LOOP, on ? 1 : 0);
    else this.setOption(SOL.IPV6, IPV6.MULTICAST_LOOP, on ? 1 : 0);
  }

  /**
   * IPv6 only: let the kernel compute and verify a checksum at `offset` in the payload
   * (IPV6_CHECKSUM; VRRPv3 uses 6). -1 turns it off.
   *
   * @param offset - byte offset of the 16-bit checksum field, or -1
   */
  setChecksumOffset(offset: number): void {
    if (this.family !== 6) throw new SocketError(22, 'setsockopt', 'IPV6_CHECKSUM is IPv6 only');
    this.setOption(this.protocol === IPPROTO.ICMPV6 ? SOL.RAW : SOL.IPV6, IPV6.CHECKSUM, offset);
  }

  /**
   * IPv4 raw only: whether `send` buffers start with an IP header the caller built (IP_HDRINCL).
   *
   * @param on - include header
   */
  setHeaderIncluded(on: boolean): void {
    this.setOption(SOL.IP, IP.HDRINCL, on ? 1 : 0);
  }

  /**
   * Sets the receive buffer size (SO_RCVBUF).
   *
   * @param bytes - requested size
   */
  setReceiveBuffer(bytes: number): void {
    this.setOption(SOL.SOCKET, SO.RCVBUF, bytes);
  }

  /**
   * Sends one datagram (never blocks; throws {@link SocketError} with `code` on failure, e.g.
   * `'EAGAIN'` when the send buffer is full, {@link SocketClosedError} when closed).
   *
   * @param payload - the IP payload (or the whole packet with IP_HDRINCL)
   * @param address - destination address; an IPv6 `%ifname` / `%index` zone is honoured
   * @param options - scope id for IPv6 link-local / multicast destinations
   * @returns bytes sent
   */
  send(payload: Buffer, address: string, options: SendOptions = {}): number {
    const h = this.open('send');
    const scopeId = options.scopeId ?? 0;
    // Senders repeat a handful of destinations: keep their encoded sockaddrs.
    const key = scopeId === 0 ? address : `${address}#${scopeId}`;
    let addr = this.#destinations.get(key);
    if (addr === undefined) {
      addr = this.#sockaddr(address, scopeId);
      if (this.#destinations.size >= 64) this.#destinations.clear();
      this.#destinations.set(key, addr);
    }
    const to = addr;
    return native(() => h.sendTo(payload, to));
  }

  #bytes(address: string): Buffer {
    const parsed = parseIP(address);
    if (!parsed || parsed.family !== this.family) {
      throw new SocketError(22, 'parse', `not an IPv${this.family} address: ${address}`);
    }
    return parsed.bytes;
  }

  #sockaddr(address: string, scopeId: number): Buffer {
    let addr = address;
    let scope = scopeId;
    const pct = address.indexOf('%');
    if (pct >= 0) {
      addr = address.slice(0, pct);
      const zone = address.slice(pct + 1);
      scope = /^\d+$/.test(zone)
        ? Number(zone)
        : native(() => binding().interfaceInfo(zone, this.#netnsPathOrUndefined())).index;
    }
    const bytes = this.#bytes(addr);
    return this.family === 4 ? sockaddrIn(bytes) : sockaddrIn6(bytes, scope);
  }

  #netnsPathOrUndefined(): string | undefined {
    return this.#netns === undefined ? undefined : netnsPath(this.#netns);
  }

  #ifname(index: number): string | undefined {
    if (index <= 0) return undefined;
    const known = this.#names.get(index);
    if (known !== undefined) return known;
    try {
      const name = binding().indexToName(index, this.#netnsPathOrUndefined());
      if (this.#names.size > 256) this.#names.clear();
      this.#names.set(index, name);
      return name;
    } catch {
      return undefined;
    }
  }

  #deliver(messages: NativeMessage[], errno: number): void {
    for (const m of messages) {
      if (this.closed) return;
      const from = decodeSockaddr(m.from);
      let payload = m.data;
      let payloadOffset = 0;
      let ttl = m.ttl ?? -1;
      let destination = m.dst ? formatIP(m.dst) : '';
      if (this.family === 4 && this.type === 'raw' && m.data.length >= 20) {
        payloadOffset = ((m.data[0] ?? 0) & 0x0f) * 4;
        payload = m.data.subarray(payloadOffset);
        ttl = m.data[8] ?? ttl;
        destination = formatIP(m.data.subarray(16, 20));
      }
      const ifindex = m.ifindex ?? 0;
      const info: RawMessageInfo = {
        source: from.family === 4 || from.family === 6 ? from.address : '',
        destination,
        ttl,
        ifindex,
        scopeId: from.family === 6 ? from.scopeId : 0,
        payloadOffset,
        packet: m.data,
        truncated: m.truncated === true,
      };
      const ifname = this.#ifname(ifindex);
      if (ifname !== undefined) info.ifname = ifname;
      this.emit('message', payload, info);
    }
    if (errno !== 0 && !this.closed) this.emit('error', new SocketError(errno, 'recvmsg'));
  }
}
