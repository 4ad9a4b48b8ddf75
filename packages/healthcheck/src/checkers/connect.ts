/**
 * Opening a TCP connection for a probe: bind options, abort wiring, error mapping.
 *
 * @module
 */
import { Socket, type TcpNetConnectOpts } from 'node:net';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import { errorOutcome, hostPort, scopedHost, warnFwmarkIgnored } from './common.js';

/** Either a connected socket or the outcome that ended the attempt. */
export type Connected = { socket: Socket; outcome?: undefined } | { socket?: undefined; outcome: Outcome };

/** What {@link connectTcp} needs, computed once per check definition instead of once per probe. */
export interface ConnectTarget {
  /** Options handed to `socket.connect`. */
  readonly connect: TcpNetConnectOpts;
  /** The phase recorded while connecting, e.g. `connect to 127.0.0.1:80`. */
  readonly phase: string;
  /** Prefix of connect error reasons, e.g. `connect 127.0.0.1:80`. */
  readonly what: string;
}

/** Precomputes the per-definition part of {@link connectTcp} (call it once, in the checker factory). */
export function connectTarget(opts: ConnectOptions): ConnectTarget {
  const where = hostPort(opts.host, opts.port);
  const connect: TcpNetConnectOpts = { host: scopedHost(opts), port: opts.port };
  if (opts.bindto !== undefined) connect.localAddress = opts.bindto;
  if (opts.bindPort !== undefined) connect.localPort = opts.bindPort;
  return { connect, phase: `connect to ${where}`, what: `connect ${where}` };
}

/**
 * Connects to `opts.host:opts.port` (from `bindto:bindPort` when set). The socket is destroyed when
 * the attempt ends (`ctx.onEnd`: deadline, abort or result), so the caller never
 * has to close it on the deadline path.
 *
 * @param opts - the target
 * @param ctx - the attempt
 * @param target - `connectTarget(opts)`, precomputed by the factory (computed here when omitted)
 */
export function connectTcp(
  opts: ConnectOptions,
  ctx: AttemptContext,
  target: ConnectTarget = connectTarget(opts),
): Promise<Connected> {
  ctx.phase(target.phase);
  if (opts.fwmark) warnFwmarkIgnored(target.what, opts.fwmark);
  const socket = new Socket();
  ctx.onEnd(() => socket.destroy());
  return new Promise<Connected>((resolve) => {
    let connected = false;
    // One error listener for the socket's whole life: before connect it ends the attempt; after, it
    // only keeps an error between here and the caller's own handlers from crashing the process.
    socket.on('error', (err: Error) => {
      if (connected) return;
      connected = true;
      socket.destroy();
      resolve({ outcome: errorOutcome(err, target.what) });
    });
    socket.connect(target.connect, () => {
      if (connected) return;
      connected = true;
      resolve({ socket });
    });
  });
}
