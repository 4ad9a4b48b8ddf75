/**
 * HTTP `status_code` lists: `200`, `200-299 400-499 503 505`.
 *
 * @module
 */
import { CheckerConfigError } from './common.js';

/**
 * keepalived's `status_code <INTEGER|RANGE> ...`: a number, a string of space-separated codes and
 * `A-B` ranges (`'200-299 503'`), or an array of numbers and such strings.
 */
export type StatusCodeSpec = number | string | ReadonlyArray<number | string>;

/** An inclusive range of HTTP status codes. */
export interface StatusRange {
  /** Lowest accepted code. */
  from: number;
  /** Highest accepted code. */
  to: number;
}

/** keepalived's default: any 2xx. */
export const DEFAULT_STATUS_CODES: readonly StatusRange[] = [{ from: 200, to: 299 }];

function code(tok: string, option: string): number {
  if (!/^\d{3}$/.test(tok)) throw new CheckerConfigError(option, `not a status code: '${tok}'`);
  const n = Number(tok);
  if (n < 100 || n > 999) throw new CheckerConfigError(option, `status code out of range: ${n}`);
  return n;
}

/** Parses a {@link StatusCodeSpec}; `undefined` gives keepalived's default 200-299. Throws {@link CheckerConfigError}. */
export function parseStatusCodes(spec: StatusCodeSpec | undefined, option = 'statusCode'): StatusRange[] {
  if (spec === undefined) return [...DEFAULT_STATUS_CODES];
  const items: Array<number | string> =
    typeof spec === 'number' || typeof spec === 'string' ? [spec] : [...spec];
  const out: StatusRange[] = [];
  for (const item of items) {
    const toks = typeof item === 'number' ? [String(item)] : item.trim().split(/\s+/).filter(Boolean);
    for (const tok of toks) {
      const m = /^(\d+)-(\d+)$/.exec(tok);
      if (m) {
        const from = code(m[1]!, option);
        const to = code(m[2]!, option);
        if (from > to) throw new CheckerConfigError(option, `empty range '${tok}'`);
        out.push({ from, to });
      } else {
        const n = code(tok, option);
        out.push({ from: n, to: n });
      }
    }
  }
  if (out.length === 0) throw new CheckerConfigError(option, 'no status codes given');
  return out;
}

/** True when `status` is inside one of `ranges`. */
export function statusAccepted(status: number, ranges: readonly StatusRange[]): boolean {
  return ranges.some((r) => status >= r.from && status <= r.to);
}
