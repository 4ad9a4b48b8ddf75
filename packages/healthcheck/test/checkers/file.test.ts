import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CheckerConfigError,
  createFileCheck,
  parseTrackFileValue,
  trackFileOutcome,
} from '../../src/checkers/index.js';
import { never } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ha-file-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('FILE_CHECK', () => {
  it('reads the file on every probe', async () => {
    const f = join(dir, 'value');
    writeFileSync(f, '0\n');
    const probe = createFileCheck({ file: f, weight: 0 });
    expect(await probe(never)).toMatchObject({ ok: true, reason: 'file value 0' });
    writeFileSync(f, '3\n');
    expect(await probe(never)).toMatchObject({ ok: false, code: 'file' });
    writeFileSync(f, '0');
    expect((await probe(never)).ok).toBe(true);
  });

  it('dynamic: reports value × weight (negated with reverse) as the weight adjustment', async () => {
    const f = join(dir, 'dyn');
    writeFileSync(f, ' 5 \n');
    expect(await createFileCheck({ file: f, weight: 2, dynamic: true })(never)).toMatchObject({
      ok: true,
      weight: 10,
    });
    expect(await createFileCheck({ file: f, weight: 2, reverse: true, dynamic: true })(never)).toMatchObject({
      ok: true,
      weight: -10,
    });
    const r = await createFileCheck({ file: f, weight: 2 })(never);
    expect(r.ok).toBe(true);
    expect(r.weight).toBeUndefined();
  });

  it('fails on a missing or non-numeric file', async () => {
    expect(await createFileCheck({ file: join(dir, 'nope') })(never)).toMatchObject({
      ok: false,
      code: 'file',
      reason: `cannot read ${join(dir, 'nope')}: ENOENT`,
    });
    const f = join(dir, 'junk');
    writeFileSync(f, 'up\n');
    expect(await createFileCheck({ file: f })(never)).toMatchObject({ ok: false, code: 'file' });
  });

  it('applies the keepalived value rules (pure)', () => {
    expect(parseTrackFileValue('-12\n')).toBe(-12);
    expect(parseTrackFileValue('+7')).toBe(7);
    expect(parseTrackFileValue('1.5')).toBeUndefined();
    expect(parseTrackFileValue('')).toBeUndefined();
    expect(trackFileOutcome(0, 0, false, true)).toEqual({ ok: true, reason: 'file value 0' });
    expect(trackFileOutcome(-1, 0, false, true).ok).toBe(false);
    expect(trackFileOutcome(0, 5, true, true)).toMatchObject({ ok: true, weight: 0 });
    expect(trackFileOutcome(-2147483648, 1, false, true).ok).toBe(false);
    expect(trackFileOutcome(2147483647, 1, true, true)).toMatchObject({ ok: true, weight: -2147483647 });
    expect(trackFileOutcome(2, -2147483647, false, true).ok).toBe(false);
    expect(trackFileOutcome(2147483649, 1, false, true).ok).toBe(false);
    expect(() => createFileCheck({ file: 'x', weight: 1.5 })).toThrow(CheckerConfigError);
  });
});
