import { BaseSocket, type CommonSocketEvents, type CommonSocketOptions } from './base-socket.js';
import type { NativeMessage } from './binding.js';
import { AF, ENOBUFS, NETLINK_OPT, SO, SOCK, SOL } from './constants.js';
import { native, SocketError } from './errors.js';
import { decodeSockaddr, sockaddrNl } from './sockaddr.js';

/** Options of {@link NetlinkSocket.open}. */
export interface NetlinkSocketOptions extends CommonSocketOptions {
  /** Multicast groups to join (group numbers, e.g. RTNLGRP_LINK = 1), via NETLINK_ADD_MEMBERSHIP. */
  groups?: readonly number[];
  /** Receive buffer in bytes: SO_RCVBUFFORCE when permitted (root), else SO_RCVBUF. */
  rcvbuf?: number;
  /** Ask for extended acks with error strings (NETLINK_EXT_ACK). Default true. */
  extendedAck?: boolean;
  /** Strict checking of dump requests (NETLINK_GET_STRICT_CHK). Default true. */
  strictCheck?: boolean;
  /** Do not report overflows (NETLINK_NO_ENOBUFS). Default false: overflows are events. */
  noEnobufs?: boolean;
  /** Start reading right away (default true). */
  receive?: boolean;
}

/** The sender of a netlink datagram (from `struct sockaddr_nl`). */
export interface NetlinkSender {
  /** Sender's port id: 0 for the kernel. */
  pid: number;
  /** Multicast group mask it was sent to: 0 for a unicast reply (groups above 32 read as 0). */
  groups: number;
}

/** Events of a {@link NetlinkSocket}. */
export interface NetlinkSocketEvents extends CommonSocketEvents {
  /** One datagram (it may hold several netlink messages), and who sent it. */
  message: (datagram: Buffer, from: NetlinkSender) => void;
  /**
   * The receive queue overflowed (ENOBUFS): messages were lost. Resynchronise with a dump;
   * the socket stays open and keeps delivering.
   */
  overflow: () => void;
}

/**
 * A netlink socket of any protocol (NETLINK_ROUTE, NETLINK_GENERIC, …). Knows no message
 * format: it sends and receives datagrams, and reports overflows as an `'overflow'` event.
 */
export class NetlinkSocket extends BaseSocket<NetlinkSocketEvents> {
  /** The netlink protocol number. */
  readonly protocol: number;

  private constructor(protocol: number, options: NetlinkSocketOptions) {
    super(AF.NETLINK, SOCK.RAW, protocol, options);
    this.protocol = protocol;
  }

  /**
   * Opens and binds a netlink socket (no root needed for NETLINK_ROUTE / NETLINK_GENERIC).
   *
   * @param protocol - netlink protocol (0 route, 16 generic)
   * @param options - groups, buffer sizes and flags
   * @returns the open socket
   */
  static open(protocol: number, options: NetlinkSocketOptions = {}): NetlinkSocket {
    const s = new NetlinkSocket(protocol, options);
    try {
      const h = s.open('bind');
      native(() => h.bind(sockaddrNl(0, 0)));
      if (options.extendedAck !== false) s.#tryOption(NETLINK_OPT.EXT_ACK, 1);
      if (options.strictCheck !== false) s.#tryOption(NETLINK_OPT.GET_STRICT_CHK, 1);
      if (options.noEnobufs === true) s.setOption(SOL.NETLINK, NETLINK_OPT.NO_ENOBUFS, 1);
      if (options.rcvbuf !== undefined) s.setReceiveBuffer(options.rcvbuf);
      for (const g of options.groups ?? []) s.addMembership(g);
      if (options.receive !== false) s.resume();
    } catch (err) {
      s.close();
      throw err;
    }
    return s;
  }

  #tryOption(name: number, value: number): void {
    try {
      this.setOption(SOL.NETLINK, name, value);
    } catch (err) {
      // Older kernels lack some options (ENOPROTOOPT): keep going without them.
      if (!(err instanceof SocketError) || err.code !== 'ENOPROTOOPT') throw err;
    }
  }

  /** Starts (or resumes) delivering `'message'` events. */
  resume(): void {
    this.listen((messages, errno) => this.#deliver(messages, errno));
  }

  /** The port id the kernel assigned to this socket (nlmsg_pid of its messages). */
  get portId(): number {
    const h = this.open('getsockname');
    const a = decodeSockaddr(native(() => h.localAddress()));
    return a.family === 'netlink' ? a.pid : 0;
  }

  /**
   * Joins a multicast group.
   *
   * @param group - group number (e.g. RTNLGRP_IPV4_IFADDR = 5)
   */
  addMembership(group: number): void {
    this.setOption(SOL.NETLINK, NETLINK_OPT.ADD_MEMBERSHIP, group);
  }

  /**
   * Leaves a multicast group.
   *
   * @param group - group number
   */
  dropMembership(group: number): void {
    this.setOption(SOL.NETLINK, NETLINK_OPT.DROP_MEMBERSHIP, group);
  }

  /**
   * Sets the receive buffer: SO_RCVBUFFORCE (beyond rmem_max, needs CAP_NET_ADMIN), falling
   * back to SO_RCVBUF when not permitted.
   *
   * @param bytes - requested size (the kernel doubles it for bookkeeping)
   */
  setReceiveBuffer(bytes: number): void {
    try {
      this.setOption(SOL.SOCKET, SO.RCVBUFFORCE, bytes);
    } catch (err) {
      if (!(err instanceof SocketError) || err.code !== 'EPERM') throw err;
      this.setOption(SOL.SOCKET, SO.RCVBUF, bytes);
    }
  }

  /**
   * Sends one datagram (one or more netlink messages) to the kernel.
   *
   * @param datagram - the bytes
   * @returns bytes sent
   */
  send(datagram: Buffer): number {
    const h = this.open('send');
    return native(() => h.sendTo(datagram, sockaddrNl(0, 0)));
  }

  #deliver(messages: NativeMessage[], errno: number): void {
    for (const m of messages) {
      if (this.closed) return;
      const from = decodeSockaddr(m.from);
      this.emit(
        'message',
        m.data,
        from.family === 'netlink' ? { pid: from.pid, groups: from.groups } : { pid: 0, groups: 0 },
      );
    }
    if (this.closed) return;
    if (errno === ENOBUFS) this.emit('overflow');
    else if (errno !== 0) this.emit('error', new SocketError(errno, 'recvmsg'));
  }
}
