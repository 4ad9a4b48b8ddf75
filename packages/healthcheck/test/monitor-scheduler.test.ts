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

describe('Scheduler.reschedule', () => {
  it('re-arms a task that ran or was cancelled and moves a pending one, in (at, order) order', async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock);
    const ran: string[] = [];
    const a = s.schedule(10, (now) => ran.push(`a@${now}`));
    const b = s.schedule(20, (now) => ran.push(`b@${now}`));
    await clock.advance(10);
    expect(ran).toEqual(['a@10']);
    // a ran: the same object runs again; b (pending) moves before it; a cancelled task comes back.
    s.reschedule(a, 40);
    s.reschedule(b, 30);
    const c = s.schedule(35, (now) => ran.push(`c@${now}`));
    s.cancel(c);
    expect(c.cancelled).toBe(true);
    s.reschedule(c, 40);
    expect(c.cancelled).toBe(false);
    expect(s.size).toBe(3);
    expect(clock.pending).toBe(1);
    await clock.advance(30);
    // equal due times keep the order of (re)scheduling
    expect(ran).toEqual(['a@10', 'b@30', 'a@40', 'c@40']);
    expect(s.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('moving the earliest task later re-arms the timer for the new earliest', async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock);
    const ran: number[] = [];
    const t = s.schedule(5, (now) => ran.push(now));
    s.schedule(50, (now) => ran.push(now));
    s.reschedule(t, 100);
    await clock.advance(60);
    expect(ran).toEqual([50]);
    await clock.advance(40);
    expect(ran).toEqual([50, 100]);
  });

  it('after stop(), a rescheduled task is cancelled and never runs', async () => {
    const clock = new FakeClock();
    const s = new Scheduler(clock);
    let ran = 0;
    const t = s.schedule(5, () => ran++);
    s.stop();
    s.reschedule(t, 10);
    expect(t.cancelled).toBe(true);
    await clock.advance(20);
    expect(ran).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
