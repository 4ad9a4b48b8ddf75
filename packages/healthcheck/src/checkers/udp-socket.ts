/**
 * A connected UDP socket for a probe (DNS_CHECK, UDP_CHECK): bind options, abort wiring; on a
 * connected socket an ICMP port unreachable surfaces as ECONNREFUSED.
 *
 * @module
 */
import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { AttemptContext, ConnectOptions } from './common.js';
import { scopedHost } from './common.js';

/** Opens a UDP socket connected to `opts.host:opts.port`; closed when `ctx.signal` aborts. */
export function openUdp(
  opts: ConnectOptions,
  ctx: AttemptContext,
): Promise<{ socket: UdpSocket } | { error: Error }> {
  const socket = createSocket({ type: isIP(opts.host) === 6 ? 'udp6' : 'udp4' });
  const close = (): void => {
    try {
      socket.close();
    } catch {
      // already closed
    }
  };
  ctx.signal.addEventListener('abort', close, { once: true });
  socket.once('close', () => ctx.signal.removeEventListener('abort', close));
  return new Promise((resolve) => {
    const onError = (error: Error): void => {
      close();
      resolve({ error });
    };
    socket.once('error', onError);
    const connect = (): void => {
      socket.connect(opts.port, scopedHost(opts), () => {
        socket.removeListener('error', onError);
        socket.on('error', () => {}); // never crash between here and the caller's own handler
        resolve({ socket });
      });
    };
    if (opts.bindto !== undefined || opts.bindPort !== undefined) {
      socket.bind({ address: opts.bindto, port: opts.bindPort ?? 0, exclusive: true }, connect);
    } else {
      connect();
    }
  });
}
