/**
 * IPv4 / IPv6 address text ⇄ bytes for the codec's hot path.
 *
 * Parsing is strict (dotted quad without leading zeros; RFC 4291 §2.2 IPv6 text, an
 * optional trailing dotted quad, an optional `%zone` that is ignored). Formatting gives
 * the canonical text of RFC 5952 (lower case, no leading zeros, the longest run of two or
 * more zero groups compressed, the first on a tie). IPv4-mapped IPv6 addresses are written
 * in hex (`::ffff:c000:201`), as the WHATWG URL parser does.
 *
 * Both directions are cached (bounded), so steady-state traffic does no string work.
 *
 * @module
 */
import type { Family } from '../types.js';

/** Octets of an IPv4 address. */
export const IPV4_LENGTH = 4;
/** Octets of an IPv6 address. */
export const IPV6_LENGTH = 16;

/** Octets of one address of `family`. */
export function addressLength(family: Family): number {
  return family === 'ipv4' ? IPV4_LENGTH : IPV6_LENGTH;
}

const HEX = '0123456789abcdef';

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Parses a dotted quad in `text[start, end)` into `out[at..at+3]`; false when invalid. */
function parseIpv4Into(text: string, start: number, end: number, out: Uint8Array, at: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  let first = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return false;
      if (digits > 1 && first === 0) return false;
      out[at + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 0) first = c - 0x30;
      value = value * 10 + (c - 0x30);
      digits++;
      if (digits > 3 || value > 255) return false;
    } else {
      return false;
    }
  }
  return part === 4;
}

/** Parses IPv6 text in `text[0, end)` into 16 bytes; false when invalid. */
function parseIpv6Into(text: string, end: number, out: Uint8Array): boolean {
  const words = new Array<number>(8);
  let count = 0;
  let gap = -1;
  let i = 0;
  if (end >= 2 && text.charCodeAt(0) === 0x3a) {
    if (text.charCodeAt(1) !== 0x3a) return false;
    gap = 0;
    i = 2;
    if (end === 2) {
      out.fill(0);
      return true;
    }
  }
  while (i < end) {
    if (count >= 8) return false;
    let value = 0;
    let digits = 0;
    const groupStart = i;
    while (i < end) {
      const v = hexValue(text.charCodeAt(i));
      if (v < 0) break;
      value = (value << 4) | v;
      digits++;
      i++;
      if (digits > 4) return false;
    }
    if (i < end && text.charCodeAt(i) === 0x2e) {
      // Trailing dotted quad: needs room for two words.
      if (count > 6) return false;
      const quad = new Uint8Array(4);
      if (!parseIpv4Into(text, groupStart, end, quad, 0)) return false;
      words[count++] = (quad[0]! << 8) | quad[1]!;
      words[count++] = (quad[2]! << 8) | quad[3]!;
      i = end;
      break;
    }
    if (digits === 0) return false;
    words[count++] = value;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return false;
      gap = count;
      i++;
    } else if (i === end) {
      return false; // trailing single ':'
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return false;
  out.fill(0);
  const tail = gap < 0 ? 0 : count - gap;
  const head = gap < 0 ? count : gap;
  for (let w = 0; w < head; w++) {
    out[w * 2] = words[w]! >> 8;
    out[w * 2 + 1] = words[w]! & 0xff;
  }
  for (let w = 0; w < tail; w++) {
    const idx = 8 - tail + w;
    const value = words[gap + w]!;
    out[idx * 2] = value >> 8;
    out[idx * 2 + 1] = value & 0xff;
  }
  return true;
}

/**
 * Parses address text of `family` into a new byte array (4 or 16 bytes), or `undefined`
 * when the text is not a valid address of that family. An IPv6 `%zone` suffix is ignored.
 */
export function parseAddress(text: string, family: Family): Uint8Array | undefined {
  if (family === 'ipv4') {
    const out = new Uint8Array(IPV4_LENGTH);
    return parseIpv4Into(text, 0, text.length, out, 0) ? out : undefined;
  }
  const zone = text.indexOf('%');
  const end = zone < 0 ? text.length : zone;
  if (end === 0 || zone === text.length - 1) return undefined;
  const out = new Uint8Array(IPV6_LENGTH);
  return parseIpv6Into(text, end, out) ? out : undefined;
}

/** Family of an address text (`'ipv6'` if it contains a colon), without validating it. */
export function guessFamily(text: string): Family {
  return text.indexOf(':') >= 0 ? 'ipv6' : 'ipv4';
}

/** Formats 4 bytes at `bytes[offset]` as a dotted quad. */
function formatIpv4Raw(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Formats 16 bytes at `bytes[offset]` as RFC 5952 canonical IPv6 text. */
function formatIpv6Raw(bytes: Uint8Array, offset: number): string {
  const words = new Array<number>(8);
  for (let w = 0; w < 8; w++) words[w] = (bytes[offset + w * 2]! << 8) | bytes[offset + w * 2 + 1]!;
  let bestStart = -1;
  let bestLen = 1;
  for (let w = 0; w < 8; ) {
    if (words[w] !== 0) {
      w++;
      continue;
    }
    let e = w;
    while (e < 8 && words[e] === 0) e++;
    if (e - w > bestLen) {
      bestStart = w;
      bestLen = e - w;
    }
    w = e;
  }
  let out = '';
  for (let w = 0; w < 8; w++) {
    if (w === bestStart) {
      out += w === 0 ? '::' : ':';
      w += bestLen - 1;
      continue;
    }
    const v = words[w]!;
    let group = '';
    if (v >= 0x1000) group += HEX[v >> 12];
    if (v >= 0x100) group += HEX[(v >> 8) & 0xf];
    if (v >= 0x10) group += HEX[(v >> 4) & 0xf];
    group += HEX[v & 0xf];
    out += group;
    if (w < 7) out += ':';
  }
  return out;
}

/** Big-endian 32-bit word at `offset`, as a signed int32 (matches Int32Array storage). */
function readWord32(bytes: Uint8Array, offset: number): number {
  return (bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
}

// Direct-mapped caches of formatted addresses, keyed by a hash of the bytes.
const FORMAT_SLOTS = 1024;
const v4Keys = new Int32Array(FORMAT_SLOTS);
const v4Texts: (string | undefined)[] = new Array<string | undefined>(FORMAT_SLOTS).fill(undefined);
const v6Keys = new Int32Array(FORMAT_SLOTS * 4);
const v6Texts: (string | undefined)[] = new Array<string | undefined>(FORMAT_SLOTS).fill(undefined);

/**
 * Canonical text of the address of `family` stored at `bytes[offset]` (the caller
 * guarantees the bytes are there). Results are cached, so repeated addresses cost no
 * allocation.
 */
export function formatAddress(bytes: Uint8Array, offset: number, family: Family): string {
  if (family === 'ipv4') {
    const key =
      (bytes[offset]! << 24) |
      (bytes[offset + 1]! << 16) |
      (bytes[offset + 2]! << 8) |
      bytes[offset + 3]! |
      0;
    const slot = (key ^ (key >>> 10) ^ (key >>> 20)) & (FORMAT_SLOTS - 1);
    const hit = v4Texts[slot];
    if (hit !== undefined && v4Keys[slot] === key) return hit;
    const text = formatIpv4Raw(bytes, offset);
    v4Keys[slot] = key;
    v4Texts[slot] = text;
    return text;
  }
  const k0 = readWord32(bytes, offset);
  const k1 = readWord32(bytes, offset + 4);
  const k2 = readWord32(bytes, offset + 8);
  const k3 = readWord32(bytes, offset + 12);
  const h = (Math.imul(Math.imul(Math.imul(k0, 31) + k1, 31) + k2, 31) + k3) | 0;
  const slot = (h ^ (h >>> 10) ^ (h >>> 20)) & (FORMAT_SLOTS - 1);
  const base = slot * 4;
  const hit = v6Texts[slot];
  if (
    hit !== undefined &&
    v6Keys[base] === k0 &&
    v6Keys[base + 1] === k1 &&
    v6Keys[base + 2] === k2 &&
    v6Keys[base + 3] === k3
  ) {
    return hit;
  }
  const text = formatIpv6Raw(bytes, offset);
  v6Keys[base] = k0;
  v6Keys[base + 1] = k1;
  v6Keys[base + 2] = k2;
  v6Keys[base + 3] = k3;
  v6Texts[slot] = text;
  return text;
}

// Bounded memo of parsed texts (configuration and peer addresses repeat on every packet).
const PARSE_CACHE_LIMIT = 4096;
const parsedV4 = new Map<string, Uint8Array | null>();
const parsedV6 = new Map<string, Uint8Array | null>();
// The last text looked up per family (the receive path asks for the same source repeatedly).
const lastV4: { text: string | undefined; bytes: Uint8Array | undefined } = {
  text: undefined,
  bytes: undefined,
};
const lastV6: { text: string | undefined; bytes: Uint8Array | undefined } = {
  text: undefined,
  bytes: undefined,
};

/**
 * Like {@link parseAddress} but memoised: the returned array is shared and MUST NOT be
 * modified by the caller.
 */
export function parseAddressCached(text: string, family: Family): Uint8Array | undefined {
  const last = family === 'ipv4' ? lastV4 : lastV6;
  if (last.text === text) return last.bytes;
  const cache = family === 'ipv4' ? parsedV4 : parsedV6;
  const hit = cache.get(text);
  let parsed: Uint8Array | undefined;
  if (hit !== undefined) {
    parsed = hit === null ? undefined : hit;
  } else {
    parsed = parseAddress(text, family);
    if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
    cache.set(text, parsed ?? null);
  }
  last.text = text;
  last.bytes = parsed;
  return parsed;
}

/**
 * Canonical text (RFC 5952 for IPv6) of an address text of `family`, or `undefined` when
 * it is not a valid address of that family.
 */
export function canonicalAddress(text: string, family: Family = guessFamily(text)): string | undefined {
  const bytes = parseAddressCached(text, family);
  return bytes === undefined ? undefined : formatAddress(bytes, 0, family);
}

interface ParsedList {
  family: Family;
  texts: string[];
  bytes: (Uint8Array | undefined)[];
}
const parsedLists = new WeakMap<readonly string[], ParsedList>();

/**
 * The parsed bytes of each address of `list` (undefined for invalid entries), memoised per
 * array and re-parsed when the array's contents change. The arrays returned are shared and
 * MUST NOT be modified.
 */
export function parseAddressList(
  list: readonly string[],
  family: Family,
): readonly (Uint8Array | undefined)[] {
  const hit = parsedLists.get(list);
  if (hit !== undefined && hit.family === family && hit.texts.length === list.length) {
    let same = true;
    for (let i = 0; i < list.length; i++) {
      if (hit.texts[i] !== list[i]) {
        same = false;
        break;
      }
    }
    if (same) return hit.bytes;
  }
  const texts = list.slice();
  const bytes = texts.map((text) => parseAddressCached(text, family));
  parsedLists.set(list, { family, texts, bytes });
  return bytes;
}

/** True when `length` bytes at `a[aOffset]` equal those at `b[bOffset]`. */
export function bytesEqual(
  a: Uint8Array,
  aOffset: number,
  b: Uint8Array,
  bOffset: number,
  length: number,
): boolean {
  for (let i = 0; i < length; i++) if (a[aOffset + i] !== b[bOffset + i]) return false;
  return true;
}
