/**
 * TCP_CHECK: the probe passes when a TCP connection is established (then closed at once).
 *
 * @module
 */
import type { Probe } from '../types.js';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import { checkConnectOptions, hostPort, pass, runAttempt } from './common.js';
import { connectTarget, connectTcp } from './connect.js';

/** Options of {@link createTcpCheck}: keepalived's `TCP_CHECK` has only the generic connection options. */
export interface TcpCheckOptions extends ConnectOptions {}

/**
 * keepalived's `TCP_CHECK`: one attempt connects and closes. `refused`, `timeout` or
 * `unreachable` on failure.
 */
export function createTcpCheck(opts: TcpCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'TCP_CHECK');
  // Built once per check definition: the attempt runner copies the outcome, never mutates it.
  const connected = pass(`connected to ${hostPort(opts.host, opts.port)}`);
  const target = connectTarget(opts);
  const body = async (ctx: AttemptContext): Promise<Outcome> => {
    const c = await connectTcp(opts, ctx, target);
    if (c.outcome) return c.outcome;
    c.socket.destroy();
    return connected;
  };
  return (signal) => runAttempt(signal, timeoutMs, body, 'TCP_CHECK');
}
