/**
 * DNS_CHECK: one UDP query; the server must answer it with records of the queried type.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
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
import type { DnsType } from './dns-packet.js';
import { DNS_RCODES, DNS_TYPES, encodeDnsQuery, encodeName, parseDnsResponse } from './dns-packet.js';
import { openUdp } from './udp-socket.js';

/** Options of {@link createDnsCheck}. `port` is usually 53. */
export interface DnsCheckOptions extends ConnectOptions {
  /** keepalived: `type`: the query type. Default `SOA`. */
  type?: DnsType;
  /** keepalived: `name`: the name queried. Default `.` (the root). */
  name?: string;
}

/**
 * Judges a response to query `id` for `name`/`type`: it passes when it is a response (QR) to that
 * id, RCODE is NOERROR and the answer section holds at least one record of the queried type.
 * Returns `undefined` when the message is not for this query (another id) and should be ignored.
 */
export function judgeDnsResponse(msg: Buffer, id: number, name: string, type: DnsType): Outcome | undefined {
  let r: ReturnType<typeof parseDnsResponse>;
  try {
    r = parseDnsResponse(msg);
  } catch (e) {
    if (msg.length >= 2 && msg.readUInt16BE(0) !== id) return undefined;
    return fail('protocol', `malformed DNS response: ${(e as Error).message}`);
  }
  if (r.id !== id) return undefined;
  if (!r.qr) return fail('protocol', 'DNS message is a query, not a response');
  const q = r.questions[0];
  const qname = name === '.' || name === '' ? '' : name.replace(/\.$/, '').toLowerCase();
  if (q !== undefined && (q.name !== qname || q.type !== DNS_TYPES[type])) {
    return fail('protocol', `DNS response is for another question (${q.name || '.'} type ${q.type})`);
  }
  if (r.rcode !== 0)
    return fail('dns', `DNS ${DNS_RCODES[r.rcode] ?? `RCODE ${r.rcode}`} for ${name} ${type}`);
  const n = r.answers.filter((a) => a.type === DNS_TYPES[type]).length;
  if (n === 0)
    return fail('dns', `DNS answer has no ${type} record for ${name} (${r.answers.length} answers)`);
  return pass(`DNS ${n} ${type} record${n > 1 ? 's' : ''} for ${name}`);
}

/**
 * keepalived's `DNS_CHECK`: sends one query over UDP and judges the reply with {@link judgeDnsResponse}.
 * Failure codes: `timeout` (no answer), `refused` (ICMP port unreachable), `dns` (RCODE / no record),
 * `protocol` (malformed).
 */
export function createDnsCheck(opts: DnsCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'DNS_CHECK');
  const type = opts.type ?? 'SOA';
  if (!(type in DNS_TYPES))
    throw new CheckerConfigError('type', `must be one of ${Object.keys(DNS_TYPES).join('|')}`);
  const name = opts.name ?? '.';
  encodeName(name);
  const where = hostPort(opts.host, opts.port);
  return (signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        const id = randomInt(0, 0x10000);
        const u = await openUdp(opts, ctx);
        if ('error' in u) return errorOutcome(u.error, `DNS ${where}`);
        const { socket } = u;
        ctx.phase(`waiting for the DNS answer from ${where}`);
        return new Promise<Outcome>((resolve) => {
          const done = (o: Outcome): void => {
            socket.removeAllListeners('message');
            socket.removeAllListeners('error');
            socket.on('error', () => {});
            socket.close();
            resolve(o);
          };
          socket.on('message', (msg: Buffer) => {
            const o = judgeDnsResponse(msg, id, name, type);
            if (o !== undefined) done(o);
          });
          socket.on('error', (e) => done(errorOutcome(e, `DNS ${where}`)));
          socket.send(encodeDnsQuery(id, name, type));
        });
      },
      'DNS_CHECK',
    );
}
