/**
 * Property tests of the state machine: for any sequence of events, the actions it returns keep
 * the shell consistent (timers match the state, VIPs are held exactly while Master).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TimerName, type VrrpEvent, VrrpInstance } from '../src/fsm/index.js';

const timers: TimerName[] = [
  'masterDown',
  'advert',
  'preemptDelay',
  'garpDelay',
  'garpRefresh',
  'garpLowerPrio',
];

type Step =
  | { k: 'start' }
  | { k: 'shutdown' }
  | { k: 'timer'; timer: TimerName }
  | { k: 'advert'; priority: number; src: number; intervalCs: number }
  | { k: 'tracker'; name: 'if' | 'chk'; ok: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ k: 'start' }),
  fc.constant<Step>({ k: 'shutdown' }),
  fc.constantFrom(...timers).map((timer): Step => ({ k: 'timer', timer })),
  fc
    .record({
      priority: fc.integer({ min: 0, max: 255 }),
      src: fc.integer({ min: 1, max: 20 }),
      intervalCs: fc.constantFrom(100, 200),
    })
    .map((r): Step => ({ k: 'advert', ...r })),
  fc
    .record({ name: fc.constantFrom<'if' | 'chk'>('if', 'chk'), ok: fc.boolean() })
    .map((r): Step => ({ k: 'tracker', ...r })),
);

describe('VrrpInstance invariants', () => {
  it.each([2, 3] as const)(
    'v%i: timers, VIPs and state stay consistent for any event sequence',
    (version) => {
      fc.assert(
        fc.property(
          fc.array(step, { maxLength: 60 }),
          fc.boolean(),
          fc.integer({ min: 0, max: 3000 }),
          (steps, preempt, delay) => {
            const inst = new VrrpInstance({
              vrid: 51,
              version,
              priority: 100,
              addresses: ['192.0.2.100'],
              primaryAddress: '192.0.2.10',
              preempt,
              preemptDelayMs: preempt ? delay : 0,
              garp: { masterRefreshMs: 60_000 },
              trackers: [
                { name: 'if', kind: 'interface', weight: 0 },
                { name: 'chk', weight: -50 },
              ],
            });
            const armed = new Map<TimerName, number>();
            let vips = false;
            let now = 0;
            for (const s of steps) {
              now += 7.5;
              let ev: VrrpEvent;
              if (s.k === 'timer') {
                // Deliver only timers the shell really has armed, at their time (as a shell would).
                const at = armed.get(s.timer);
                if (at === undefined) continue;
                now = Math.max(now, at);
                armed.delete(s.timer);
                ev = { type: 'timer', now, timer: s.timer };
              } else if (s.k === 'advert') {
                ev = {
                  type: 'advert',
                  now,
                  advert: {
                    version,
                    family: 'ipv4',
                    vrid: 51,
                    priority: s.priority,
                    intervalCs: s.intervalCs,
                    addresses: ['192.0.2.100'],
                    authType: 0,
                    authData: new Uint8Array(version === 2 ? 8 : 0),
                    checksum: 0,
                  },
                  meta: { source: `192.0.2.${s.src}`, destination: '224.0.0.18', ttl: 255 },
                };
              } else if (s.k === 'tracker') {
                ev = { type: 'tracker', now, name: s.name, ok: s.ok };
              } else {
                ev = { type: s.k, now };
              }
              for (const a of inst.handle(ev)) {
                if (a.type === 'setTimer') {
                  expect(a.at).toBeGreaterThanOrEqual(now);
                  armed.set(a.timer, a.at);
                } else if (a.type === 'cancelTimer') {
                  expect(armed.has(a.timer)).toBe(true);
                  armed.delete(a.timer);
                } else if (a.type === 'addVips') vips = true;
                else if (a.type === 'removeVips') vips = false;
                else if (a.type === 'sendAdvert')
                  expect(a.priority === 0 || inst.state === 'Master').toBe(true);
              }
              expect(vips).toBe(inst.state === 'Master');
              expect([...armed.keys()].sort()).toEqual([...inst.armedTimers].sort());
              if (inst.state === 'Master') expect(armed.has('advert')).toBe(true);
              if (inst.state === 'Backup')
                expect(armed.has('masterDown') || armed.has('preemptDelay')).toBe(true);
              if (inst.state === 'Fault' || inst.state === 'Initialize') expect(armed.size).toBe(0);
              expect(inst.priority === 100 || inst.priority === 50).toBe(true);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );
});
