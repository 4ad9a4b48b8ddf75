/**
 * SMTP_CHECK: read the 220 banner, send `HELO`, expect 250, send `QUIT`.
 *
 * @module
 */
import type { Socket } from 'node:net';
import type { Probe } from '../types.js';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import {
  CheckerConfigError,
  checkConnectOptions,
  errorOutcome,
  fail,
  hostPort,
  pass,
  runAttempt,
} from './common.js';
import { connectTcp } from './connect.js';

/**
 * keepalived's default `helo_name` for SMTP_CHECK (the string compiled into keepalived 2.2;
 * the global `smtp_helo_name`, default the local host name, is for keepalived's own alert mail).
 */
export const DEFAULT_HELO_NAME = 'smtpchecker.keepalived.org';

/**
 * Options of {@link createSmtpCheck}. keepalived's deprecated `host { }` sub-blocks (several servers in one
 * checker) are several probes here: create one per host and combine their results in the monitor.
 */
export interface SmtpCheckOptions extends ConnectOptions {
  /** keepalived: `helo_name`: the argument of `HELO`. Default {@link DEFAULT_HELO_NAME}. */
  heloName?: string;
}

/** Longest SMTP reply accepted (all lines of a multi-line reply). */
const MAX_REPLY_BYTES = 8192;

/** One complete SMTP reply. */
interface Reply {
  code: number;
  text: string;
}

/** Reads complete (possibly multi-line) replies off a socket. */
class ReplyReader {
  private buf = '';
  private lines: string[] = [];

  /** Feeds bytes; returns a complete reply, `undefined` if more is needed; throws on garbage. */
  feed(d: string): Reply | undefined {
    this.buf += d;
    if (this.buf.length > MAX_REPLY_BYTES) throw new Error(`reply over ${MAX_REPLY_BYTES} bytes`);
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl < 0) return undefined;
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      const m = /^(\d{3})([ -]|$)(.*)$/.exec(line);
      if (!m) throw new Error(`not an SMTP reply: '${line.slice(0, 60).replace(/[^\x20-\x7e]/g, '.')}'`);
      this.lines.push(m[3] ?? '');
      if (m[2] !== '-') {
        const reply = { code: Number(m[1]), text: this.lines.join(' ') };
        this.lines = [];
        return reply;
      }
    }
  }
}

function converse(socket: Socket, heloName: string, where: string, ctx: AttemptContext): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const reader = new ReplyReader();
    let step: 'banner' | 'helo' | 'quit' = 'banner';
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const done = (o: Outcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(grace);
      socket.destroy();
      resolve(o);
    };
    const ok = pass(`SMTP ${where} accepted HELO`);
    ctx.phase('waiting for the SMTP banner');
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      let reply: Reply | undefined;
      try {
        reply = reader.feed(d);
      } catch (e) {
        done(fail('protocol', `${step === 'banner' ? 'banner' : 'HELO reply'}: ${(e as Error).message}`));
        return;
      }
      if (reply === undefined) return;
      if (step === 'banner') {
        if (reply.code !== 220) {
          done(fail('status', `banner ${reply.code} ${reply.text}`.trim()));
          return;
        }
        step = 'helo';
        ctx.phase('waiting for the HELO reply');
        socket.write(`HELO ${heloName}\r\n`);
      } else if (step === 'helo') {
        if (reply.code !== 250) {
          done(fail('status', `HELO answered ${reply.code} ${reply.text}`.trim()));
          return;
        }
        step = 'quit';
        ctx.phase('QUIT');
        socket.end('QUIT\r\n');
        // The check has passed; give the server a moment to answer QUIT so the session ends cleanly.
        grace = setTimeout(() => done(ok), 100);
      } else {
        done(ok);
      }
    });
    socket.on('error', (e) => done(step === 'quit' ? ok : errorOutcome(e, `SMTP ${where}`)));
    socket.on('close', () =>
      done(
        step === 'quit'
          ? ok
          : fail(
              'protocol',
              `connection closed while waiting for the ${step === 'banner' ? 'banner' : 'HELO reply'}`,
            ),
      ),
    );
  });
}

/**
 * keepalived's `SMTP_CHECK`: passes when the server greets with 220 and answers `HELO` with 250.
 * Failure codes: `refused`, `timeout`, `status` (unexpected reply code), `protocol` (not SMTP).
 */
export function createSmtpCheck(opts: SmtpCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'SMTP_CHECK');
  const heloName = opts.heloName ?? DEFAULT_HELO_NAME;
  if (heloName === '' || /[\r\n]/.test(heloName)) {
    throw new CheckerConfigError('heloName', 'must be non-empty and single-line');
  }
  const where = hostPort(opts.host, opts.port);
  return (signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        const c = await connectTcp(opts, ctx);
        if (c.outcome) return c.outcome;
        return converse(c.socket, heloName, where, ctx);
      },
      'SMTP_CHECK',
    );
}
