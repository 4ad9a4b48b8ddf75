/**
 * Building a DNS query and reading a response (RFC 1035), enough for DNS_CHECK. Pure.
 *
 * @module
 */
import { CheckerConfigError } from './common.js';

/** Query types DNS_CHECK accepts (keepalived's `type`). */
export type DnsType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'MX' | 'TXT' | 'AAAA';

/** RR type numbers of {@link DnsType}. */
export const DNS_TYPES: Readonly<Record<DnsType, number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  MX: 15,
  TXT: 16,
  AAAA: 28,
};

/** RCODE names for reasons. */
export const DNS_RCODES: readonly string[] = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
];

/** A response that is not a well-formed DNS message. */
export class DnsParseError extends Error {
  /** Stable code: always `ERR_HA_DNS_PARSE`. */
  readonly code = 'ERR_HA_DNS_PARSE';
  /** @param message - what was wrong. */
  constructor(message: string) {
    super(message);
    this.name = 'DnsParseError';
  }
}

/** Encodes a domain name as DNS labels; `.` and `''` are the root. Throws {@link CheckerConfigError}. */
export function encodeName(name: string): Buffer {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  const parts: Buffer[] = [];
  if (trimmed !== '') {
    for (const label of trimmed.split('.')) {
      const b = Buffer.from(label, 'ascii');
      if (b.length === 0 || b.length > 63) throw new CheckerConfigError('name', `bad label in '${name}'`);
      parts.push(Buffer.from([b.length]), b);
    }
  }
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  if (out.length > 255) throw new CheckerConfigError('name', `name longer than 255 bytes: '${name}'`);
  return out;
}

/** Builds a standard query (RD set, one question, class IN). */
export function encodeDnsQuery(id: number, name: string, type: DnsType): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4); // QDCOUNT
  const q = Buffer.alloc(4);
  q.writeUInt16BE(DNS_TYPES[type], 0);
  q.writeUInt16BE(1, 2); // IN
  return Buffer.concat([header, encodeName(name), q]);
}

/** One resource record's identity (its data is not decoded). */
export interface DnsRecord {
  /** Owner name, lower-cased, without trailing dot (`''` for the root). */
  name: string;
  /** RR type number. */
  type: number;
  /** RR class number. */
  class: number;
  /** TTL in seconds. */
  ttl: number;
  /** Length of the RDATA. */
  rdlength: number;
}

/** One entry of the question section. */
export interface DnsQuestion {
  /** Name, lower-cased, without trailing dot (`''` for the root). */
  name: string;
  /** Query type number. */
  type: number;
  /** Query class number. */
  class: number;
}

/** The parts of a DNS message a health check needs. */
export interface DnsResponse {
  /** Message id. */
  id: number;
  /** QR bit: true for a response. */
  qr: boolean;
  /** RCODE (0 = NOERROR, 3 = NXDOMAIN, …). */
  rcode: number;
  /** TC bit. */
  truncated: boolean;
  /** The question section. */
  questions: DnsQuestion[];
  /** The answer section. */
  answers: DnsRecord[];
}

function readName(buf: Buffer, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = start;
  let next = -1;
  for (let hops = 0; ; hops++) {
    if (hops > 128) throw new DnsParseError('name compression loop');
    if (pos >= buf.length) throw new DnsParseError('name runs past the end');
    const len = buf[pos]!;
    if (len === 0) {
      if (next < 0) next = pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= buf.length) throw new DnsParseError('truncated name pointer');
      if (next < 0) next = pos + 2;
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new DnsParseError('bad label type');
    if (pos + 1 + len > buf.length) throw new DnsParseError('label runs past the end');
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len).toLowerCase());
    pos += 1 + len;
  }
  return { name: labels.join('.'), next };
}

/** Parses a DNS message's header, questions and answers. Throws {@link DnsParseError}. */
export function parseDnsResponse(buf: Buffer): DnsResponse {
  if (buf.length < 12) throw new DnsParseError(`message of ${buf.length} bytes is shorter than a header`);
  const flags = buf.readUInt16BE(2);
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  let pos = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < qd; i++) {
    const n = readName(buf, pos);
    if (n.next + 4 > buf.length) throw new DnsParseError('truncated question');
    questions.push({ name: n.name, type: buf.readUInt16BE(n.next), class: buf.readUInt16BE(n.next + 2) });
    pos = n.next + 4;
  }
  const answers: DnsRecord[] = [];
  for (let i = 0; i < an; i++) {
    const n = readName(buf, pos);
    if (n.next + 10 > buf.length) throw new DnsParseError('truncated answer');
    const rdlength = buf.readUInt16BE(n.next + 8);
    if (n.next + 10 + rdlength > buf.length) throw new DnsParseError('answer data runs past the end');
    answers.push({
      name: n.name,
      type: buf.readUInt16BE(n.next),
      class: buf.readUInt16BE(n.next + 2),
      ttl: buf.readUInt32BE(n.next + 4),
      rdlength,
    });
    pos = n.next + 10 + rdlength;
  }
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    rcode: flags & 0x000f,
    truncated: (flags & 0x0200) !== 0,
    questions,
    answers,
  };
}
