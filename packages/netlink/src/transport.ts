import { NetlinkSocket, type NetlinkSocketOptions } from '@ha/socket';

/** Who sent a datagram. */
export interface DatagramSender {
  /** Port id: 0 for the kernel. */
  pid: number;
  /** Multicast group mask (0 for unicast replies). */
  groups: number;
}

/** Callbacks a transport delivers to. */
export interface TransportHandlers {
  /** A datagram arrived. */
  message(datagram: Buffer, from: DatagramSender): void;
  /** The receive queue overflowed: messages were lost. */
  overflow(): void;
  /** A receive error. */
  error(err: Error): void;
}

/**
 * What a {@link NetlinkConnection} talks through: a real socket ({@link socketTransport}) or
 * a fake kernel (`FakeKernel` in `@ha/netlink/testing`).
 */
export interface NetlinkTransport {
  /** Our port id (`nlmsg_pid` of our messages). */
  readonly portId: number;
  /** Sends one datagram to the kernel; throws when closed. */
  send(datagram: Buffer): void;
  /** Installs the receive callbacks (once). */
  attach(handlers: TransportHandlers): void;
  /** Joins a multicast group. */
  addMembership(group: number): void;
  /** Leaves a multicast group. */
  dropMembership(group: number): void;
  /** Closes the transport. */
  close(): void;
}

/**
 * Wraps an open `NetlinkSocket` of `@ha/socket` as a transport.
 *
 * @param socket - the socket
 * @returns the transport
 */
export function socketTransport(socket: NetlinkSocket): NetlinkTransport {
  return {
    get portId() {
      return socket.portId;
    },
    send: (d) => {
      socket.send(d);
    },
    attach: (h) => {
      socket.on('message', (d, from) => h.message(d, from));
      socket.on('overflow', () => h.overflow());
      socket.on('error', (e) => h.error(e));
    },
    addMembership: (g) => socket.addMembership(g),
    dropMembership: (g) => socket.dropMembership(g),
    close: () => socket.close(),
  };
}

/**
 * Opens a netlink socket and wraps it as a transport.
 *
 * @param protocol - netlink protocol (0 route, 16 generic)
 * @param options - socket options (groups, rcvbuf, netns, …)
 * @returns the transport
 */
export function openTransport(protocol: number, options: NetlinkSocketOptions = {}): NetlinkTransport {
  return socketTransport(NetlinkSocket.open(protocol, options));
}
