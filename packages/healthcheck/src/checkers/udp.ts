/**
 * UDP_CHECK: send a datagram; without `requireReply` the probe passes unless an ICMP error comes back
 * before the deadline; with it, a reply of the right length and content is required.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Probe } from '../types.js';
import type { ConnectOptions, Outcome } from './common.js';
import {
  CheckerConfigError,
  checkConnectOptions,
  errorOutcome,
  fail,
  hostPort,
  pass,
  runAttempt,
} from './common.js';
import type { HexPattern } from './hex.js';
import { matchHexPattern, parseHex, parseHexPattern } from './hex.js';
import { openUdp } from './udp-socket.js';

/** Options of {@link createUdpCheck}. */
export interface UdpCheckOptions extends ConnectOptions {
  /** keepalived: `payload <HEX_STR>`: the datagram sent. Default: 16 random bytes (keepalived sends random data). */
  payload?: string;
  /**
   * keepalived: `require_reply [<HEX_STR>]`: `true` requires a reply (content not checked); a HEX_STR also
   * requires its bytes to match over the shorter of the two lengths, `X` nibbles matching anything.
   * Default: no reply required.
   */
  requireReply?: boolean | string;
  /** keepalived: `min_reply_length`: with `requireReply`, shortest reply accepted. Default 0. */
  minReplyLength?: number;
  /** keepalived: `max_reply_length`: with `requireReply`, longest reply accepted. Default 255. */
  maxReplyLength?: number;
}

function judge(reply: Buffer, min: number, max: number, pattern: HexPattern | undefined): Outcome {
  if (reply.length < min || reply.length > max) {
    return fail('reply', `reply of ${reply.length} bytes outside ${min}..${max}`);
  }
  if (pattern !== undefined) {
    const at = matchHexPattern(reply, pattern);
    if (at >= 0) return fail('reply', `reply differs from require_reply at byte ${at}`);
  }
  return pass(`reply of ${reply.length} bytes`);
}

/**
 * keepalived's `UDP_CHECK`. Without `requireReply` a passing probe takes the whole `connectTimeoutMs`
 * (silence is success; only ICMP unreachable fails, code `refused` / `unreachable`), unless a reply
 * arrives first. With it: codes `timeout` (no reply) and `reply` (length or content).
 */
export function createUdpCheck(opts: UdpCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'UDP_CHECK');
  const fixed = opts.payload !== undefined ? parseHex(opts.payload, 'payload') : undefined;
  const required = opts.requireReply !== undefined && opts.requireReply !== false;
  const pattern =
    typeof opts.requireReply === 'string' && opts.requireReply.trim() !== ''
      ? parseHexPattern(opts.requireReply, 'requireReply')
      : undefined;
  const min = opts.minReplyLength ?? 0;
  const max = opts.maxReplyLength ?? 255;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    throw new CheckerConfigError('minReplyLength', `bad reply length range ${min}..${max}`);
  }
  const where = hostPort(opts.host, opts.port);
  return (signal) =>
    runAttempt(
      signal,
      // Without requireReply, silence until connectTimeoutMs is success: the attempt gets some slack
      // so its own deadline cannot fire first.
      required ? timeoutMs : timeoutMs + 1000,
      async (ctx) => {
        const started = performance.now();
        const u = await openUdp(opts, ctx);
        if ('error' in u) return errorOutcome(u.error, `UDP ${where}`);
        const { socket } = u;
        ctx.phase(required ? `waiting for a reply from ${where}` : `waiting for an ICMP error from ${where}`);
        return new Promise<Outcome>((resolve) => {
          let silence: NodeJS.Timeout | undefined;
          const done = (o: Outcome): void => {
            clearTimeout(silence);
            socket.removeAllListeners('message');
            socket.removeAllListeners('error');
            socket.on('error', () => {});
            socket.close();
            resolve(o);
          };
          socket.on('message', (msg: Buffer) =>
            done(required ? judge(msg, min, max, pattern) : pass(`reply from ${where}`)),
          );
          socket.on('error', (e) => done(errorOutcome(e, `UDP ${where}`)));
          socket.send(fixed ?? randomBytes(16));
          if (!required) {
            const left = Math.max(0, timeoutMs - (performance.now() - started));
            silence = setTimeout(() => done(pass(`no ICMP error from ${where} in ${timeoutMs} ms`)), left);
          }
        });
      },
      'UDP_CHECK',
    );
}
