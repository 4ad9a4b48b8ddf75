/**
 * FILE_CHECK: a file holds an integer (written by some external checker); the value, scaled by a
 * weight, decides the real server's state and weight (keepalived's `track_file` semantics).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Probe } from '../types.js';
import type { Outcome } from './common.js';
import { CheckerConfigError, errCode, errMessage, fail, pass, runAttempt } from './common.js';

/** Limit of a value read from a track file, and of the scaled result, for real servers (man keepalived.conf). */
export const TRACK_FILE_LIMIT = 2147483648;

/** Options of {@link createFileCheck}. */
export interface FileCheckOptions {
  /** keepalived: the `track_file` block's `file`: the path read on every probe. */
  file: string;
  /**
   * keepalived: `weight <-2147483647..2147483647>` (FILE_CHECK's, else the track_file's). Default 1.
   * 0 means: a zero value passes, any other value fails (no weight is reported).
   */
  weight?: number;
  /** keepalived: `weight … reverse`: the scaled value is negated. Default false. */
  reverse?: boolean;
  /**
   * keepalived: `dynamic`: report the scaled value as {@link CheckResult.weight} (an ADJUSTMENT that
   * keepalived adds to the real server's configured weight). Default false.
   */
  dynamic?: boolean;
  /** How long reading the file may take, in ms (not a keepalived keyword). Default 5000. */
  timeoutMs?: number;
}

/**
 * Parses a track file's text: optional blanks, an optionally signed decimal integer, optional blanks.
 * Returns `undefined` when the text is not such a number.
 */
export function parseTrackFileValue(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]);
}

/**
 * Applies keepalived's real-server rules to a value read from a track file: with weight 0, a non-zero
 * value fails; otherwise `value × weight` (negated with `reverse`) is the weight adjustment, and a
 * result at or below −2147483648 fails (keepalived puts the checker in FAULT).
 */
export function trackFileOutcome(value: number, weight: number, reverse: boolean, dynamic: boolean): Outcome {
  if (Math.abs(value) > TRACK_FILE_LIMIT) return fail('file', `value ${value} outside ±${TRACK_FILE_LIMIT}`);
  if (weight === 0)
    return value === 0
      ? pass('file value 0')
      : fail('file', `file value ${value} (weight 0: non-zero fails)`);
  let scaled = value * weight;
  if (reverse) scaled = -scaled;
  if (scaled === 0) scaled = 0; // no -0
  if (scaled <= -TRACK_FILE_LIMIT)
    return fail('file', `file value ${value} × weight ${reverse ? -weight : weight} = ${scaled}: fault`);
  const reason = `file value ${value} × weight ${reverse ? -weight : weight} = ${scaled}`;
  return dynamic ? pass(reason, scaled) : pass(reason);
}

/**
 * keepalived's `FILE_CHECK` (with its `track_file`): reads the file on every probe and judges the value
 * with {@link trackFileOutcome}. A missing, unreadable or non-numeric file fails with code `file`.
 */
export function createFileCheck(opts: FileCheckOptions): Probe {
  if (typeof opts.file !== 'string' || opts.file === '') throw new CheckerConfigError('file', 'required');
  const weight = opts.weight ?? 1;
  if (!Number.isInteger(weight) || Math.abs(weight) > 2147483647) {
    throw new CheckerConfigError('weight', `must be an integer in -2147483647..2147483647, got ${weight}`);
  }
  const timeoutMs = opts.timeoutMs ?? 5000;
  return (signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        ctx.phase(`reading ${opts.file}`);
        let text: string;
        try {
          text = await readFile(opts.file, { encoding: 'utf8', signal: ctx.signal });
        } catch (e) {
          return fail('file', `cannot read ${opts.file}: ${errCode(e) ?? errMessage(e)}`);
        }
        if (text.length > 64) text = text.slice(0, 64);
        const value = parseTrackFileValue(text);
        if (value === undefined)
          return fail('file', `${opts.file} does not hold an integer: '${text.trim().slice(0, 20)}'`);
        return trackFileOutcome(value, weight, opts.reverse === true, opts.dynamic === true);
      },
      'FILE_CHECK',
    );
}
