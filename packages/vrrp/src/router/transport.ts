/**
 * The advertisement transport: raw IP sockets (protocol 112) bound to the interface, joined to
 * 224.0.0.18 / ff02::12, TTL / hop limit 255, with the received TTL / hop limit and destination
 * handed to receive validation.
 *
 * @module
 */
import { IPPROTO, RawSocket, SOL } from '@ha/socket';
import { VRRP_MULTICAST_IPV4, VRRP_MULTICAST_IPV6 } from '../codec/constants.js';
import type { Family, RxMeta } from '../types.js';
import { RouterError } from './errors.js';

/** Sends and receives VRRP messages (the payload after the IP header). */
export interface VrrpTransport {
  /**
   * Sends one VRRP message.
   *
   * @param message - the VRRP message (from `encodeAdvertisement`)
   * @param destination - the multicast group or a unicast peer
   */
  send(message: Uint8Array, destination: string): void;
  /**
   * Installs the receive callback (one; a second call replaces it).
   *
   * @param listener - called with the VRRP message and what the IP layer said about it
   */
  onMessage(listener: (message: Uint8Array, meta: RxMeta) => void): void;
  /** Closes the sockets (the kernel leaves the multicast group). */
  close(): void;
}

/** Options of {@link RawVrrpTransport.open}. */
export interface RawVrrpTransportOptions {
  /** Address family. */
  family: Family;
  /** Interface name. */
  ifname: string;
  /** Interface index. */
  ifindex: number;
  /** Source address of adverts (IPv4 primary address or IPv6 link-local). */
  source: string;
  /** Open the sockets in this network namespace (name or path); default: the current one. */
  netns?: string;
  /** Join the VRRP multicast group (default true; unicast-only routers may skip it). */
  multicast?: boolean;
}

/** IP_TOS (linux/in.h) — not in `@ha/socket`'s constants. */
const IP_TOS = 1;
/** IPV6_TCLASS (linux/in6.h). */
const IPV6_TCLASS = 67;
/** keepalived's TOS / traffic class: CS6 (network control). */
const TOS_CS6 = 0xc0;

/** The multicast group of a family (224.0.0.18 / ff02::12). */
export function vrrpGroup(family: Family): string {
  return family === 'ipv4' ? VRRP_MULTICAST_IPV4 : VRRP_MULTICAST_IPV6;
}

/**
 * The real transport: a receive socket bound to the device and joined to the group, and a
 * send socket bound to the device and to the source address (a raw socket bound to an address
 * only receives packets addressed to it, so receiving and sending use separate sockets, as
 * keepalived does). IPv6 sends with IPV6_CHECKSUM at offset 6, so the kernel computes the
 * pseudo-header checksum with the source it really uses.
 */
export class RawVrrpTransport implements VrrpTransport {
  readonly #rx: RawSocket;
  readonly #tx: RawSocket;
  readonly #family: Family;
  readonly #ifindex: number;
  #listener: ((message: Uint8Array, meta: RxMeta) => void) | undefined;

  private constructor(rx: RawSocket, tx: RawSocket, family: Family, ifindex: number) {
    this.#rx = rx;
    this.#tx = tx;
    this.#family = family;
    this.#ifindex = ifindex;
    rx.on('message', (payload, info) => {
      if (info.ifindex !== 0 && info.ifindex !== ifindex) return;
      const meta: RxMeta = { source: info.source, destination: info.destination, ttl: info.ttl };
      if (info.ifname !== undefined) meta.ifname = info.ifname;
      this.#listener?.(payload, meta);
    });
    // Receive errors are transient (the socket stays open); nothing to do but not crash.
    rx.on('error', () => undefined);
  }

  /**
   * Opens the sockets.
   *
   * @param options - family, interface, source, namespace
   * @returns the transport
   * @throws RouterError `ERR_ROUTER_CONFIG` when the sockets cannot be set up
   */
  static open(options: RawVrrpTransportOptions): RawVrrpTransport {
    const family = options.family === 'ipv4' ? 4 : 6;
    const common = { family, protocol: IPPROTO.VRRP, device: options.ifname } as const;
    const ns = options.netns === undefined ? {} : { netns: options.netns };
    let rx: RawSocket | undefined;
    let tx: RawSocket | undefined;
    try {
      rx = RawSocket.open({ ...common, ...ns });
      if (options.multicast !== false) rx.joinMulticast(vrrpGroup(options.family), options.ifindex);
      tx = RawSocket.open({ ...common, ...ns, receive: false });
      tx.setMulticastInterface(options.ifindex);
      tx.setMulticastTtl(255);
      tx.setTtl(255);
      tx.setMulticastLoop(false);
      tx.bind(options.source, family === 6 ? options.ifindex : 0);
      if (family === 6) tx.setChecksumOffset(6);
      if (family === 4) tx.setOption(SOL.IP, IP_TOS, TOS_CS6);
      else tx.setOption(SOL.IPV6, IPV6_TCLASS, TOS_CS6);
    } catch (err) {
      rx?.close();
      tx?.close();
      throw new RouterError(
        'ERR_ROUTER_CONFIG',
        `cannot open VRRP sockets on ${options.ifname}: ${String(err)}`,
        {
          cause: err,
        },
      );
    }
    return new RawVrrpTransport(rx, tx, options.family, options.ifindex);
  }

  /**
   * Sends one VRRP message (see {@link VrrpTransport.send}).
   *
   * @param message - the VRRP message
   * @param destination - the multicast group or a unicast peer
   */
  send(message: Uint8Array, destination: string): void {
    const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
    const scopeId = this.#family === 'ipv6' ? this.#ifindex : 0;
    this.#tx.send(buf, destination, { scopeId });
  }

  /**
   * Installs the receive callback (see {@link VrrpTransport.onMessage}).
   *
   * @param listener - called per received message
   */
  onMessage(listener: (message: Uint8Array, meta: RxMeta) => void): void {
    this.#listener = listener;
  }

  /** Closes both sockets. */
  close(): void {
    this.#rx.close();
    this.#tx.close();
  }
}
