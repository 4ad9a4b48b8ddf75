/**
 * keepalived's built-in checker defaults, for callers (such as a health-check runner) that
 * create checkers without a configuration file.
 *
 * @module
 */
import type { CheckerType } from './types-checkers.js';

/** Built-in defaults of one checker type. */
export interface CheckerDefaults {
  /** Retries (HTTP_GET/SSL_GET 1, MISC_CHECK 0, DNS_CHECK 3, others 1). */
  retry: number;
  /** Delay before a retry in ms (HTTP_GET/SSL_GET 3000, DNS_CHECK = delay_loop, others 1000). */
  delayBeforeRetryMs: number;
  /** Connection timeout in ms (5000). */
  connectTimeoutMs: number;
  /** Interval between checks in ms (60000 unless given). */
  delayLoopMs: number;
  /** Maximum random delay before the first check in ms (= delay_loop). */
  warmupMs: number;
}

const RETRY: Record<CheckerType, number> = {
  HTTP_GET: 1,
  SSL_GET: 1,
  TCP_CHECK: 1,
  SMTP_CHECK: 1,
  MISC_CHECK: 0,
  DNS_CHECK: 3,
  UDP_CHECK: 1,
  PING_CHECK: 1,
  FILE_CHECK: 0,
  BFD_CHECK: 0,
};

/** The defaults keepalived applies to a checker of `type` when nothing is configured. */
export function checkerDefaults(type: CheckerType, delayLoopMs = 60000): CheckerDefaults {
  const http = type === 'HTTP_GET' || type === 'SSL_GET';
  return {
    retry: RETRY[type],
    delayBeforeRetryMs: http ? 3000 : type === 'DNS_CHECK' ? delayLoopMs : 1000,
    connectTimeoutMs: 5000,
    delayLoopMs,
    warmupMs: delayLoopMs,
  };
}
