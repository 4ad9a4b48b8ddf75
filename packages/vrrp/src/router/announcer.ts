/**
 * Sends gratuitous ARPs (IPv4) and unsolicited Neighbour Advertisements (IPv6) for the
 * virtual addresses through a packet socket, back to back as keepalived does.
 *
 * @module
 */
import { PacketSocket } from '@ha/socket';
import { RouterError } from './errors.js';
import { announcementFrame } from './frames.js';

/** Options of {@link Announcer.open}. */
export interface AnnouncerOptions {
  /** Interface index. */
  ifindex: number;
  /** Own interface MAC (`aa:bb:cc:dd:ee:ff`). */
  mac: string;
  /** Network namespace of the interface; default: the current one. */
  netns?: string;
}

/** Sends GARP / NA batches on one interface. */
export class Announcer {
  readonly #socket: PacketSocket;
  readonly #options: AnnouncerOptions;
  readonly #frames = new Map<string, Buffer>();

  private constructor(socket: PacketSocket, options: AnnouncerOptions) {
    this.#socket = socket;
    this.#options = options;
  }

  /**
   * Opens a send-only packet socket.
   *
   * @param options - interface, MAC, namespace
   * @returns the announcer
   */
  static open(options: AnnouncerOptions): Announcer {
    const socket = PacketSocket.open(options.netns === undefined ? {} : { netns: options.netns });
    return new Announcer(socket, options);
  }

  /**
   * Sends `count` messages for every address.
   *
   * @param addresses - the virtual addresses
   * @param count - messages per address
   * @returns frames sent
   * @throws RouterError `ERR_ROUTER_SEND` when the kernel refuses a frame
   */
  announce(addresses: readonly string[], count: number): number {
    let sent = 0;
    for (const a of addresses) {
      let frame = this.#frames.get(a);
      if (!frame) {
        frame = announcementFrame(a, this.#options.mac);
        this.#frames.set(a, frame);
      }
      for (let i = 0; i < count; i++) {
        try {
          this.#socket.sendFrame(this.#options.ifindex, frame);
          sent++;
        } catch (err) {
          throw new RouterError('ERR_ROUTER_SEND', `cannot announce ${a}: ${String(err)}`, { cause: err });
        }
      }
    }
    return sent;
  }

  /** Closes the socket. */
  close(): void {
    this.#socket.close();
  }
}
