import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Prng, VirtualClock, VirtualLan } from '../src/sim/index.js';

describe('VirtualClock', () => {
  it('runs callbacks in time order, ties in scheduling order, and skips cancelled ones', () => {
    const c = new VirtualClock();
    const seen: string[] = [];
    c.schedule(20, () => seen.push('b'));
    c.schedule(10, () => seen.push('a1'));
    const x = c.schedule(10, () => seen.push('x'));
    c.schedule(10, () => seen.push('a2'));
    c.cancel(x);
    expect(c.runUntil(15)).toBe(2);
    expect(c.now).toBe(15);
    c.schedule(0, () => seen.push('past-is-now'));
    c.runUntil(30);
    expect(seen).toEqual(['a1', 'a2', 'past-is-now', 'b']);
  });

  it('property: pops any schedule in (time, seq) order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }), (ts) => {
        const c = new VirtualClock();
        const seen: Array<[number, number]> = [];
        ts.forEach((t, i) => {
          c.schedule(t, () => seen.push([t, i]));
        });
        c.runUntil(100);
        const sorted = ts
          .map((t, i) => [t, i] as [number, number])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(seen).toEqual(sorted);
      }),
    );
  });
});

describe('VirtualLan', () => {
  it('partitions, one-way cuts and heal', () => {
    const lan = new VirtualLan();
    expect(lan.canReach('a', 'b')).toBe(true);
    lan.partition([['a'], ['b', 'c']]);
    expect([lan.canReach('a', 'b'), lan.canReach('b', 'c'), lan.canReach('d', 'a')]).toEqual([
      false,
      true,
      false,
    ]);
    lan.heal();
    lan.cut('a', 'b');
    expect([lan.canReach('a', 'b'), lan.canReach('b', 'a')]).toEqual([false, true]);
    lan.setLink('a', 'b', { delayMs: 2 }, true);
    expect([lan.link('a', 'b').delayMs, lan.link('b', 'a').delayMs]).toEqual([2, 0]);
  });
});

describe('Prng', () => {
  it('is reproducible from its seed and uniform-ish', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b.next()));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
