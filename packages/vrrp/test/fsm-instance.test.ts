import { describe, expect, it } from 'vitest';
import {
  type InstanceConfig,
  normalizeConfig,
  type VrrpAction,
  VrrpFsmError,
  VrrpInstance,
} from '../src/fsm/index.js';
import type { Advertisement } from '../src/types.js';

const base: InstanceConfig = {
  name: 'VI_1',
  vrid: 51,
  priority: 100,
  addresses: ['192.0.2.100'],
  primaryAddress: '192.0.2.12',
};

function advert(priority: number, intervalCs = 100, version: 2 | 3 = 2): Advertisement {
  return {
    version,
    family: 'ipv4',
    vrid: 51,
    priority,
    intervalCs,
    addresses: ['192.0.2.100'],
    authType: 0,
    authData: new Uint8Array(version === 2 ? 8 : 0),
    checksum: 0,
  };
}

function rx(
  inst: VrrpInstance,
  now: number,
  priority: number,
  source = '192.0.2.11',
  intervalCs = 100,
): VrrpAction[] {
  return inst.handle({
    type: 'advert',
    now,
    advert: advert(priority, intervalCs, inst.config.version),
    meta: { source, destination: '224.0.0.18', ttl: 255 },
  });
}

function timerAt(actions: VrrpAction[], timer: string): number | undefined {
  const a = actions.find((x) => x.type === 'setTimer' && x.timer === timer);
  return a?.type === 'setTimer' ? a.at : undefined;
}

function masterAt(inst: VrrpInstance, now: number): VrrpAction[] {
  inst.handle({ type: 'start', now: 0 });
  return inst.handle({ type: 'timer', now, timer: 'masterDown' });
}

describe('VrrpInstance start-up', () => {
  it('starts in Backup (removing stale VIPs) and arms Master_Down_Timer at MDI', () => {
    const inst = new VrrpInstance(base);
    const out = inst.handle({ type: 'start', now: 1000 });
    expect(out).toEqual([
      { type: 'removeVips', addresses: ['192.0.2.100'] },
      { type: 'stateChange', from: 'Initialize', to: 'Backup', cause: 'startup', reason: 'init' },
      { type: 'setTimer', timer: 'masterDown', at: 4609.375 },
    ]);
  });
  it('state MASTER below 255 still waits the full MDI (capture a-v2-pass-startup: 3.414 s at prio 150)', () => {
    const inst = new VrrpInstance({ ...base, priority: 150, initialState: 'MASTER' });
    expect(timerAt(inst.handle({ type: 'start', now: 0 }), 'masterDown')).toBe(3414.0625);
  });
  it('address owner (255) with state MASTER takes over after advert_int + skew = 1003.90625 ms', () => {
    const inst = new VrrpInstance({ ...base, priority: 255, initialState: 'MASTER' });
    expect(timerAt(inst.handle({ type: 'start', now: 0 }), 'masterDown')).toBe(1003.90625);
  });
  it('becomes Master on expiry: advert, VIPs, 5 GARPs, advert timer, second batch at +5 s', () => {
    const inst = new VrrpInstance(base);
    expect(masterAt(inst, 3609.375)).toEqual([
      {
        type: 'stateChange',
        from: 'Backup',
        to: 'Master',
        cause: 'masterDown',
        reason: 'master down interval expired',
      },
      { type: 'sendAdvert', priority: 100, intervalCs: 100 },
      { type: 'addVips', addresses: ['192.0.2.100'], accept: true },
      { type: 'announce', addresses: ['192.0.2.100'], count: 5, reason: 'becomeMaster' },
      { type: 'setTimer', timer: 'advert', at: 4609.375 },
      { type: 'setTimer', timer: 'garpDelay', at: 8609.375 },
    ]);
    expect(inst.state).toBe('Master');
  });
  it('ignores stale timers', () => {
    const inst = new VrrpInstance(base);
    expect(inst.handle({ type: 'timer', now: 5, timer: 'advert' })).toEqual([]);
  });
});

describe('VrrpInstance as Backup', () => {
  it('resets the timer on an advert of higher priority', () => {
    const inst = new VrrpInstance(base);
    inst.handle({ type: 'start', now: 0 });
    expect(rx(inst, 2000, 150)).toEqual([{ type: 'setTimer', timer: 'masterDown', at: 5609.375 }]);
  });
  it('priority 0: the timer is set to Skew_Time (609.375 ms)', () => {
    const inst = new VrrpInstance(base);
    inst.handle({ type: 'start', now: 0 });
    const out = rx(inst, 2000, 0);
    expect(out).toContainEqual({ type: 'setTimer', timer: 'masterDown', at: 2609.375 });
    expect(out[0]).toMatchObject({ kind: 'priorityZeroReceived' });
  });
  it('preempt: discards a lower-priority advert without touching the timer', () => {
    const inst = new VrrpInstance({ ...base, priority: 150 });
    inst.handle({ type: 'start', now: 0 });
    const out = rx(inst, 1000, 100, '192.0.2.12');
    expect(out).toEqual([
      {
        type: 'event',
        kind: 'lowerPriorityDiscarded',
        message: 'received lower priority (100) advert from 192.0.2.12 - discarding',
      },
    ]);
  });
  it('nopreempt: accepts a lower-priority Master', () => {
    const inst = new VrrpInstance({ ...base, priority: 150, preempt: false });
    inst.handle({ type: 'start', now: 0 });
    expect(rx(inst, 1000, 100, '192.0.2.12')).toEqual([
      { type: 'setTimer', timer: 'masterDown', at: 4414.0625 },
    ]);
  });
  it('v2 interval mismatch is discarded', () => {
    const inst = new VrrpInstance({ ...base, advertIntervalCs: 200 });
    inst.handle({ type: 'start', now: 0 });
    expect(rx(inst, 1000, 150)).toEqual([
      {
        type: 'event',
        kind: 'intervalMismatch',
        message: "advertisement interval mismatch mine=2 sec rcv'd=1 sec",
      },
    ]);
  });
  it('v3 learns Master_Adver_Interval and restores its own when it becomes Master', () => {
    const inst = new VrrpInstance({ ...base, version: 3, advertIntervalCs: 200 });
    inst.handle({ type: 'start', now: 0 });
    const out = rx(inst, 1000, 150, '192.0.2.11', 100);
    expect(out[0]).toEqual({
      type: 'event',
      kind: 'intervalLearned',
      message: 'advertisement interval updated from 2000ms to 1000ms by master',
    });
    expect(timerAt(out, 'masterDown')).toBe(4609.375);
    expect(inst.masterAdverIntervalCs).toBe(100);
    const up = inst.handle({ type: 'timer', now: 4609.375, timer: 'masterDown' });
    expect(up).toContainEqual({
      type: 'event',
      kind: 'intervalRestored',
      message: 'changing advert interval from 1000ms to locally configured 2000ms',
    });
    expect(up).toContainEqual({ type: 'sendAdvert', priority: 100, intervalCs: 200 });
  });
  it('preempt_delay: Master only preemptDelay after the master-down expiry', () => {
    const inst = new VrrpInstance({ ...base, priority: 128, preemptDelayMs: 2000 });
    inst.handle({ type: 'start', now: 0 });
    const out = inst.handle({ type: 'timer', now: 3500, timer: 'masterDown' });
    expect(out).toEqual([{ type: 'setTimer', timer: 'preemptDelay', at: 5500 }]);
    expect(inst.handle({ type: 'timer', now: 5500, timer: 'preemptDelay' })[0]).toMatchObject({
      type: 'stateChange',
      to: 'Master',
      cause: 'preemptDelay',
    });
  });
});

describe('VrrpInstance as Master', () => {
  it('steps down on a higher priority', () => {
    const inst = new VrrpInstance(base);
    masterAt(inst, 3609.375);
    expect(rx(inst, 4000, 150)).toEqual([
      { type: 'cancelTimer', timer: 'advert' },
      { type: 'cancelTimer', timer: 'garpDelay' },
      {
        type: 'stateChange',
        from: 'Master',
        to: 'Backup',
        cause: 'higherPriority',
        reason: 'higher priority 150 from 192.0.2.11',
      },
      { type: 'removeVips', addresses: ['192.0.2.100'] },
      { type: 'setTimer', timer: 'masterDown', at: 7609.375 },
    ]);
  });
  it('equal priority: the higher primary address wins (compared numerically)', () => {
    const low = new VrrpInstance({ ...base, primaryAddress: '192.0.2.9' });
    masterAt(low, 3609.375);
    expect(rx(low, 4000, 100, '192.0.2.10')[2]).toMatchObject({
      to: 'Backup',
      reason: 'equal priority 100 from higher address 192.0.2.10',
    });
    const high = new VrrpInstance({ ...base, primaryAddress: '192.0.2.10' });
    masterAt(high, 3609.375);
    expect(rx(high, 4000, 100, '192.0.2.9')[0]).toMatchObject({ kind: 'lowerPriorityElection' });
  });
  it('lower priority: answers at once, re-phases its timer and re-announces', () => {
    const inst = new VrrpInstance({ ...base, priority: 150, primaryAddress: '192.0.2.11' });
    masterAt(inst, 3414.0625);
    expect(rx(inst, 4000, 100, '192.0.2.12')).toEqual([
      {
        type: 'event',
        kind: 'lowerPriorityElection',
        message: 'Received advert from 192.0.2.12 with lower priority 100, ours 150, forcing new election',
      },
      { type: 'sendAdvert', priority: 150, intervalCs: 100 },
      { type: 'setTimer', timer: 'advert', at: 5000 },
      { type: 'announce', addresses: ['192.0.2.100'], count: 5, reason: 'lowerPriority' },
      { type: 'setTimer', timer: 'garpLowerPrio', at: 9000 },
    ]);
  });
  it('each lower-priority advert queues its own delayed GARP batch (p-v2-partition-heal)', () => {
    const inst = new VrrpInstance({ ...base, priority: 150, primaryAddress: '192.0.2.11' });
    masterAt(inst, 3414.0625);
    expect(timerAt(rx(inst, 4000, 100, '192.0.2.12'), 'garpLowerPrio')).toBe(9000);
    expect(timerAt(rx(inst, 5000, 100, '192.0.2.12'), 'garpLowerPrio')).toBeUndefined();
    expect(inst.handle({ type: 'timer', now: 9000, timer: 'garpLowerPrio' })).toEqual([
      { type: 'announce', addresses: ['192.0.2.100'], count: 5, reason: 'lowerPriorityDelay' },
      { type: 'setTimer', timer: 'garpLowerPrio', at: 10000 },
    ]);
    expect(inst.handle({ type: 'timer', now: 10000, timer: 'garpLowerPrio' })).toEqual([
      { type: 'announce', addresses: ['192.0.2.100'], count: 5, reason: 'lowerPriorityDelay' },
    ]);
  });
  it('lower_prio_no_advert ignores it', () => {
    const inst = new VrrpInstance({ ...base, priority: 150, lowerPrioNoAdvert: true });
    masterAt(inst, 3414.0625);
    expect(rx(inst, 4000, 100, '192.0.2.12')[0]).toMatchObject({ kind: 'ignored' });
  });
  it('priority 0 received: sends an advert at once', () => {
    const inst = new VrrpInstance(base);
    masterAt(inst, 3609.375);
    expect(rx(inst, 4000, 0)).toEqual([
      { type: 'event', kind: 'priorityZeroReceived', message: 'Master received priority 0 message' },
      { type: 'sendAdvert', priority: 100, intervalCs: 100 },
      { type: 'setTimer', timer: 'advert', at: 5000 },
    ]);
  });
  it('shutdown: priority-0 advert, VIPs removed, timers cancelled', () => {
    const inst = new VrrpInstance(base);
    masterAt(inst, 3609.375);
    expect(inst.handle({ type: 'shutdown', now: 5000 })).toEqual([
      { type: 'sendAdvert', priority: 0, intervalCs: 100 },
      { type: 'removeVips', addresses: ['192.0.2.100'] },
      { type: 'cancelTimer', timer: 'advert' },
      { type: 'cancelTimer', timer: 'garpDelay' },
      { type: 'stateChange', from: 'Master', to: 'Initialize', cause: 'shutdown', reason: 'shutdown' },
    ]);
  });
  it('garp_master_refresh repeats batches', () => {
    const inst = new VrrpInstance({ ...base, garp: { masterRefreshMs: 60000, masterRefreshRepeat: 2 } });
    const out = masterAt(inst, 3609.375);
    expect(timerAt(out, 'garpRefresh')).toBe(63609.375);
    expect(inst.handle({ type: 'timer', now: 63609.375, timer: 'garpRefresh' })).toEqual([
      { type: 'announce', addresses: ['192.0.2.100'], count: 2, reason: 'refresh' },
      { type: 'setTimer', timer: 'garpRefresh', at: 123609.375 },
    ]);
  });
});

describe('VrrpInstance tracking', () => {
  const tracked: InstanceConfig = {
    ...base,
    trackers: [
      { name: 'eth0', kind: 'interface', weight: 0 },
      { name: 'chk_up', weight: 20 },
      { name: 'chk_down', weight: -30 },
      { name: 'rev', weight: -5, reverse: true },
    ],
  };
  it('effective priority: +positive when OK, +negative when failing, reverse flips', () => {
    const inst = new VrrpInstance(tracked);
    // 100 + 20 (chk_up OK) - 5 (rev reports OK, so it counts as failing)
    expect(inst.priority).toBe(115);
    expect(inst.handle({ type: 'tracker', now: 0, name: 'chk_down', ok: false })).toContainEqual({
      type: 'priorityChange',
      from: 115,
      to: 85,
    });
    inst.handle({ type: 'tracker', now: 0, name: 'chk_up', ok: false });
    expect(inst.priority).toBe(65);
    inst.handle({ type: 'tracker', now: 0, name: 'rev', ok: false });
    expect(inst.priority).toBe(70);
  });
  it('clamps to 1..254 and never moves an owner', () => {
    const hi = new VrrpInstance({ ...base, priority: 250, trackers: [{ name: 'a', weight: 50 }] });
    expect(hi.priority).toBe(254);
    const lo = new VrrpInstance({ ...base, priority: 10, trackers: [{ name: 'a', weight: -50 }] });
    lo.handle({ type: 'tracker', now: 0, name: 'a', ok: false });
    expect(lo.priority).toBe(1);
    const owner = new VrrpInstance({ ...base, priority: 255, trackers: [{ name: 'a', weight: -50 }] });
    owner.handle({ type: 'tracker', now: 0, name: 'a', ok: false });
    expect(owner.priority).toBe(255);
    expect(owner.config.warnings).toHaveLength(1);
  });
  it('a weight-0 tracker puts a Master in Fault (priority 0 sent) and back to Backup', () => {
    const inst = new VrrpInstance(tracked);
    masterAt(inst, 3609.375);
    const down = inst.handle({ type: 'tracker', now: 5000, name: 'eth0', ok: false });
    expect(down).toEqual([
      { type: 'event', kind: 'trackerChanged', message: 'tracked interface eth0 down' },
      { type: 'sendAdvert', priority: 0, intervalCs: 100 },
      { type: 'removeVips', addresses: ['192.0.2.100'] },
      { type: 'cancelTimer', timer: 'advert' },
      { type: 'cancelTimer', timer: 'garpDelay' },
      {
        type: 'stateChange',
        from: 'Master',
        to: 'Fault',
        cause: 'fault',
        reason: 'tracked interface eth0 down',
      },
    ]);
    const up = inst.handle({ type: 'tracker', now: 8000, name: 'eth0', ok: true });
    expect(up.slice(1)).toEqual([
      {
        type: 'stateChange',
        from: 'Fault',
        to: 'Backup',
        cause: 'faultCleared',
        reason: 'tracked interface eth0 up',
      },
      { type: 'setTimer', timer: 'masterDown', at: 11550.78125 }, // priority 115: 3000 + 141/256 s,
    ]);
  });
  it('starts in Fault when a weight-0 tracker starts failing (init_fail)', () => {
    const inst = new VrrpInstance({ ...base, trackers: [{ name: 's', weight: 0, initFail: true }] });
    expect(inst.handle({ type: 'start', now: 0 })[1]).toMatchObject({
      to: 'Fault',
      reason: 'tracked script s failed',
    });
  });
  it('unknown tracker is reported, not thrown', () => {
    const inst = new VrrpInstance(base);
    expect(inst.handle({ type: 'tracker', now: 0, name: 'x', ok: true })[0]).toMatchObject({
      kind: 'ignored',
    });
  });
});

describe('configuration', () => {
  it('applies keepalived rules: nopreempt reset with state MASTER, preempt_delay reset with nopreempt', () => {
    const a = normalizeConfig({ ...base, initialState: 'MASTER', preempt: false });
    expect(a.preempt).toBe(true);
    const b = normalizeConfig({ ...base, preempt: false, preemptDelayMs: 1000 });
    expect(b.preemptDelayMs).toBe(0);
    expect(b.warnings).toHaveLength(1);
  });
  it('throws typed errors', () => {
    expect(() => new VrrpInstance({ ...base, vrid: 0 })).toThrow(VrrpFsmError);
    try {
      new VrrpInstance({ ...base, advertIntervalCs: 150 });
    } catch (e) {
      expect((e as VrrpFsmError).code).toBe('ERR_VRRP_CONFIG');
    }
    expect(() => new VrrpInstance({ ...base, version: 3, advertIntervalCs: 4096 })).toThrow(/4095/);
  });
  it('IPv6 defaults to v3', () => {
    const c = normalizeConfig({ ...base, addresses: ['2001:db8::100'], primaryAddress: 'fe80::ff:fe00:12' });
    expect([c.family, c.version]).toEqual(['ipv6', 3]);
  });
});
