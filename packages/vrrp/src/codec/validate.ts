/**
 * The receive path of RFC 5798 §7.1 / RFC 3768 §7.1 as keepalived 2.2.7 applies it: every
 * check a received advertisement must pass before the state machine sees it, each failure
 * mapped to an RFC 6527-style counter. Pure and total: never throws.
 *
 * @module
 */
import type { Advertisement, AuthType, DropReason, Family, RxMeta, VrrpVersion } from '../types.js';
import { addressLength, bytesEqual, parseAddressCached, parseAddressList } from './address.js';
import { verifyChecksum } from './checksum.js';
import { VRRP_HEADER_LENGTH, VRRP_MULTICAST_IPV4, VRRP_TTL, VRRP_V2_AUTH_DATA_LENGTH } from './constants.js';
import { type DropResult, decodeAdvertisement, drop } from './decode.js';
import { passwordAuthDataShared } from './encode.js';

/** What the local virtual router is configured with: what a received advert must match. */
export interface ReceiveExpectations {
  /** Our VRRP version (`vrrp_version`); adverts of another version are `versionErrors`. */
  version: VrrpVersion;
  /** Address family of the instance. */
  family: Family;
  /** Our VRID (`virtual_router_id`). */
  vrid: number;
  /** Our configured interval in centiseconds (`advert_int` × 100). */
  intervalCs: number;
  /** Our virtual addresses (`virtual_ipaddress`), any valid text form. */
  addresses: string[];
  /** v2: our auth type (0 none, 1 PASS). Default 0. Type 2 (AH) is not supported. */
  authType?: AuthType;
  /** v2 with auth type 1: our `auth_pass` (only the first 8 bytes count). */
  authPass?: string;
  /** Addresses of our own interface: an advert from one of them is `ownAdvert`. */
  ownAddresses?: string[];
  /** `unicast_peer` addresses. */
  unicastPeers?: string[];
  /**
   * keepalived `unicast_peer { … min_ttl … max_ttl }`: in unicast mode (non-empty
   * `unicastPeers`) accept a TTL / hop limit in this range instead of requiring 255, so
   * unicast adverts can cross routers (`unicast_ttl`). Bounds default to 0 and 255. One range
   * for all peers.
   */
  unicastTtl?: {
    /** Lowest accepted TTL / hop limit (default 0). */
    min?: number;
    /** Highest accepted TTL / hop limit (default 255). */
    max?: number;
  };
  /** keepalived `check_unicast_src`: drop (`unknownPeer`) adverts whose source is not a peer. */
  checkUnicastSrc?: boolean;
  /**
   * keepalived `skip_check_adv_addr`: an advert whose address list differs from ours is
   * accepted and flagged (`addressMismatch`) instead of dropped. A different address
   * *count* is still dropped.
   */
  skipCheckAdvAddr?: boolean;
  /** keepalived `v3_checksum_as_v2`: also accept v3/IPv4 checksums without pseudo-header. */
  v3ChecksumAsV2?: boolean;
  /**
   * keepalived `old_unicast_checksum`: also accept v3/IPv4 checksums whose pseudo-header
   * used 224.0.0.18 as destination for a unicast advert (keepalived < 1.3.6).
   */
  oldUnicastChecksum?: boolean;
}

/** Which checksum computation an accepted advert carried. */
export type ChecksumVariant =
  /** As the RFC says (v2: message only; v3: pseudo-header with the real destination). */
  | 'rfc'
  /** v3/IPv4 without pseudo-header (`v3_checksum_as_v2`). */
  | 'asV2'
  /** v3/IPv4 unicast with 224.0.0.18 in the pseudo-header (`old_unicast_checksum`). */
  | 'oldUnicast';

/** An advert that passed every check. */
export interface AcceptResult {
  /** Accepted. */
  ok: true;
  /** The decoded advertisement. */
  advert: Advertisement;
  /**
   * v3 only: the advert's interval differs from ours. Accepted (RFC 5798 §6.4.2: a backup
   * adopts the master's interval, as keepalived does); counted as `advIntervalErrors`.
   */
  intervalMismatch: boolean;
  /**
   * The address list differs from ours; only possible with `skipCheckAdvAddr` (otherwise
   * such adverts are dropped); counted as `addressListErrors`.
   */
  addressMismatch: boolean;
  /** Which checksum computation matched. */
  checksumVariant: ChecksumVariant;
}

/** Result of {@link validateAdvertisement}. */
export type ValidationResult = AcceptResult | DropResult;

function containsAddress(list: readonly string[] | undefined, bytes: Uint8Array, family: Family): boolean {
  if (list === undefined || list.length === 0) return false;
  const n = addressLength(family);
  const parsed = parseAddressList(list, family);
  for (let i = 0; i < parsed.length; i++) {
    const other = parsed[i];
    if (other !== undefined && bytesEqual(other, 0, bytes, 0, n)) return true;
  }
  return false;
}

/** Which checksum variant `bytes` carries, or undefined when none that is allowed matches. */
function checkChecksum(
  bytes: Uint8Array,
  meta: RxMeta,
  expect: ReceiveExpectations,
): ChecksumVariant | undefined {
  const family = expect.family;
  if (verifyChecksum(bytes, family, meta)) return 'rfc';
  if (bytes[0]! >> 4 !== 3 || family !== 'ipv4') return undefined;
  if (
    expect.v3ChecksumAsV2 === true &&
    verifyChecksum(bytes, family, {
      source: meta.source,
      destination: meta.destination,
      v3ChecksumAsV2: true,
    })
  ) {
    return 'asV2';
  }
  if (
    expect.oldUnicastChecksum === true &&
    verifyChecksum(bytes, family, { source: meta.source, destination: VRRP_MULTICAST_IPV4 })
  ) {
    return 'oldUnicast';
  }
  return undefined;
}

/**
 * Validates the VRRP message `bytes` received with `meta` against our configuration.
 * Checks, in this order (first failure wins):
 *
 * 1. source is one of `ownAddresses` → `ownAdvert`;
 * 2. `checkUnicastSrc` and the source is not in `unicastPeers` → `unknownPeer`;
 * 3. TTL / hop limit is 255 (unicast with `unicastTtl`: within that range) → else `ipTtlErrors`;
 * 4. version equals ours → else `versionErrors`;
 * 5. structure (see `decodeAdvertisement`): `packetLengthErrors`, `invalidTypeErrors`, …;
 * 6. checksum (RFC variant; `v3ChecksumAsV2` / `oldUnicastChecksum` variants only when
 *    set) → else `checksumErrors`;
 * 7. VRID equals ours → else `vrIdErrors`;
 * 8. v2: auth type equals ours → else `authTypeMismatch` (type 2, AH, → `invalidAuthType`);
 *    PASS: the 8 NUL-padded bytes equal → else `authFailures`;
 * 9. address count equals ours → else `addressListErrors`; every one of our addresses is in
 *    the advert → else `addressListErrors`, or accepted with `addressMismatch` when
 *    `skipCheckAdvAddr` (keepalived drops such adverts, whatever the priority);
 * 10. interval: v2 must equal ours → else `advIntervalErrors`; v3 accepts another interval
 *    (flag `intervalMismatch`) but not 0 (`advIntervalErrors`).
 *
 * Never throws, whatever the input.
 */
export function validateAdvertisement(
  bytes: Uint8Array,
  meta: RxMeta,
  expect: ReceiveExpectations,
): ValidationResult {
  const family = expect.family;
  const own = expect.ownAddresses;
  const peers = expect.checkUnicastSrc === true ? expect.unicastPeers : undefined;
  const checkPeers = peers !== undefined && peers.length > 0;
  if ((own !== undefined && own.length > 0) || checkPeers) {
    const source = parseAddressCached(meta.source, family);
    if (source !== undefined && containsAddress(own, source, family)) {
      return drop('ownAdvert', `advert from our own address ${meta.source}`);
    }
    if (checkPeers && (source === undefined || !containsAddress(peers, source, family))) {
      return drop('unknownPeer', `advert from ${meta.source}, which is not a unicast peer`);
    }
  }
  const ttlRange = expect.unicastTtl;
  if (ttlRange !== undefined && expect.unicastPeers !== undefined && expect.unicastPeers.length > 0) {
    const min = ttlRange.min ?? 0;
    const max = ttlRange.max ?? VRRP_TTL;
    if (!(meta.ttl >= min && meta.ttl <= max)) {
      return drop('ipTtlErrors', `unicast TTL/hop limit ${meta.ttl} outside ${min}..${max}`);
    }
  } else if (meta.ttl !== VRRP_TTL) {
    return drop('ipTtlErrors', `invalid TTL/hop limit ${meta.ttl}, expected 255`);
  }
  if (bytes.length > 0 && bytes[0]! >> 4 !== expect.version) {
    return drop('versionErrors', `wrong version: received ${bytes[0]! >> 4}, expected ${expect.version}`);
  }
  const decoded = decodeAdvertisement(bytes, family);
  if (!decoded.ok) return decoded;
  const advert = decoded.advert;

  const checksumVariant = checkChecksum(bytes, meta, expect);
  if (checksumVariant === undefined) {
    return drop(
      'checksumErrors',
      `invalid VRRPv${advert.version} checksum 0x${advert.checksum.toString(16)}`,
    );
  }
  if (advert.vrid !== expect.vrid) {
    return drop('vrIdErrors', `VRID ${advert.vrid}, expected ${expect.vrid}`);
  }
  if (advert.version === 2) {
    const ourType = expect.authType ?? 0;
    if (advert.authType === 2 || ourType === 2) {
      return drop('invalidAuthType', 'auth type 2 (IP Authentication Header) is not supported');
    }
    if (advert.authType !== ourType) {
      return drop('authTypeMismatch', `received auth type ${advert.authType}, expected ${ourType}`);
    }
    if (ourType === 1) {
      const ours = passwordAuthDataShared(expect.authPass ?? '');
      if (!bytesEqual(ours, 0, bytes, bytes.length - VRRP_V2_AUTH_DATA_LENGTH, VRRP_V2_AUTH_DATA_LENGTH)) {
        return drop('authFailures', 'invalid password');
      }
    }
  }

  const expected = expect.addresses;
  const count = bytes[3]!;
  if (count !== expected.length) {
    return drop('addressListErrors', `received ${count} address(es), expected ${expected.length}`);
  }
  let addressMismatch = false;
  const alen = addressLength(family);
  const parsed = parseAddressList(expected, family);
  for (let i = 0; i < expected.length; i++) {
    const ours = parsed[i];
    let found = false;
    if (ours !== undefined) {
      // Start at the same position: lists in the same order match on the first compare.
      for (let k = 0, j = i; k < count; k++, j = j + 1 === count ? 0 : j + 1) {
        if (bytesEqual(ours, 0, bytes, VRRP_HEADER_LENGTH + j * alen, alen)) {
          found = true;
          break;
        }
      }
    }
    if (!found) {
      if (expect.skipCheckAdvAddr !== true) {
        return drop('addressListErrors', `our address ${expected[i]} is not in the advert`);
      }
      addressMismatch = true;
      break;
    }
  }

  let intervalMismatch = false;
  if (advert.intervalCs !== expect.intervalCs) {
    if (advert.version === 2) {
      return drop(
        'advIntervalErrors',
        `advertisement interval mismatch: ours ${expect.intervalCs} cs, received ${advert.intervalCs} cs`,
      );
    }
    if (advert.intervalCs === 0) return drop('advIntervalErrors', 'VRRPv3 advertisement interval 0');
    intervalMismatch = true;
  }
  return { ok: true, advert, intervalMismatch, addressMismatch, checksumVariant };
}

/** Type guard: the result is a drop, with its reason. */
export function isDrop(result: ValidationResult | DropResult | { ok: true }): result is DropResult {
  return !result.ok;
}

/** Every {@link DropReason}, in the order `validateAdvertisement` checks them. */
export const DROP_REASONS: readonly DropReason[] = [
  'ownAdvert',
  'unknownPeer',
  'ipTtlErrors',
  'versionErrors',
  'packetLengthErrors',
  'invalidTypeErrors',
  'invalidAuthType',
  'checksumErrors',
  'vrIdErrors',
  'authTypeMismatch',
  'authFailures',
  'addressListErrors',
  'advIntervalErrors',
];
