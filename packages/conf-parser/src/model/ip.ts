/**
 * Address parsing giving canonical strings. Plain dotted quads and plain hexadecimal IPv6
 * addresses are parsed by hand (no exceptions, few allocations); anything else that might be an
 * IPv6 address (embedded IPv4, zone) goes to ip-address. The verdicts and canonical forms are
 * those of ip-address (`Address4`/`Address6` `isValid` and `correctForm`).
 *
 * @module
 */
import { Address6 } from 'ip-address';

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

const DOT = 46;
const COLON = 58;
const ZERO = 48;
const NINE = 57;

/**
 * True when `text` is a dotted quad as ip-address accepts it (four decimal octets 0..255
 * without leading zeros), i.e. it matches ip-address's `RE_ADDRESS`. Such text is already in
 * `correctForm`.
 */
export function isIpv4(text: string, start = 0, end = text.length): boolean {
  let octets = 0;
  let i = start;
  while (i < end) {
    const first = i;
    let value = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      value = value * 10 + (c - ZERO);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || value > 255) return false;
    if (digits > 1 && text.charCodeAt(first) === ZERO) return false;
    octets++;
    if (i === end) return octets === 4;
    if (text.charCodeAt(i) !== DOT || octets === 4) return false;
    i++;
  }
  return false;
}

function hexValue(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO;
  const l = c | 0x20; // lower case
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

const groupsScratch: number[] = [0, 0, 0, 0, 0, 0, 0, 0];

/**
 * Canonical form of a plain IPv6 address (hex groups, at most one `::`, no embedded IPv4, no
 * zone), as ip-address's `correctForm` writes it; `undefined` when the text is not of that
 * plain shape (it may still be valid: the caller asks ip-address then).
 */
function plainIpv6(text: string): string | undefined {
  const n = text.length;
  if (n < 2 || n > 39) return undefined;
  const g = groupsScratch;
  let count = 0;
  let elideAt = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    elideAt = 0;
    i = 2;
    if (i === n) {
      g.fill(0);
      return '::';
    }
  }
  for (;;) {
    let value = 0;
    const first = i;
    while (i < n) {
      const h = hexValue(text.charCodeAt(i));
      if (h < 0) break;
      value = value * 16 + h;
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 4) return undefined;
    if (count === 8) return undefined;
    g[count++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== COLON) return undefined;
    i++;
    if (i < n && text.charCodeAt(i) === COLON) {
      if (elideAt >= 0) return undefined;
      elideAt = count;
      i++;
      if (i === n) break;
    } else if (i === n) return undefined;
  }
  if (elideAt >= 0) {
    if (count > 7) return undefined;
    const missing = 8 - count;
    for (let k = count - 1; k >= elideAt; k--) g[k + missing] = g[k] as number;
    for (let k = elideAt; k < elideAt + missing; k++) g[k] = 0;
  } else if (count !== 8) return undefined;
  // The first longest run of two or more zero groups is written as `::`.
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let k = 0; k <= 8; k++) {
    if (k < 8 && g[k] === 0) {
      if (runStart < 0) runStart = k;
    } else if (runStart >= 0) {
      const len = k - runStart;
      if (len > bestLen) {
        bestLen = len;
        bestStart = runStart;
      }
      runStart = -1;
    }
  }
  if (bestStart < 0) {
    let out = (g[0] as number).toString(16);
    for (let k = 1; k < 8; k++) out += `:${(g[k] as number).toString(16)}`;
    return out;
  }
  let head = '';
  for (let k = 0; k < bestStart; k++)
    head += k === 0 ? (g[k] as number).toString(16) : `:${(g[k] as number).toString(16)}`;
  let tail = '';
  for (let k = bestStart + bestLen; k < 8; k++) tail += `:${(g[k] as number).toString(16)}`;
  return tail === '' ? `${head}::` : `${head}:${tail}`;
}

/** Parse a bare address (no prefix); `undefined` when invalid or of the wrong family. */
export function parseIp(text: string, family?: 4 | 6): ParsedIp | undefined {
  if (family !== 6 && isIpv4(text)) return { address: text, family: 4 };
  if (family === 4 || !text.includes(':') || text.includes('/')) return undefined;
  const plain = plainIpv6(text);
  if (plain !== undefined) return { address: plain, family: 6 };
  if (Address6.isValid(text)) return { address: new Address6(text).correctForm(), family: 6 };
  return undefined;
}

/** Parse `ADDR[/LEN]`; `undefined` when the address or the length is invalid. */
export function parsePrefix(text: string): ParsedPrefix | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { address: ip.address, family: ip.family, prefix: max, explicitPrefix: false };
  const lenText = text.slice(slash + 1);
  const m = lenText.length;
  if (m < 1 || m > 3) return undefined;
  let len = 0;
  for (let i = 0; i < m; i++) {
    const c = lenText.charCodeAt(i);
    if (c < ZERO || c > NINE) return undefined;
    len = len * 10 + (c - ZERO);
  }
  if (len > max) return undefined;
  return { address: ip.address, family: ip.family, prefix: len, explicitPrefix: true };
}
