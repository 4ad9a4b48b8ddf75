/**
 * Opening a TCP connection for a probe: bind options, abort wiring, error mapping.
 *
 * @module
 */
import { Socket } from 'node:net';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import { errorOutcome, hostPort, scopedHost } from './common.js';

/** Either a connected socket or the outcome that ended the attempt. */
export type Connected = { socket: Socket; outcome?: undefined } | { socket?: undefined; outcome: Outcome };

/**
 * Connects to `opts.host:opts.port` (from `bindto:bindPort` when set). The socket is destroyed when
 * `ctx.signal` aborts, so the caller never has to close it on the deadline path.
 */
export function connectTcp(opts: ConnectOptions, ctx: AttemptContext): Promise<Connected> {
  ctx.phase(`connect to ${hostPort(opts.host, opts.port)}`);
  const socket = new Socket();
  const destroy = (): void => {
    socket.destroy();
  };
  ctx.signal.addEventListener('abort', destroy, { once: true });
  socket.once('close', () => ctx.signal.removeEventListener('abort', destroy));
  return new Promise<Connected>((resolve) => {
    const onError = (err: Error): void => {
      socket.destroy();
      resolve({ outcome: errorOutcome(err, `connect ${hostPort(opts.host, opts.port)}`) });
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.removeListener('error', onError);
      // Keep a listener so an error between here and the caller's own handlers can never crash the process.
      socket.on('error', () => {});
      resolve({ socket });
    });
    socket.connect({
      host: scopedHost(opts),
      port: opts.port,
      ...(opts.bindto !== undefined ? { localAddress: opts.bindto } : {}),
      ...(opts.bindPort !== undefined ? { localPort: opts.bindPort } : {}),
    });
  });
}
