import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CheckerState,
  type CheckSpec,
  type CheckTiming,
  type CoreAction,
  HealthCore,
  type RealServerSpec,
  stepChecker,
  type VirtualServerSpec,
} from '../src/core/index.js';
import type { CheckResult } from '../src/types.js';

const ok = (reason = 'connected', weight?: number): CheckResult =>
  weight === undefined ? { ok: true, reason, latencyMs: 1 } : { ok: true, reason, latencyMs: 1, weight };
const bad = (reason = 'connect ECONNREFUSED'): CheckResult => ({
  ok: false,
  reason,
  latencyMs: 1,
  code: 'refused',
});

const tcp = (host: string, extra: Partial<CheckSpec> = {}): CheckSpec => ({
  type: 'TCP_CHECK',
  target: { host, port: 80 },
  delayLoopMs: 1_000,
  retry: 0,
  warmupMs: 0,
  ...extra,
});
const rs = (host: string, extra: Partial<RealServerSpec> = {}): RealServerSpec => ({
  id: `${host}:80`,
  checks: [tcp(host)],
  ...extra,
});

/** Non-probe actions, compactly. */
function brief(actions: readonly CoreAction[]): string[] {
  const out: string[] = [];
  for (const a of actions) {
    switch (a.type) {
      case 'probe':
      case 'timer':
        break;
      case 'addServer':
        out.push(`add ${a.rs} ${a.weight}`);
        break;
      case 'removeServer':
        out.push(`remove ${a.rs}`);
        break;
      case 'setWeight':
        out.push(`weight ${a.rs} ${a.previous}->${a.weight}`);
        break;
      case 'notify':
        if (a.event === 'up' || a.event === 'down') out.push(`${a.event} ${a.rs}: ${a.reason}`);
        else if (a.event === 'sorryServer') out.push(`sorry ${a.active ? 'on' : 'off'}`);
        else if (a.event === 'quorumUp' || a.event === 'quorumDown') out.push(`${a.event} ${a.liveWeight}`);
        break;
    }
  }
  return out;
}

/** Drive a core: remember planned probe times and feed results. */
function harness(vss: VirtualServerSpec[], seed = 1) {
  const core = new HealthCore(vss, { seed });
  const planned = new Map<string, number>();
  const record = (actions: CoreAction[]) => {
    for (const a of actions) if (a.type === 'probe') planned.set(a.key, a.at);
    return actions;
  };
  const keyOf = (host: string) => {
    const k = core.keys().find((x) => x.includes(`${host}:80`));
    if (!k) throw new Error(`no check for ${host}`);
    return k;
  };
  return {
    core,
    planned,
    start: (now = 0) => record(core.apply({ type: 'start', now })),
    feed: (host: string, result: CheckResult, now?: number) => {
      const key = keyOf(host);
      const plannedAt = planned.get(key) ?? 0;
      return record(core.apply({ type: 'result', key, plannedAt, now: now ?? plannedAt + 1, result }));
    },
    keyOf,
  };
}

describe('HealthCore: real servers', () => {
  it('starts up (adds every server), reports down with the reason, then up again', () => {
    const h = harness([{ id: 'vs', realServers: [rs('192.0.2.1'), rs('192.0.2.2')] }]);
    const start = h.start();
    expect(brief(start)).toEqual(['add 192.0.2.1:80 1', 'add 192.0.2.2:80 1']);
    expect(start.filter((a) => a.type === 'probe')).toHaveLength(2);
    expect(brief(h.feed('192.0.2.1', bad()))).toEqual([
      'down 192.0.2.1:80: connect ECONNREFUSED',
      'remove 192.0.2.1:80',
    ]);
    expect(brief(h.feed('192.0.2.1', ok('connected in 1 ms')))).toEqual([
      'up 192.0.2.1:80: connected in 1 ms',
      'add 192.0.2.1:80 1',
    ]);
  });

  it('alpha: servers start down, out of the pool, and join on the first pass', () => {
    const h = harness([{ id: 'vs', alpha: true, realServers: [rs('192.0.2.1'), rs('192.0.2.2')] }]);
    expect(brief(h.start())).toEqual(['quorumDown 0']);
    expect(h.core.servers().map((s) => s.status)).toEqual(['down', 'down']);
    expect(brief(h.feed('192.0.2.1', ok()))).toEqual([
      'up 192.0.2.1:80: connected',
      'add 192.0.2.1:80 1',
      'quorumUp 1',
    ]);
  });

  it('inhibit_on_failure: weight 0 instead of removal', () => {
    const h = harness([
      { id: 'vs', inhibitOnFailure: true, realServers: [rs('192.0.2.1', { weight: 3 }), rs('192.0.2.2')] },
    ]);
    h.start();
    expect(brief(h.feed('192.0.2.1', bad()))).toEqual([
      'down 192.0.2.1:80: connect ECONNREFUSED',
      'weight 192.0.2.1:80 3->0',
    ]);
    expect(h.core.servers()[0]).toMatchObject({ status: 'down', inPool: true, poolWeight: 0 });
    expect(brief(h.feed('192.0.2.1', ok()))).toEqual([
      'up 192.0.2.1:80: connected',
      'weight 192.0.2.1:80 0->3',
    ]);
  });

  it('inhibit with alpha: added at weight 0 at start', () => {
    const h = harness([
      { id: 'vs', alpha: true, quorum: 0, realServers: [rs('192.0.2.1', { inhibitOnFailure: true })] },
    ]);
    expect(brief(h.start())).toEqual(['add 192.0.2.1:80 0']);
  });

  it('a server with several checkers is up only when all are up', () => {
    const h = harness([
      {
        id: 'vs',
        realServers: [
          {
            id: '192.0.2.1:80',
            checks: [
              tcp('192.0.2.1'),
              {
                type: 'HTTP_GET',
                target: { host: '192.0.2.1', port: 8080 },
                delayLoopMs: 1_000,
                retry: 0,
                warmupMs: 0,
              },
            ],
          },
        ],
      },
    ]);
    h.start();
    const http = h.core.keys().find((k) => k.startsWith('HTTP_GET')) as string;
    const tcpKey = h.core.keys().find((k) => k.startsWith('TCP_CHECK')) as string;
    const feed = (key: string, r: CheckResult) =>
      brief(h.core.apply({ type: 'result', key, plannedAt: 0, now: 1, result: r }));
    expect(feed(http, bad('status 503 on /health'))).toEqual([
      'down 192.0.2.1:80: status 503 on /health',
      'remove 192.0.2.1:80',
      'quorumDown 0',
    ]);
    expect(feed(tcpKey, bad())).toEqual([]);
    expect(feed(http, ok())).toEqual([]);
    expect(feed(tcpKey, ok())).toEqual(['up 192.0.2.1:80: connected', 'add 192.0.2.1:80 1', 'quorumUp 1']);
  });

  it('dynamic weights: misc_dynamic sets the weight, FILE_CHECK adds', () => {
    const h = harness([
      {
        id: 'vs',
        realServers: [
          {
            id: '192.0.2.1:80',
            weight: 5,
            checks: [
              {
                type: 'MISC_CHECK',
                target: { host: '192.0.2.1', port: 80 },
                options: { path: '/bin/x' },
                delayLoopMs: 1_000,
                warmupMs: 0,
              },
            ],
          },
          {
            id: '192.0.2.2:80',
            weight: 5,
            checks: [
              {
                type: 'FILE_CHECK',
                target: { host: '192.0.2.2', port: 80 },
                delayLoopMs: 1_000,
                warmupMs: 0,
              },
            ],
          },
        ],
      },
    ]);
    h.start();
    expect(brief(h.feed('192.0.2.1', ok('exit status 12', 10)))).toEqual(['weight 192.0.2.1:80 5->10']);
    expect(brief(h.feed('192.0.2.2', ok('file value 2', 4)))).toEqual(['weight 192.0.2.2:80 5->9']);
    expect(h.core.virtualServers()[0]?.liveWeight).toBe(19);
    expect(brief(h.feed('192.0.2.1', ok('exit status 2', 0)))).toEqual(['weight 192.0.2.1:80 10->0']);
    expect(h.core.virtualServers()[0]?.liveWeight).toBe(9);
  });
});

describe('HealthCore: quorum, hysteresis, sorry server', () => {
  const four = (extra: Partial<VirtualServerSpec> = {}): VirtualServerSpec => ({
    id: 'vs',
    quorum: 3,
    hysteresis: 1,
    realServers: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'].map((h) => rs(h)),
    ...extra,
  });

  it('loses the quorum below quorum − hysteresis and regains it at quorum + hysteresis', () => {
    const h = harness([four()]);
    h.start();
    expect(brief(h.feed('192.0.2.1', bad()))).not.toContain('quorumDown 3'); // 3 live: not < 2
    expect(brief(h.feed('192.0.2.2', bad()))).not.toContain('quorumDown 2'); // 2 live: not < 2
    expect(brief(h.feed('192.0.2.3', bad()))).toContain('quorumDown 1'); // 1 live < 2
    expect(brief(h.feed('192.0.2.1', ok()))).not.toContain('quorumUp 2');
    expect(brief(h.feed('192.0.2.2', ok()))).not.toContain('quorumUp 3'); // 3 < 4
    expect(brief(h.feed('192.0.2.3', ok()))).toContain('quorumUp 4');
    expect(h.core.virtualServers()[0]).toMatchObject({ quorumUp: true, liveWeight: 4 });
  });

  it('sorry server replaces every real server while the quorum is lost', () => {
    const h = harness([
      { id: 'vs', sorryServer: { id: '192.0.2.99:80' }, realServers: [rs('192.0.2.1'), rs('192.0.2.2')] },
    ]);
    h.start();
    expect(brief(h.feed('192.0.2.1', bad()))).toEqual([
      'down 192.0.2.1:80: connect ECONNREFUSED',
      'remove 192.0.2.1:80',
    ]);
    expect(brief(h.feed('192.0.2.2', bad()))).toEqual([
      'down 192.0.2.2:80: connect ECONNREFUSED',
      'remove 192.0.2.2:80',
      'quorumDown 0',
      'sorry on',
      'add 192.0.2.99:80 1',
    ]);
    expect(brief(h.feed('192.0.2.1', ok()))).toEqual([
      'up 192.0.2.1:80: connected',
      'quorumUp 1',
      'sorry off',
      'add 192.0.2.1:80 1',
      'remove 192.0.2.99:80',
    ]);
  });

  it('sorry server with a quorum above zero takes live servers out and puts them back', () => {
    const h = harness([four({ hysteresis: 0, sorryServer: { id: '192.0.2.99:80', inhibit: true } })]);
    expect(brief(h.start())).toEqual([
      'add 192.0.2.99:80 0',
      'add 192.0.2.1:80 1',
      'add 192.0.2.2:80 1',
      'add 192.0.2.3:80 1',
      'add 192.0.2.4:80 1',
    ]);
    h.feed('192.0.2.1', bad());
    expect(brief(h.feed('192.0.2.2', bad()))).toEqual([
      'down 192.0.2.2:80: connect ECONNREFUSED',
      'remove 192.0.2.2:80',
      'quorumDown 2',
      'sorry on',
      'weight 192.0.2.99:80 0->1',
      'remove 192.0.2.3:80',
      'remove 192.0.2.4:80',
    ]);
    // a server coming back while below quorum stays out of the pool
    expect(brief(h.feed('192.0.2.3', bad()))).toEqual(['down 192.0.2.3:80: connect ECONNREFUSED']);
    expect(brief(h.feed('192.0.2.3', ok()))).toEqual(['up 192.0.2.3:80: connected']);
    expect(brief(h.feed('192.0.2.1', ok()))).toEqual([
      'up 192.0.2.1:80: connected',
      'quorumUp 3',
      'sorry off',
      'add 192.0.2.1:80 1',
      'add 192.0.2.3:80 1',
      'add 192.0.2.4:80 1',
      'weight 192.0.2.99:80 1->0',
    ]);
  });
});

describe('HealthCore: weight ramp', () => {
  it('a recovering server regains its weight in steps, driven by timer actions', () => {
    const h = harness([
      {
        id: 'vs',
        weightRamp: { steps: 4, durationMs: 4_000 },
        realServers: [rs('192.0.2.1', { weight: 100 }), rs('192.0.2.2')],
      },
    ]);
    expect(brief(h.start())).toContain('add 192.0.2.1:80 100'); // no ramp at start
    h.feed('192.0.2.1', bad(), 1_000);
    const up = h.feed('192.0.2.1', ok(), 10_000);
    expect(brief(up)).toEqual(['up 192.0.2.1:80: connected', 'add 192.0.2.1:80 20']);
    const timers = up.filter((a) => a.type === 'timer');
    expect(timers).toEqual([{ type: 'timer', at: 11_000 }]);
    // the full live weight counts for the quorum at once
    expect(h.core.virtualServers()[0]?.liveWeight).toBe(101);
    const seen: string[] = [];
    let at = 11_000;
    for (;;) {
      const out = h.core.apply({ type: 'tick', now: at });
      seen.push(...brief(out));
      const next = out.find((a) => a.type === 'timer');
      if (next?.type !== 'timer') break;
      at = next.at;
    }
    expect(seen).toEqual([
      'weight 192.0.2.1:80 20->40',
      'weight 192.0.2.1:80 40->60',
      'weight 192.0.2.1:80 60->80',
      'weight 192.0.2.1:80 80->100',
    ]);
    expect(at).toBe(14_000);
  });
});

describe('HealthCore: shared checks', () => {
  it('identical probes across virtual servers run once and feed every consumer', () => {
    const vs = (id: string): VirtualServerSpec => ({ id, realServers: [rs('192.0.2.1'), rs('192.0.2.2')] });
    const h = harness([vs('vs-a'), vs('vs-b'), vs('vs-c')]);
    const start = h.start();
    expect(h.core.keys()).toHaveLength(2);
    expect(start.filter((a) => a.type === 'probe')).toHaveLength(2);
    expect(h.core.check(h.keyOf('192.0.2.1'))?.consumers).toBe(3);
    const out = h.feed('192.0.2.1', bad());
    expect(out.filter((a) => a.type === 'probe')).toHaveLength(1);
    expect(brief(out).filter((s) => s.startsWith('down'))).toHaveLength(3);
    expect(
      out.filter((a) => a.type === 'removeServer').map((a) => (a.type === 'removeServer' ? a.vs : '')),
    ).toEqual(['vs-a', 'vs-b', 'vs-c']);
  });

  it('different timing or alpha does not share', () => {
    const h = harness([
      { id: 'a', realServers: [rs('192.0.2.1')] },
      { id: 'b', alpha: true, realServers: [rs('192.0.2.1')] },
      {
        id: 'c',
        delayLoopMs: 5_000,
        realServers: [rs('192.0.2.1', { checks: [tcp('192.0.2.1', { delayLoopMs: undefined })] })],
      },
    ]);
    expect(h.core.keys()).toHaveLength(3);
  });
});

describe('HealthCore: lifecycle', () => {
  it('omega emits down notifications and quorum down at shutdown; without omega nothing', () => {
    const h = harness([
      { id: 'vs', omega: true, realServers: [rs('192.0.2.1'), rs('192.0.2.2')] },
      { id: 'quiet', realServers: [rs('192.0.2.3')] },
    ]);
    h.start();
    h.feed('192.0.2.2', bad());
    expect(brief(h.core.apply({ type: 'shutdown', now: 5_000 }))).toEqual([
      'down 192.0.2.1:80: shutdown (omega)',
      'quorumDown 1',
    ]);
    expect(h.core.apply({ type: 'shutdown', now: 5_001 })).toEqual([]);
    expect(h.feed('192.0.2.1', bad())).toEqual([]);
  });

  it('rejects duplicate ids and unknown keys with typed errors', () => {
    expect(
      () =>
        new HealthCore([
          { id: 'x', realServers: [] },
          { id: 'x', realServers: [] },
        ]),
    ).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
    expect(() => new HealthCore([{ id: 'x', realServers: [rs('192.0.2.1'), rs('192.0.2.1')] }])).toThrow(
      expect.objectContaining({ code: 'E_CONFIG' }),
    );
    const core = new HealthCore([]);
    expect(() => core.apply({ type: 'result', key: 'nope', now: 0, plannedAt: 0, result: ok() })).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_CHECK' }),
    );
  });

  it('even stagger spreads first probes over the warmup', () => {
    const hosts = Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`);
    const core = new HealthCore(
      [{ id: 'vs', realServers: hosts.map((h) => rs(h, { checks: [tcp(h, { warmupMs: undefined })] })) }],
      { stagger: 'even' },
    );
    const at = core.apply({ type: 'start', now: 100 }).flatMap((a) => (a.type === 'probe' ? [a.at] : []));
    expect(at).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
  });
});

describe('HealthCore: the in-place steady state', () => {
  it('keeps exactly the state stepChecker computes, for any sequence of results and arrival times', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.array(
          fc.record({
            kind: fc.constantFrom('ok', 'bad', 'weight'),
            weight: fc.integer({ min: 0, max: 3 }),
            lateBy: fc.integer({ min: 0, max: 3_500 }),
          }),
          { maxLength: 60 },
        ),
        (retry, inputs) => {
          const spec = tcp('192.0.2.7', { retry, delayBeforeRetryMs: 300 });
          const core = new HealthCore([{ id: 'vs', realServers: [{ id: 'rs', checks: [spec] }] }], {
            seed: 1,
          });
          core.apply({ type: 'start', now: 0 });
          const key = core.keys()[0] as string;
          const timing = core.check(key)?.timing as CheckTiming;
          let expected: CheckerState = core.check(key)?.state as CheckerState;
          const held = core.check(key)?.state as CheckerState;
          const heldCopy = { ...held };
          for (const [i, input] of inputs.entries()) {
            const plannedAt = expected.nextAt;
            const now = plannedAt + input.lateBy;
            const result =
              input.kind === 'bad'
                ? bad(`fail ${i}`)
                : ok(`pass ${i}`, input.kind === 'weight' ? input.weight : undefined);
            const step = stepChecker(timing, expected, { now, plannedAt, result });
            expected = step.state;
            const actions = core.apply({ type: 'result', now, key, plannedAt, result });
            expect(core.check(key)?.state).toEqual(expected);
            expect(actions[0]).toEqual({
              type: 'probe',
              key,
              at: expected.nextAt,
              skipped: step.skipped,
              retry: expected.retrying > 0,
            });
          }
          // A view is a snapshot: later results do not change what a caller holds.
          expect(held).toEqual(heldCopy);
        },
      ),
    );
  });
});
