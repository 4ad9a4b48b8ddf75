import { BaseSocket, type CommonSocketEvents, type CommonSocketOptions } from './base-socket.js';
import type { NativeMessage } from './binding.js';
import { AF, SOCK } from './constants.js';
import { native, SocketError } from './errors.js';
import { decodeSockaddr, sockaddrLl } from './sockaddr.js';

/** Options of {@link PacketSocket.open}. */
export interface PacketSocketOptions extends CommonSocketOptions {
  /**
   * Ethertype to receive (e.g. 0x0806 ARP, 0x0003 all). Default 0: a send-only socket that
   * receives nothing.
   */
  protocol?: number;
}

/** What is known about a received frame. */
export interface FrameInfo {
  /** Receiving interface index. */
  ifindex: number;
  /** Ethertype. */
  protocol: number;
  /** Packet type (0 host, 1 broadcast, 2 multicast, 3 other host, 4 outgoing). */
  pktType: number;
  /** Source hardware address. */
  source: Buffer;
}

/** Events of a {@link PacketSocket}. */
export interface PacketSocketEvents extends CommonSocketEvents {
  /** A received frame (from the Ethernet header on). */
  message: (frame: Buffer, info: FrameInfo) => void;
}

/**
 * A packet socket (AF_PACKET, SOCK_RAW): sends whole Ethernet frames on an interface —
 * gratuitous ARP, unsolicited neighbour advertisements. Needs CAP_NET_RAW.
 */
export class PacketSocket extends BaseSocket<PacketSocketEvents> {
  private constructor(protocol: number, options: PacketSocketOptions) {
    // The protocol argument of socket(AF_PACKET) is big-endian (htons).
    super(AF.PACKET, SOCK.RAW, ((protocol & 0xff) << 8) | ((protocol >> 8) & 0xff), options);
  }

  /**
   * Opens a packet socket.
   *
   * @param options - ethertype to receive (default none) and namespace
   * @returns the open socket
   */
  static open(options: PacketSocketOptions = {}): PacketSocket {
    const protocol = options.protocol ?? 0;
    const s = new PacketSocket(protocol, options);
    if (protocol !== 0) s.listen((messages, errno) => s.#deliver(messages, errno));
    return s;
  }

  /**
   * Sends one Ethernet frame as-is on an interface. The destination hardware address and
   * ethertype are read from the frame's header.
   *
   * @param ifindex - interface index
   * @param frame - a whole frame: destination MAC, source MAC, ethertype, payload
   * @returns bytes sent
   */
  sendFrame(ifindex: number, frame: Buffer): number {
    const h = this.open('sendFrame');
    if (frame.length < 14) throw new SocketError(22, 'sendto', 'an Ethernet frame has at least 14 bytes');
    const addr = sockaddrLl(ifindex, frame.readUInt16BE(12), frame.subarray(0, 6));
    return native(() => h.sendTo(frame, addr));
  }

  #deliver(messages: NativeMessage[], errno: number): void {
    for (const m of messages) {
      if (this.closed) return;
      const from = decodeSockaddr(m.from);
      if (from.family !== 'packet') continue;
      this.emit('message', m.data, {
        ifindex: from.ifindex,
        protocol: from.protocol,
        pktType: from.pktType,
        source: from.address,
      });
    }
    if (errno !== 0 && !this.closed) this.emit('error', new SocketError(errno, 'recvmsg'));
  }
}
