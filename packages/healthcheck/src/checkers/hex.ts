/**
 * keepalived's free-format HEX_STR (`payload`, `require_reply`): `Ab12f 3 456` is AB 12 0F 03 45 06;
 * in a pattern, an `X` nibble matches anything.
 *
 * @module
 */
import { CheckerConfigError } from './common.js';

/** Bytes to compare, with a mask of the bits that matter (0 bits come from `X` nibbles). */
export interface HexPattern {
  /** Expected values (wildcard nibbles are 0). */
  value: Uint8Array;
  /** Per byte, the bits that must match. */
  mask: Uint8Array;
}

/**
 * Parses a HEX_STR: blank-separated groups; each group is read two digits per byte, and a final odd
 * digit is a byte of its own (`f` → 0F). With `wildcards`, `x`/`X` is a nibble that matches anything.
 * Throws {@link CheckerConfigError}.
 */
export function parseHexPattern(text: string, option: string, wildcards = true): HexPattern {
  const value: number[] = [];
  const mask: number[] = [];
  const nibble = (c: string): [number, number] => {
    if (/^[0-9a-fA-F]$/.test(c)) return [Number.parseInt(c, 16), 0xf];
    if (wildcards && (c === 'x' || c === 'X')) return [0, 0];
    throw new CheckerConfigError(option, `bad hex digit '${c}' in '${text}'`);
  };
  for (const group of text.trim().split(/\s+/).filter(Boolean)) {
    for (let i = 0; i < group.length; i += 2) {
      if (i + 1 < group.length) {
        const [hv, hm] = nibble(group[i]!);
        const [lv, lm] = nibble(group[i + 1]!);
        value.push((hv << 4) | lv);
        mask.push((hm << 4) | lm);
      } else {
        const [lv, lm] = nibble(group[i]!);
        value.push(lv);
        mask.push(0xf0 | lm);
      }
    }
  }
  return { value: Uint8Array.from(value), mask: Uint8Array.from(mask) };
}

/** Parses a HEX_STR without wildcards into bytes (keepalived's `payload`). */
export function parseHex(text: string, option: string): Buffer {
  return Buffer.from(parseHexPattern(text, option, false).value);
}

/**
 * keepalived's `require_reply` match: the reply must equal the pattern over the shorter of the two
 * lengths, ignoring wildcard nibbles. Returns the first mismatching offset, or -1 when it matches.
 */
export function matchHexPattern(reply: Uint8Array, p: HexPattern): number {
  const n = Math.min(reply.length, p.value.length);
  for (let i = 0; i < n; i++) {
    if (((reply[i]! ^ p.value[i]!) & p.mask[i]!) !== 0) return i;
  }
  return -1;
}
