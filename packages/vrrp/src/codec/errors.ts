/**
 * The one error the codec throws: a programmer error when asked to encode an advertisement
 * that cannot exist on the wire. Decoding and validation never throw.
 *
 * @module
 */

/** Why {@link VrrpEncodeError} was thrown. */
export type VrrpEncodeErrorCode =
  /** `version` is neither 2 nor 3. */
  | 'invalidVersion'
  /** VRRPv2 with IPv6 (RFC 3768 is IPv4 only), or an unknown family. */
  | 'versionFamilyMismatch'
  /** `vrid` is not an integer in 1..255. */
  | 'vridOutOfRange'
  /** `priority` is not an integer in 0..255. */
  | 'priorityOutOfRange'
  /** More than 255 addresses (the Count field is 8 bits). */
  | 'tooManyAddresses'
  /** An address is not valid text for the advertisement's family. */
  | 'invalidAddress'
  /** v2: not whole seconds in 1..255 s; v3: not an integer in 1..4095 centiseconds. */
  | 'intervalNotRepresentable'
  /** v2: `authType` is not 0, 1 or 2. */
  | 'invalidAuthType'
  /** v2: more than 8 bytes of authentication data. */
  | 'authDataTooLong'
  /** v3: the checksum context's source or destination is not an address of the family. */
  | 'invalidChecksumContext';

/** Thrown by `encodeAdvertisement` for an advertisement that cannot be encoded. */
export class VrrpEncodeError extends Error {
  /** Machine-readable reason. */
  readonly code: VrrpEncodeErrorCode;

  /**
   * @param code - machine-readable reason
   * @param message - human-readable explanation
   */
  constructor(code: VrrpEncodeErrorCode, message: string) {
    super(message);
    this.name = 'VrrpEncodeError';
    this.code = code;
  }
}
