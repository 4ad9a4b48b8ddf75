/**
 * Errors of the real-kernel Router.
 *
 * @module
 */

/** Machine-readable codes of {@link RouterError}. */
export type RouterErrorCode =
  /** The configuration cannot work (no primary address, bad VIP, …). */
  | 'ERR_ROUTER_CONFIG'
  /** The interface does not exist. */
  | 'ERR_ROUTER_NO_INTERFACE'
  /** The router is closed. */
  | 'ERR_ROUTER_CLOSED'
  /** A virtual address could not be added or removed. */
  | 'ERR_ROUTER_VIP'
  /** Sending an advertisement or an announcement failed. */
  | 'ERR_ROUTER_SEND'
  /** A notify script failed. */
  | 'ERR_ROUTER_NOTIFY'
  /** The state file could not be read or written. */
  | 'ERR_ROUTER_STATE_FILE';

/** An error of the Router or one of its parts, with a stable `code`. */
export class RouterError extends Error {
  /** Machine-readable code. */
  readonly code: RouterErrorCode;

  /**
   * @param code - machine-readable code
   * @param message - human message
   * @param options - the underlying error
   */
  constructor(code: RouterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RouterError';
    this.code = code;
  }
}
