/**
 * Encoding of VRRP advertisements (RFC 3768 §5.1, RFC 5798 §5.1) as keepalived 2.2.7 puts
 * them on the wire: the VRRP message only — the kernel builds the IP header.
 *
 * @module
 */
import type { Advertisement, AuthType } from '../types.js';
import { addressLength, parseAddressList } from './address.js';
import { type ChecksumContext, computeChecksum } from './checksum.js';
import {
  VRRP_HEADER_LENGTH,
  VRRP_MAX_ADDRESSES,
  VRRP_TYPE_ADVERTISEMENT,
  VRRP_V2_AUTH_DATA_LENGTH,
  VRRP_V2_MAX_INTERVAL_S,
  VRRP_V3_MAX_INTERVAL_CS,
} from './constants.js';
import { VrrpEncodeError } from './errors.js';

/**
 * What {@link encodeAdvertisement} needs: an {@link Advertisement} whose `checksum` is
 * optional (it is always computed; a given value is ignored, so a decoded advertisement can
 * be passed back as is).
 */
export type AdvertisementInput = Omit<Advertisement, 'checksum'> & {
  /** Ignored: the checksum is always computed. */
  checksum?: number;
};

/** Length in bytes of the VRRP message for `count` addresses of the given version/family. */
export function advertisementLength(version: 2 | 3, family: 'ipv4' | 'ipv6', count: number): number {
  return VRRP_HEADER_LENGTH + count * addressLength(family) + (version === 2 ? VRRP_V2_AUTH_DATA_LENGTH : 0);
}

const passwordCache = new Map<string, Uint8Array>();
const encoder = new TextEncoder();

/**
 * The 8 bytes of VRRPv2 simple-password authentication data for `password`: its UTF-8
 * bytes, cut to 8 and NUL-padded (keepalived uses only the first 8 characters of
 * `auth_pass`). Returns a fresh copy the caller may keep.
 */
export function passwordAuthData(password: string): Uint8Array {
  return passwordAuthDataShared(password).slice();
}

let lastPassword = '';
let lastPasswordData: Uint8Array = new Uint8Array(VRRP_V2_AUTH_DATA_LENGTH);

/** Memoised {@link passwordAuthData}; the result is shared and MUST NOT be modified. */
export function passwordAuthDataShared(password: string): Uint8Array {
  if (password === lastPassword) return lastPasswordData;
  let data = passwordCache.get(password);
  if (data === undefined) {
    data = new Uint8Array(VRRP_V2_AUTH_DATA_LENGTH);
    data.set(encoder.encode(password).subarray(0, VRRP_V2_AUTH_DATA_LENGTH));
    if (passwordCache.size >= 1024) passwordCache.clear();
    passwordCache.set(password, data);
  }
  lastPassword = password;
  lastPasswordData = data;
  return data;
}

function isAuthType(value: number): value is AuthType {
  return value === 0 || value === 1 || value === 2;
}

/**
 * Encodes `advert` into a new VRRP message, with its checksum computed for `ctx` (see
 * {@link ChecksumContext}: v2 over the message only; v3/IPv4 with the pseudo-header of
 * `ctx.source` → `ctx.destination` unless `ctx.v3ChecksumAsV2`; v3/IPv6 with the IPv6
 * pseudo-header).
 *
 * v2 writes `intervalCs / 100` seconds and 8 bytes of auth data (`authData`, zero-padded;
 * all zero when empty), present even with auth type 0. v3 writes the 12-bit centisecond
 * interval with the reserved bits zero, and ignores `authType` / `authData`.
 *
 * @throws {@link VrrpEncodeError} for programmer errors only: version not 2/3, v2 with
 *   IPv6, vrid outside 1..255, priority outside 0..255, more than 255 addresses, an address
 *   that is not valid for the family, an interval the version cannot represent (v2: whole
 *   seconds 1..255; v3: 1..4095 cs), a v2 auth type outside 0..2 or more than 8 bytes of
 *   auth data, and (v3) a checksum context whose addresses are not of the family.
 */
export function encodeAdvertisement(advert: AdvertisementInput, ctx: ChecksumContext): Uint8Array {
  const { version, family, vrid, priority, intervalCs, addresses } = advert;
  if (version !== 2 && version !== 3) {
    throw new VrrpEncodeError('invalidVersion', `VRRP version must be 2 or 3, got ${String(version)}`);
  }
  if (family !== 'ipv4' && family !== 'ipv6') {
    throw new VrrpEncodeError('versionFamilyMismatch', `unknown address family ${String(family)}`);
  }
  if (version === 2 && family !== 'ipv4') {
    throw new VrrpEncodeError('versionFamilyMismatch', 'VRRPv2 (RFC 3768) carries IPv4 addresses only');
  }
  if (!Number.isInteger(vrid) || vrid < 1 || vrid > 255) {
    throw new VrrpEncodeError('vridOutOfRange', `vrid must be an integer in 1..255, got ${vrid}`);
  }
  if (!Number.isInteger(priority) || priority < 0 || priority > 255) {
    throw new VrrpEncodeError('priorityOutOfRange', `priority must be an integer in 0..255, got ${priority}`);
  }
  const count = addresses.length;
  if (count > VRRP_MAX_ADDRESSES) {
    throw new VrrpEncodeError('tooManyAddresses', `at most 255 addresses fit in an advert, got ${count}`);
  }
  let intervalField: number;
  if (version === 2) {
    const seconds = intervalCs / 100;
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > VRRP_V2_MAX_INTERVAL_S) {
      throw new VrrpEncodeError(
        'intervalNotRepresentable',
        `VRRPv2 needs whole seconds 1..255 (100..25500 cs in steps of 100), got ${intervalCs} cs`,
      );
    }
    intervalField = seconds;
  } else {
    if (!Number.isInteger(intervalCs) || intervalCs < 1 || intervalCs > VRRP_V3_MAX_INTERVAL_CS) {
      throw new VrrpEncodeError(
        'intervalNotRepresentable',
        `VRRPv3 needs an integer 1..4095 centiseconds, got ${intervalCs}`,
      );
    }
    intervalField = intervalCs;
  }

  const alen = addressLength(family);
  const out = new Uint8Array(advertisementLength(version, family, count));
  out[0] = (version << 4) | VRRP_TYPE_ADVERTISEMENT;
  out[1] = vrid;
  out[2] = priority;
  out[3] = count;
  if (version === 2) {
    const authType = advert.authType;
    if (!isAuthType(authType)) {
      throw new VrrpEncodeError('invalidAuthType', `VRRPv2 auth type must be 0, 1 or 2, got ${authType}`);
    }
    out[4] = authType;
    out[5] = intervalField;
  } else {
    out[4] = intervalField >> 8;
    out[5] = intervalField & 0xff;
  }
  let offset = VRRP_HEADER_LENGTH;
  const parsed = parseAddressList(addresses, family);
  for (let i = 0; i < count; i++) {
    const bytes = parsed[i];
    if (bytes === undefined) {
      throw new VrrpEncodeError(
        'invalidAddress',
        `not an ${family} address: ${JSON.stringify(addresses[i])}`,
      );
    }
    for (let b = 0; b < alen; b++) out[offset + b] = bytes[b]!;
    offset += alen;
  }
  if (version === 2) {
    const authData = advert.authData;
    if (authData.length > VRRP_V2_AUTH_DATA_LENGTH) {
      throw new VrrpEncodeError('authDataTooLong', `auth data is at most 8 bytes, got ${authData.length}`);
    }
    for (let b = 0; b < authData.length; b++) out[offset + b] = authData[b]!;
  }
  const checksum = computeChecksum(out, family, ctx);
  if (checksum < 0) {
    throw new VrrpEncodeError(
      'invalidChecksumContext',
      `checksum needs ${family} source and destination, got ${JSON.stringify(ctx.source)} → ${JSON.stringify(ctx.destination)}`,
    );
  }
  out[6] = checksum >> 8;
  out[7] = checksum & 0xff;
  return out;
}
