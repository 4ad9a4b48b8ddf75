/**
 * Shared types of `@ha/healthcheck`: the result of one probe, and the target a checker probes.
 *
 * @module
 */

/** The outcome of one probe (one attempt, before retries and hysteresis are applied). */
export interface CheckResult {
  /** True when the probe passed. */
  ok: boolean;
  /** Why, in words a user can act on, e.g. `status 503 on /health` or `connect ECONNREFUSED`. */
  reason: string;
  /** A dynamic weight reported by the check (MISC_CHECK `misc_dynamic`, FILE_CHECK), if any. */
  weight?: number;
  /** Wall time the probe took, in milliseconds. */
  latencyMs: number;
  /** Machine-readable failure class: `timeout`, `refused`, `status`, `digest`, `regex`, `protocol`, `tls`, `exit`, … */
  code?: string;
}

/** Where a checker connects. */
export interface CheckTarget {
  /** Address to connect to (keepalived: the real server's address, or `connect_ip`). */
  host: string;
  /** Port (keepalived: the real server's port, or `connect_port`). */
  port: number;
}

/** A single probe: runs once and resolves (never rejects) with a result; aborting ends it promptly. */
export type Probe = (signal: AbortSignal) => Promise<CheckResult>;
