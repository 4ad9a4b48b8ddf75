/** setPreciseTimer: never early, close to the deadline, cancellable. */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { setPreciseTimer } from '../src/router/timer.js';

describe('setPreciseTimer', () => {
  it('fires at (not before) the deadline, across the long / short / polling stages', async () => {
    for (const d of [0, 1, 3.3, 30, 120.5]) {
      const at = performance.now() + d;
      const ran = await new Promise<number>((resolve) => setPreciseTimer(at, resolve));
      expect(ran).toBeGreaterThanOrEqual(at);
      expect(ran - at).toBeLessThan(25); // generous: CI machines are loaded
    }
  });

  it('can be cancelled at every stage', async () => {
    let fired = 0;
    const timers = [0.5, 10, 60].map((d) => setPreciseTimer(performance.now() + d, () => fired++));
    for (const t of timers) t.cancel();
    await new Promise((r) => setTimeout(r, 100));
    expect(fired).toBe(0);
  });
});
