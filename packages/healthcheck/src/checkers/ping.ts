/**
 * PING_CHECK: one ICMP / ICMPv6 echo request; the probe passes on the matching reply.
 *
 * Node has no ICMP sockets, so the probe talks to a small {@link IcmpTransport}. By default the
 * transport comes from the native `@ha/socket` package, loaded lazily on the first probe so the
 * rest of `@ha/healthcheck` stays pure JavaScript; when it is missing the probe fails with code
 * `unsupported`.
 *
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import type { Probe } from '../types.js';
import type { Outcome } from './common.js';
import {
  CheckerConfigError,
  DEFAULT_CONNECT_TIMEOUT_MS,
  errMessage,
  fail,
  pass,
  runAttempt,
} from './common.js';
import { classifyIcmp, encodeEchoRequest, icmpErrorName } from './icmp-packet.js';

/** An ICMP socket, as PING_CHECK needs it. */
export interface IcmpTransport {
  /** Sends one ICMP message (ICMP header onwards, no IP header) to `host`. */
  send(packet: Uint8Array, host: string): Promise<void>;
  /**
   * Subscribes to received ICMP messages (IPv4: with or without the IP header; `from` is the source
   * address). Returns the function that unsubscribes.
   */
  onMessage(listener: (packet: Uint8Array, from: string) => void): () => void;
  /**
   * True when the kernel replaces the echo identifier with its own (Linux "ping" sockets,
   * SOCK_DGRAM/IPPROTO_ICMP): replies are then matched by sequence number and payload only.
   */
  readonly rewritesIdentifier?: boolean;
  /** Releases the socket. */
  close(): void;
}

/** Opens an {@link IcmpTransport} for an address family. */
export type IcmpTransportFactory = (family: 4 | 6) => IcmpTransport | Promise<IcmpTransport>;

/** Options of {@link createPingCheck}. PING_CHECK has no options of its own in keepalived. */
export interface PingCheckOptions {
  /** keepalived: the real server's address, or `connect_ip`. Must be an IP address. */
  host: string;
  /** keepalived: `connect_timeout`: how long to wait for the reply. Default 5 s. */
  connectTimeoutMs?: number;
  /** Bytes of echo data (not a keepalived keyword). Default 56, as `ping`. At least 8. */
  payloadBytes?: number;
  /**
   * Opens the ICMP socket used by one probe (closed after it). Default: `createIcmpTransport` of the
   * optional package `@ha/socket`, imported on first use.
   */
  transport?: IcmpTransportFactory;
}

/** The module specifier of the default transport (a variable, so bundlers leave it out). */
const SOCKET_MODULE = '@ha/socket';

let defaultFactory: Promise<IcmpTransportFactory | string> | undefined;

/** Loads `createIcmpTransport` from `@ha/socket`, or says why it cannot. Cached. */
export function loadDefaultIcmpTransport(): Promise<IcmpTransportFactory | string> {
  defaultFactory ??= (async () => {
    try {
      const mod: unknown = await import(SOCKET_MODULE);
      const f = (mod as { createIcmpTransport?: unknown }).createIcmpTransport;
      if (typeof f !== 'function') return `${SOCKET_MODULE} has no createIcmpTransport()`;
      return f as IcmpTransportFactory;
    } catch (e) {
      return `${SOCKET_MODULE} is not available: ${errMessage(e)}`;
    }
  })();
  return defaultFactory;
}

/**
 * keepalived's `PING_CHECK`: sends one echo request and passes on the matching echo reply (same
 * identifier unless the transport rewrites it, same sequence number, same payload). Failure codes:
 * `timeout` (no reply), `unreachable` (an ICMP error quoting the request), `unsupported` (no ICMP
 * transport), `network` (send failed).
 */
export function createPingCheck(opts: PingCheckOptions): Probe {
  const family = isIP(opts.host);
  if (family !== 4 && family !== 6)
    throw new CheckerConfigError('host', `must be an IP address, got '${opts.host}'`);
  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new CheckerConfigError('connectTimeoutMs', 'must be > 0');
  const size = opts.payloadBytes ?? 56;
  if (!Number.isInteger(size) || size < 8 || size > 65000)
    throw new CheckerConfigError('payloadBytes', '8..65000');
  const id = randomInt(0, 0x10000);
  let seq = randomInt(0, 0x10000);
  return (signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        let factory: IcmpTransportFactory | string;
        if (opts.transport !== undefined) factory = opts.transport;
        else factory = await loadDefaultIcmpTransport();
        if (typeof factory === 'string') return fail('unsupported', `PING_CHECK unsupported: ${factory}`);
        let transport: IcmpTransport;
        try {
          transport = await factory(family);
        } catch (e) {
          return fail('unsupported', `PING_CHECK cannot open an ICMP socket: ${errMessage(e)}`);
        }
        if (ctx.signal.aborted) {
          transport.close();
          return fail('aborted', 'aborted');
        }
        seq = (seq + 1) & 0xffff;
        const mySeq = seq;
        const payload = randomBytes(size);
        ctx.phase(`waiting for the echo reply from ${opts.host}`);
        return new Promise<Outcome>((resolve) => {
          let settled = false;
          const done = (o: Outcome): void => {
            if (settled) return;
            settled = true;
            unsubscribe();
            ctx.signal.removeEventListener('abort', onAbort);
            transport.close();
            resolve(o);
          };
          const onAbort = (): void => done(fail('aborted', 'aborted'));
          const unsubscribe = transport.onMessage((packet, from) => {
            const m = classifyIcmp(family, packet);
            if (m.kind === 'reply') {
              const r = m.message;
              if (r.seq !== mySeq || (!transport.rewritesIdentifier && r.id !== id)) return;
              if (!r.payload.equals(payload)) return;
              if (isIP(from) !== 0 && from !== opts.host) return;
              done(pass(`echo reply from ${opts.host}`));
            } else if (
              m.kind === 'error' &&
              m.seq === mySeq &&
              (transport.rewritesIdentifier || m.id === id)
            ) {
              done(
                fail('unreachable', `${icmpErrorName(family, m.type, m.code)} from ${from} for ${opts.host}`),
              );
            }
          });
          ctx.signal.addEventListener('abort', onAbort, { once: true });
          transport.send(encodeEchoRequest(family, id, mySeq, payload), opts.host).catch((e: unknown) => {
            done(fail('network', `PING_CHECK send to ${opts.host}: ${errMessage(e)}`));
          });
        });
      },
      'PING_CHECK',
    );
}
