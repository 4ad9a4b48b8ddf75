/**
 * TCP_CHECK: the probe passes when a TCP connection is established (then closed at once).
 *
 * @module
 */
import type { Probe } from '../types.js';
import type { ConnectOptions } from './common.js';
import { checkConnectOptions, hostPort, pass, runAttempt } from './common.js';
import { connectTcp } from './connect.js';

/** Options of {@link createTcpCheck}: keepalived's `TCP_CHECK` has only the generic connection options. */
export interface TcpCheckOptions extends ConnectOptions {}

/**
 * keepalived's `TCP_CHECK`: one attempt connects and closes. `refused`, `timeout` or
 * `unreachable` on failure.
 */
export function createTcpCheck(opts: TcpCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'TCP_CHECK');
  const where = hostPort(opts.host, opts.port);
  return (signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        const c = await connectTcp(opts, ctx);
        if (c.outcome) return c.outcome;
        c.socket.destroy();
        return pass(`connected to ${where}`);
      },
      'TCP_CHECK',
    );
}
