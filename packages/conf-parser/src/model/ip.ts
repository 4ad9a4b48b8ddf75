/**
 * Address parsing on top of ip-address, giving canonical strings.
 *
 * @module
 */
import { Address4, Address6 } from 'ip-address';

/** A parsed address. */
export interface ParsedIp {
  /** Canonical text (IPv4 dotted quad; IPv6 compressed lower case). */
  address: string;
  /** Family. */
  family: 4 | 6;
}

/** A parsed address with prefix length. */
export interface ParsedPrefix extends ParsedIp {
  /** Prefix length; the family's full length when none was written. */
  prefix: number;
  /** True when a `/len` was written. */
  explicitPrefix: boolean;
}

/** Parse a bare address (no prefix); `undefined` when invalid or of the wrong family. */
export function parseIp(text: string, family?: 4 | 6): ParsedIp | undefined {
  if (text.includes('/')) return undefined;
  if (family !== 6 && Address4.isValid(text)) return { address: new Address4(text).correctForm(), family: 4 };
  if (family !== 4 && text.includes(':') && Address6.isValid(text)) {
    return { address: new Address6(text).correctForm(), family: 6 };
  }
  return undefined;
}

/** Parse `ADDR[/LEN]`; `undefined` when the address or the length is invalid. */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ...ip, prefix: max, explicitPrefix: false };
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > max) return undefined;
  return { ...ip, prefix: len, explicitPrefix: true };
}
