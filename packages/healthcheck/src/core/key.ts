/**
 * Stable keys that identify identical checks, so a probe shared by several virtual servers
 * (same checker type, target, options and timing) runs once and feeds every consumer
 * (keepalived issue #2358).
 *
 * @module
 */
import type { CheckTarget } from '../types.js';
import type { CheckTiming } from './timing.js';

/**
 * A canonical JSON-like text of a value: object keys sorted, functions and `undefined` dropped,
 * RegExps, bigints and byte arrays as text. Equal options give equal text whatever the key order.
 *
 * @param value - any option value
 */
export function stableStringify(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
    case 'function':
    case 'symbol':
      return '';
    default:
      break;
  }
  if (value instanceof RegExp) return value.toString();
  if (value instanceof Uint8Array) return `hex:${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v) || 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(obj).sort()) {
    const v = stableStringify(obj[k]);
    if (v !== '') parts.push(`${JSON.stringify(k)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

/** What identifies a check for sharing. */
export interface CheckIdentity {
  /** Checker type, e.g. `HTTP_GET`. */
  readonly type: string;
  /** Where it connects, if anywhere. */
  readonly target?: CheckTarget | undefined;
  /** Checker options (compared structurally). */
  readonly options?: unknown;
  /** An explicit identity, replacing type + target + options. */
  readonly key?: string | undefined;
}

/**
 * The stable key of a check: identical probes with identical timing share it.
 *
 * @param check - type, target and options (or an explicit key)
 * @param timing - resolved timing (part of the key: differently-timed checks are not shared)
 */
export function checkKey(check: CheckIdentity, timing: CheckTiming): string {
  const what =
    check.key ??
    `${check.type} ${check.target ? `${check.target.host}:${check.target.port}` : '-'} ${stableStringify(check.options) || '{}'}`;
  const t = timing;
  return `${what} #${t.delayLoopMs}/${t.retry}/${t.delayBeforeRetryMs}/${t.connectTimeoutMs}/${t.warmupMs}${t.alpha ? '/alpha' : ''}`;
}
