/**
 * An ICMP echo transport (what `@ha/healthcheck`'s PING_CHECK needs) on top of {@link RawSocket}:
 * an unprivileged Linux "ping socket" (SOCK_DGRAM + IPPROTO_ICMP / IPPROTO_ICMPV6, allowed by
 * `net.ipv4.ping_group_range`) when the kernel allows it, else a raw ICMP socket (CAP_NET_RAW).
 *
 * A ping socket only ever receives the echo replies to its own requests (the kernel demultiplexes
 * them by the identifier it substitutes), but never sees ICMP errors. A raw socket sees every ICMP
 * message of the namespace: the kernel filter (ICMP_FILTER / ICMP6_FILTER) keeps only echo replies
 * and the errors that may quote a request, and the transport then keeps only those carrying an
 * identifier it sent.
 *
 * @module
 */
import { IPPROTO, SOL } from './constants.js';
import { formatIP, parseIP } from './ip.js';
import { RawSocket } from './raw-socket.js';
import { hostU32 } from './sockaddr.js';

/** ICMP_FILTER (SOL_RAW): a bit per ICMPv4 type below 32; a set bit drops that type. */
const ICMP_FILTER = 1;
/** ICMP6_FILTER (IPPROTO_ICMPV6): 256 bits, one per ICMPv6 type; a set bit drops that type. */
const ICMP6_FILTER = 1;

/** ICMPv4 types a raw socket lets through: echo reply, destination unreachable, time exceeded, parameter problem. */
const V4_PASS: readonly number[] = [0, 3, 11, 12];
/** ICMPv6 types a raw socket lets through: destination unreachable, time exceeded, parameter problem, echo reply. */
const V6_PASS: readonly number[] = [1, 3, 4, 129];

/** Options of {@link createIcmpTransport}. */
export interface IcmpTransportOptions {
  /** Open the socket inside this network namespace (name from `ip netns`, or a path). */
  netns?: string;
  /**
   * `'auto'` (default): a ping socket, else a raw socket. `'ping'`: a ping socket only. `'raw'`: a
   * raw socket only.
   */
  mode?: 'auto' | 'ping' | 'raw';
}

/** An open ICMP echo socket; structurally the `IcmpTransport` of `@ha/healthcheck`'s PING_CHECK. */
export interface IcmpTransport {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** `'ping'` (SOCK_DGRAM ping socket) or `'raw'` (SOCK_RAW). */
  readonly kind: 'ping' | 'raw';
  /**
   * True for a ping socket: the kernel replaces the echo identifier with its own, so replies must
   * be matched by sequence number and payload.
   */
  readonly rewritesIdentifier: boolean;
  /** Whether {@link IcmpTransport.close} was called. */
  readonly closed: boolean;
  /**
   * Sends one ICMP message (ICMP header onwards). Rejects with a `SocketError` (`code` such as
   * `'ENETUNREACH'`) or a `SocketClosedError`.
   *
   * @param packet - the ICMP message; the kernel fills in the ICMPv6 checksum
   * @param host - destination address; an IPv6 `%zone` is honoured
   */
  send(packet: Uint8Array, host: string): Promise<void>;
  /**
   * Subscribes to received echo replies and ICMP errors (ICMP header onwards, never an IP header).
   * `from` is the source address, written as the `host` it answers when they are the same address.
   *
   * @param listener - called once per message
   * @returns the function that unsubscribes
   */
  onMessage(listener: (packet: Uint8Array, from: string) => void): () => void;
  /** Closes the socket; idempotent. */
  close(): void;
}

/** No ICMP socket could be opened: neither a ping socket nor a raw socket. */
export class IcmpUnavailableError extends Error {
  /** Always `'ERR_ICMP_UNAVAILABLE'`. */
  readonly code = 'ERR_ICMP_UNAVAILABLE' as const;
  /** Why the ping socket failed (usually `EACCES`: the group is outside `net.ipv4.ping_group_range`). */
  readonly pingError: unknown;
  /** Why the raw socket failed (usually `EPERM`: no CAP_NET_RAW). */
  readonly rawError: unknown;

  /**
   * @param family - 4 or 6
   * @param pingError - the ping socket's error
   * @param rawError - the raw socket's error
   */
  constructor(family: 4 | 6, pingError: unknown, rawError: unknown) {
    super(
      `no ICMPv${family === 4 ? '4' : '6'} socket: ping socket ${describe(pingError)} ` +
        `(is the group within net.ipv4.ping_group_range?), raw socket ${describe(rawError)} (needs CAP_NET_RAW)`,
    );
    this.name = 'IcmpUnavailableError';
    this.pingError = pingError;
    this.rawError = rawError;
  }
}

function describe(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return err instanceof Error ? err.message : String(err);
}

/**
 * The echo identifier an ICMP message is about: an echo reply's own, or the one of the echo
 * request an ICMP error quotes. Undefined for anything else. Pure.
 *
 * @param family - 4 or 6
 * @param message - the ICMP message, ICMP header onwards
 * @returns the identifier, or undefined
 */
export function echoIdentifier(family: 4 | 6, message: Uint8Array): number | undefined {
  if (message.length < 8) return undefined;
  const type = message[0] ?? -1;
  if (type === (family === 4 ? 0 : 129)) return u16(message, 4);
  if (!(family === 4 ? V4_PASS : V6_PASS).includes(type)) return undefined;
  // An error quotes the offending packet: its IP header, then at least 8 bytes of the request.
  let inner = message.subarray(8);
  if (family === 4) {
    if (inner.length < 20 || (inner[0] ?? 0) >> 4 !== 4 || inner[9] !== IPPROTO.ICMP) return undefined;
    inner = inner.subarray(((inner[0] ?? 0) & 0x0f) * 4);
  } else {
    if (inner.length < 40 || (inner[0] ?? 0) >> 4 !== 6 || inner[6] !== IPPROTO.ICMPV6) return undefined;
    inner = inner.subarray(40);
  }
  if (inner.length < 8 || inner[0] !== (family === 4 ? 8 : 128)) return undefined;
  return u16(inner, 4);
}

function u16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}

/** The kernel filter option value: every type blocked except `pass`. */
function filterValue(family: 4 | 6, pass: readonly number[]): Buffer {
  const words = new Array<number>(family === 4 ? 1 : 8).fill(0xffffffff);
  for (const t of pass) words[t >> 5] = ((words[t >> 5] ?? 0) & ~(1 << (t & 31))) >>> 0;
  return Buffer.concat(words.map(hostU32));
}

/** The canonical text of an address without its zone, or undefined when it is not one. */
function canonical(host: string): string | undefined {
  const pct = host.indexOf('%');
  const parsed = parseIP(pct >= 0 ? host.slice(0, pct) : host);
  return parsed ? formatIP(parsed.bytes) : undefined;
}

function openSocket(family: 4 | 6, kind: 'ping' | 'raw', netns: string | undefined): RawSocket {
  const protocol = family === 4 ? IPPROTO.ICMP : IPPROTO.ICMPV6;
  const opts = { family, protocol, type: kind === 'ping' ? ('dgram' as const) : ('raw' as const) };
  const s = RawSocket.open(
    netns === undefined ? { ...opts, receive: false } : { ...opts, netns, receive: false },
  );
  if (kind === 'raw') {
    try {
      if (family === 4) s.setOption(SOL.RAW, ICMP_FILTER, filterValue(4, V4_PASS));
      else s.setOption(IPPROTO.ICMPV6, ICMP6_FILTER, filterValue(6, V6_PASS));
    } catch (err) {
      s.close();
      throw err;
    }
  }
  return s;
}

/**
 * Opens an ICMP echo transport for one address family: a ping socket when
 * `net.ipv4.ping_group_range` admits the process, else (as root / with CAP_NET_RAW) a raw socket.
 * Throws {@link IcmpUnavailableError} when neither opens (in `'auto'` mode), or the `SocketError`
 * of the one socket asked for.
 *
 * @param family - 4 (ICMP) or 6 (ICMPv6)
 * @param options - namespace and socket kind
 * @returns the open transport, reading
 */
export function createIcmpTransport(family: 4 | 6, options: IcmpTransportOptions = {}): IcmpTransport {
  if (family !== 4 && family !== 6) throw new TypeError(`family must be 4 or 6, got ${String(family)}`);
  const mode = options.mode ?? 'auto';
  let socket: RawSocket;
  let kind: 'ping' | 'raw';
  if (mode === 'raw') {
    socket = openSocket(family, 'raw', options.netns);
    kind = 'raw';
  } else {
    try {
      socket = openSocket(family, 'ping', options.netns);
      kind = 'ping';
    } catch (pingError) {
      if (mode === 'ping') throw pingError;
      try {
        socket = openSocket(family, 'raw', options.netns);
        kind = 'raw';
      } catch (rawError) {
        throw new IcmpUnavailableError(family, pingError, rawError);
      }
    }
  }
  return new Transport(family, kind, socket);
}

/** {@link IcmpTransport} over one {@link RawSocket}. */
class Transport implements IcmpTransport {
  readonly family: 4 | 6;
  readonly kind: 'ping' | 'raw';
  readonly rewritesIdentifier: boolean;
  readonly #socket: RawSocket;
  readonly #listeners = new Set<(packet: Uint8Array, from: string) => void>();
  /** Raw sockets: the echo identifiers sent, the only ones delivered. */
  readonly #ids = new Set<number>();
  /** Canonical address → the `host` text it was sent to (so `from` compares equal to it). */
  readonly #hosts = new Map<string, string>();

  constructor(family: 4 | 6, kind: 'ping' | 'raw', socket: RawSocket) {
    this.family = family;
    this.kind = kind;
    this.rewritesIdentifier = kind === 'ping';
    this.#socket = socket;
    // Receive errors (none expected on ICMP sockets) must not become unhandled: the probe's deadline
    // covers a lost reply.
    socket.on('error', () => {});
    socket.on('message', (payload, info) => {
      if (this.#listeners.size === 0) return;
      if (kind === 'raw') {
        const id = echoIdentifier(family, payload);
        if (id === undefined || !this.#ids.has(id)) return;
      }
      const from = this.#hosts.get(info.source) ?? info.source;
      for (const l of [...this.#listeners]) l(payload, from);
    });
    socket.resume();
  }

  get closed(): boolean {
    return this.#socket.closed;
  }

  async send(packet: Uint8Array, host: string): Promise<void> {
    const buf = Buffer.isBuffer(packet)
      ? packet
      : Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
    if (buf.length >= 8 && buf[0] === (this.family === 4 ? 8 : 128)) this.#ids.add(u16(buf, 4));
    const key = canonical(host);
    if (key !== undefined && key !== host) {
      if (this.#hosts.size >= 64) this.#hosts.clear();
      this.#hosts.set(key, host);
    }
    this.#socket.send(buf, host);
  }

  onMessage(listener: (packet: Uint8Array, from: string) => void): () => void {
    const l = (packet: Uint8Array, from: string): void => listener(packet, from);
    this.#listeners.add(l);
    return () => {
      this.#listeners.delete(l);
    };
  }

  close(): void {
    this.#listeners.clear();
    this.#socket.close();
  }
}
