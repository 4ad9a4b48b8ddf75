/**
 * Typed errors of the health-check core and monitor.
 *
 * @module
 */

/** Machine-readable error codes raised by the core and the monitor. */
export type HealthcheckErrorCode =
  | 'E_CONFIG'
  | 'E_UNKNOWN_CHECK'
  | 'E_CLOSED'
  | 'E_TIMEOUT'
  | 'E_PROBE_THREW'
  | 'E_LISTENER';

/** An error with a stable `code`, raised for bad configuration or reported through the monitor's `error` event. */
export class HealthcheckError extends Error {
  /** Stable machine-readable code. */
  readonly code: HealthcheckErrorCode;

  /**
   * @param code - stable machine-readable code
   * @param message - human-readable description
   * @param options - standard error options (`cause`)
   */
  constructor(code: HealthcheckErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HealthcheckError';
    this.code = code;
  }
}
