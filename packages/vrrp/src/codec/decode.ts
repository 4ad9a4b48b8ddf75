/**
 * Structural decoding of a VRRP message (the IP payload): version, type, and that the length
 * is exactly what the Count field announces. Policy (TTL, VRID, auth, checksum, …) is
 * `validateAdvertisement`'s job. Never throws.
 *
 * @module
 */
import type { Advertisement, DropReason, Family } from '../types.js';
import { addressLength, formatAddress } from './address.js';
import { VRRP_HEADER_LENGTH, VRRP_TYPE_ADVERTISEMENT, VRRP_V2_AUTH_DATA_LENGTH } from './constants.js';

/** A decode or validation failure: the counter it belongs to and a human-readable detail. */
export interface DropResult {
  /** Not accepted. */
  ok: false;
  /** The RFC 6527-style counter this drop belongs to. */
  reason: DropReason;
  /** What exactly was wrong, for logs. */
  detail: string;
}

/** Result of {@link decodeAdvertisement}. */
export type DecodeResult =
  | {
      /** Structurally valid. */
      ok: true;
      /** The decoded fields. */
      advert: Advertisement;
    }
  | DropResult;

const EMPTY = new Uint8Array(0);

/** Builds a {@link DropResult}. */
export function drop(reason: DropReason, detail: string): DropResult {
  return { ok: false, reason, detail };
}

/**
 * Decodes the VRRP message `bytes` (IP payload) received over `family`. Checks, in order:
 * at least the 8-byte header (`packetLengthErrors`); version 2 or 3, and not v2 over IPv6
 * (`versionErrors`); type 1 (`invalidTypeErrors`); v2 auth type 0..2 (`invalidAuthType`);
 * the length equals header + Count × address size (+ 8 bytes auth data in v2)
 * (`packetLengthErrors`). The checksum is not checked here (see `verifyChecksum`).
 *
 * v2's interval (seconds) is returned as `intervalCs` = seconds × 100; v3's 4 reserved bits
 * are ignored. `authData` is a copy (v2) or empty (v3). Never throws.
 */
export function decodeAdvertisement(bytes: Uint8Array, family: Family): DecodeResult {
  const length = bytes.length;
  if (length < VRRP_HEADER_LENGTH) {
    return drop('packetLengthErrors', `VRRP message of ${length} bytes is shorter than the 8-byte header`);
  }
  const b0 = bytes[0]!;
  const version = b0 >> 4;
  if (version !== 2 && version !== 3) {
    return drop('versionErrors', `unknown VRRP version ${version}`);
  }
  if (version === 2 && family !== 'ipv4') {
    return drop('versionErrors', 'VRRPv2 advertisement received over IPv6');
  }
  const type = b0 & 0x0f;
  if (type !== VRRP_TYPE_ADVERTISEMENT) {
    return drop('invalidTypeErrors', `VRRP packet type ${type}, only 1 (ADVERTISEMENT) exists`);
  }
  const count = bytes[3]!;
  const alen = addressLength(family);
  const expected = VRRP_HEADER_LENGTH + count * alen + (version === 2 ? VRRP_V2_AUTH_DATA_LENGTH : 0);
  if (length !== expected) {
    return drop(
      'packetLengthErrors',
      `VRRPv${version} message of ${length} bytes, but ${count} ${family} address(es) need ${expected}`,
    );
  }
  let authType: 0 | 1 | 2 = 0;
  let intervalCs: number;
  let authData = EMPTY;
  if (version === 2) {
    const at = bytes[4]!;
    if (at !== 0 && at !== 1 && at !== 2) {
      return drop('invalidAuthType', `VRRPv2 auth type ${at} is not 0, 1 or 2`);
    }
    authType = at;
    intervalCs = bytes[5]! * 100;
    authData = new Uint8Array(VRRP_V2_AUTH_DATA_LENGTH);
    for (let i = 0, at = length - VRRP_V2_AUTH_DATA_LENGTH; i < VRRP_V2_AUTH_DATA_LENGTH; i++)
      authData[i] = bytes[at + i]!;
  } else {
    intervalCs = ((bytes[4]! & 0x0f) << 8) | bytes[5]!;
  }
  const addresses = new Array<string>(count);
  let offset = VRRP_HEADER_LENGTH;
  for (let i = 0; i < count; i++) {
    addresses[i] = formatAddress(bytes, offset, family);
    offset += alen;
  }
  return {
    ok: true,
    advert: {
      version,
      family,
      vrid: bytes[1]!,
      priority: bytes[2]!,
      intervalCs,
      addresses,
      authType,
      authData,
      checksum: (bytes[6]! << 8) | bytes[7]!,
    },
  };
}
