/**
 * The VRRP advertisement codec: encode, decode, checksums, receive validation, statistics.
 * Pure code: no sockets, no timers.
 *
 * @module
 */
export {
  addressLength,
  canonicalAddress,
  formatAddress,
  guessFamily,
  IPV4_LENGTH,
  IPV6_LENGTH,
  parseAddress,
} from './address.js';
export { type ChecksumContext, computeChecksum, verifyChecksum } from './checksum.js';
export {
  VRRP_HEADER_LENGTH,
  VRRP_MAX_ADDRESSES,
  VRRP_MULTICAST_IPV4,
  VRRP_MULTICAST_IPV6,
  VRRP_PROTOCOL,
  VRRP_TTL,
  VRRP_TYPE_ADVERTISEMENT,
  VRRP_V2_AUTH_DATA_LENGTH,
  VRRP_V2_MAX_INTERVAL_S,
  VRRP_V3_MAX_INTERVAL_CS,
} from './constants.js';
export { type DecodeResult, type DropResult, decodeAdvertisement } from './decode.js';
export {
  type AdvertisementInput,
  advertisementLength,
  encodeAdvertisement,
  passwordAuthData,
} from './encode.js';
export { VrrpEncodeError, type VrrpEncodeErrorCode } from './errors.js';
export { VrrpStatistics, type VrrpStatisticsSnapshot } from './statistics.js';
export {
  type AcceptResult,
  type ChecksumVariant,
  DROP_REASONS,
  isDrop,
  type ReceiveExpectations,
  type ValidationResult,
  validateAdvertisement,
} from './validate.js';
