/**
 * Platform-neutral IP address parsing for the linter (no `node:net`, so it bundles for browsers).
 *
 * @module
 */

/** Address family of a parsed address. */
export type Family = 4 | 6;

/** A parsed address with an optional prefix length. */
export interface ParsedAddress {
  /** 4 or 6. */
  family: Family;
  /** The address text without the prefix. */
  address: string;
  /** Canonical key (lower-case, for IPv4 the dotted quad) used to compare addresses. */
  key: string;
  /** Prefix length when `/N` was given. */
  prefix?: number;
}

/** True when `text` is a dotted-quad IPv4 address. */
export function isIPv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // leading zero, as inet_pton
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
      if (value > 255) return false;
    } else {
      return false;
    }
  }
  return parts === 3 && digits > 0;
}

/** True when `text` is an IPv6 address (with an optional `%zone`). */
export function isIPv6(text: string): boolean {
  const zone = text.indexOf('%');
  // A zone, when present, is a non-empty interface name or index (`fe80::1%eth0`), as node:net accepts it.
  if (zone >= 0 && !/^[0-9A-Za-z.:-]+$/.test(text.slice(zone + 1))) return false;
  const body = zone >= 0 ? text.slice(0, zone) : text;
  if (body.length < 2 || !/^[0-9A-Fa-f:.]+$/.test(body)) return false;
  const dbl = body.split('::');
  if (dbl.length > 2) return false;
  const groups = (s: string): string[] | undefined => (s === '' ? [] : s.split(':'));
  const head = groups(dbl[0]!);
  const tail = dbl.length === 2 ? groups(dbl[1]!) : [];
  if (head === undefined || tail === undefined) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    if (i === all.length - 1 && g.includes('.')) {
      if (!isIPv4(g)) return false;
      count += 2;
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return false;
    count += 1;
  }
  return dbl.length === 2 ? count < 8 : count === 8;
}

/** Parses `ADDR` or `ADDR/PREFIX`; returns undefined when it is not a valid address. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  let prefix: number | undefined;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return undefined;
    prefix = Number(p);
  }
  if (isIPv4(address)) {
    if (prefix !== undefined && prefix > 32) return undefined;
    const key = address
      .split('.')
      .map((x) => String(Number(x)))
      .join('.');
    return prefix === undefined ? { family: 4, address, key } : { family: 4, address, key, prefix };
  }
  if (isIPv6(address)) {
    if (prefix !== undefined && prefix > 128) return undefined;
    const key = address.toLowerCase();
    return prefix === undefined ? { family: 6, address, key } : { family: 6, address, key, prefix };
  }
  return undefined;
}

/** True for IPv6 link-local addresses (fe80::/10). */
export function isLinkLocal6(text: string): boolean {
  return /^fe[89ab][0-9a-f]?:/i.test(text);
}
