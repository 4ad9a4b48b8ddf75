/**
 * Conversion of keyword arguments to real types, following keepalived's readers
 * (`read_int_strvec`, `read_decimal_unsigned_strvec`, `read_timer`, `check_true_false`).
 *
 * @module
 */
import type { ArgType } from '../schema/types.js';
import type { ModelCode } from './codes.js';
import { parseIp, parsePrefix } from './ip.js';
import type { SettingValue } from './types-common.js';

/** Result of converting one argument. */
export type Converted =
  | {
      /** Success. */
      ok: true;
      /** Converted value (timers in ms). */
      value: SettingValue;
    }
  | {
      /** Failure. */
      ok: false;
      /** KM code to report. */
      code: ModelCode;
      /** Message. */
      message: string;
    };

const INT_RE = /^[-+]?\d+$/;
const DEC_RE = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** Parse a base-10 integer; `undefined` when the text is not one. */
export function parseIntStrict(text: string): number | undefined {
  return INT_RE.test(text) ? Number(text) : undefined;
}

/** Parse a decimal number; `undefined` when the text is not one. */
export function parseDecimal(text: string): number | undefined {
  return DEC_RE.test(text) ? Number(text) : undefined;
}

/** Seconds (decimal, µs resolution) to milliseconds. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}

/** keepalived's boolean words (case-sensitive, as `check_true_false`). */
export function parseBool(text: string): boolean | undefined {
  if (text === 'true' || text === 'on' || text === 'yes') return true;
  if (text === 'false' || text === 'off' || text === 'no') return false;
  return undefined;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  return `[${min ?? '-∞'}, ${max ?? '∞'}]`;
}

function inRange(n: number, min?: number, max?: number): boolean {
  return (min === undefined || n >= min) && (max === undefined || n <= max);
}

/** Convert one argument according to its type. */
export function convertArg(text: string, type: ArgType): Converted {
  switch (type.type) {
    case 'int': {
      const n = parseIntStrict(text);
      if (n === undefined) return { ok: false, code: 'KM004', message: `invalid number '${text}'` };
      if (!inRange(n, type.min, type.max)) {
        return {
          ok: false,
          code: 'KM005',
          message: `number '${text}' outside range ${rangeText(type.min, type.max)}`,
        };
      }
      return { ok: true, value: n };
    }
    case 'decimal':
    case 'timer': {
      const n = type.type === 'timer' && type.integer ? parseIntStrict(text) : parseDecimal(text);
      if (n === undefined) return { ok: false, code: 'KM004', message: `invalid number '${text}'` };
      if (!inRange(n, type.min, type.max)) {
        return {
          ok: false,
          code: 'KM005',
          message: `number '${text}' outside range ${rangeText(type.min, type.max)}`,
        };
      }
      if (type.type === 'decimal') return { ok: true, value: n };
      return { ok: true, value: type.unit === 'ms' ? n : secondsToMs(n) };
    }
    case 'bool': {
      const b = parseBool(text);
      if (b === undefined)
        return { ok: false, code: 'KM006', message: `invalid boolean '${text}' (on|off|true|false|yes|no)` };
      return { ok: true, value: b };
    }
    case 'enum': {
      const hit = type.caseInsensitive
        ? type.values.find((v) => v.toLowerCase() === text.toLowerCase())
        : type.values.find((v) => v === text);
      if (hit === undefined) {
        return {
          ok: false,
          code: 'KM007',
          message: `invalid value '${text}' (expected ${type.values.join('|')})`,
        };
      }
      return { ok: true, value: hit };
    }
    case 'ip': {
      const ip = parseIp(text, type.family);
      if (!ip) {
        const fam = type.family ? `IPv${type.family} ` : 'IP ';
        return { ok: false, code: 'KM008', message: `invalid ${fam}address '${text}'` };
      }
      return { ok: true, value: ip.address };
    }
    case 'prefix': {
      const p = parsePrefix(text);
      if (!p) return { ok: false, code: 'KM008', message: `invalid IP address/prefix '${text}'` };
      return { ok: true, value: p.explicitPrefix ? `${p.address}/${p.prefix}` : p.address };
    }
    default:
      return { ok: true, value: text };
  }
}

/** Sets `obj[key] = value` unless `value` is undefined (optional properties stay absent). */
export function setIfDefined<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) obj[key] = value;
}
