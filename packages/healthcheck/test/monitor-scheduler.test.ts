import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, MinHeap, Scheduler } from '../src/monitor/index.js';

interface E {
  at: number;
  seq: number;
  heapIndex: number;
}

describe('MinHeap', () => {
  it('pops in (at, seq) order after arbitrary pushes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 200 }),
        (ops) => {
          const h = new MinHeap<E>();
          const kept: E[] = [];
          const all: E[] = [];
          ops.forEach(([at, remove], seq) => {
            const e: E = { at, seq, heapIndex: -1 };
            h.push(e);
            all.push(e);
            if (remove && all.length > 0) {
              const victim = all[(seq * 7) % all.length] as E;
              h.remove(victim);
            }
          });
          for (const e of all) if (e.heapIndex >= 0) kept.push(e);
          kept.sort((a, b) => a.at - b.at || a.seq - b.seq);
          const out: E[] = [];
          for (let e = h.pop(); e !== undefined; e = h.pop()) out.push(e);
          expect(out).toEqual(kept);
          expect(h.size).toBe(0);
        },
      ),
    );
  });
});

describe('Scheduler', () => {
  it('keeps one armed timer, runs tasks in order, cancels in O(log n)', async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock);
    const ran: string[] = [];
    s.schedule(30, () => ran.push('c'));
    s.schedule(10, () => ran.push('a'));
    const b = s.schedule(20, () => ran.push('b'));
    s.schedule(10, () => ran.push('a2'));
    expect(clock.pending).toBe(1);
    s.cancel(b);
    expect(s.size).toBe(3);
    await clock.advance(25);
    expect(ran).toEqual(['a', 'a2']);
    // a task scheduled in the past runs at the next firing
    s.schedule(0, (now) => ran.push(`late@${now}`));
    await clock.advance(10);
    expect(ran).toEqual(['a', 'a2', 'late@25', 'c']);
    expect(clock.pending).toBe(0);
    s.schedule(100, () => ran.push('never'));
    s.stop();
    await clock.advance(200);
    expect(ran).not.toContain('never');
    expect(clock.pending).toBe(0);
  });
});
