/**
 * Typed errors of the VRRP state machine.
 *
 * @module
 */

/** Stable codes of {@link VrrpFsmError}. */
export type VrrpFsmErrorCode = 'ERR_VRRP_CONFIG' | 'ERR_VRRP_SYNC_GROUP' | 'ERR_VRRP_UNKNOWN_TRACKER';

/** An error raised by the state machine for an invalid configuration or call. */
export class VrrpFsmError extends Error {
  /** Stable machine-readable code. */
  readonly code: VrrpFsmErrorCode;

  /**
   * @param code - stable machine-readable code
   * @param message - human-readable description
   */
  constructor(code: VrrpFsmErrorCode, message: string) {
    super(message);
    this.name = 'VrrpFsmError';
    this.code = code;
  }
}
