import { describe, expect, it } from 'vitest';
import { SyncGroup, VrrpFsmError, VrrpInstance } from '../src/fsm/index.js';

function members(): [VrrpInstance, VrrpInstance] {
  const a = new VrrpInstance({
    name: 'VI_1',
    vrid: 51,
    priority: 100,
    addresses: ['192.0.2.100'],
    primaryAddress: '192.0.2.12',
    trackers: [{ name: 'eth0', kind: 'interface', weight: 0 }],
  });
  const b = new VrrpInstance({
    name: 'VI_2',
    vrid: 52,
    priority: 100,
    addresses: ['198.51.100.100'],
    primaryAddress: '198.51.100.12',
    trackers: [{ name: 'eth1', kind: 'interface', weight: 0 }],
  });
  return [a, b];
}

describe('SyncGroup', () => {
  it('a member reaching Master takes the Backup members with it at the same instant', () => {
    const [a, b] = members();
    const g = new SyncGroup('G', [a, b]);
    g.handle('VI_1', { type: 'start', now: 0 });
    g.handle('VI_2', { type: 'start', now: 10 });
    const out = g.handle('VI_1', { type: 'timer', now: 3609.375, timer: 'masterDown' });
    expect([...out.keys()]).toEqual(['VI_1', 'VI_2']);
    expect(out.get('VI_2')).toContainEqual({
      type: 'stateChange',
      from: 'Backup',
      to: 'Master',
      cause: 'syncGroup',
      reason: 'sync group G: VI_1 entered MASTER',
    });
    expect(out.get('VI_2')?.[0]).toEqual({ type: 'cancelTimer', timer: 'masterDown' });
    expect([a.state, b.state]).toEqual(['Master', 'Master']);
  });

  it('Fault is shared until no member has a fault of its own', () => {
    const [a, b] = members();
    const g = new SyncGroup('G', [a, b]);
    g.handle('VI_1', { type: 'start', now: 0 });
    g.handle('VI_2', { type: 'start', now: 0 });
    g.handle('VI_1', { type: 'tracker', now: 100, name: 'eth0', ok: false });
    g.handle('VI_2', { type: 'tracker', now: 200, name: 'eth1', ok: false });
    expect([a.state, b.state]).toEqual(['Fault', 'Fault']);
    g.handle('VI_1', { type: 'tracker', now: 300, name: 'eth0', ok: true });
    expect([a.state, b.state]).toEqual(['Fault', 'Fault']); // VI_2 still down
    const out = g.handle('VI_2', { type: 'tracker', now: 400, name: 'eth1', ok: true });
    expect([a.state, b.state]).toEqual(['Backup', 'Backup']);
    expect(out.get('VI_1')).toContainEqual({ type: 'setTimer', timer: 'masterDown', at: 4009.375 });
  });

  it('a member started while the group is in Fault starts in Fault', () => {
    const [a, b] = members();
    const g = new SyncGroup('G', [a, b]);
    g.handle('VI_1', { type: 'tracker', now: 0, name: 'eth0', ok: false });
    g.handle('VI_2', { type: 'start', now: 0 });
    expect(b.state).toBe('Fault');
  });

  it('rejects unknown members and duplicates with typed errors', () => {
    const [a] = members();
    const g = new SyncGroup('G', [a]);
    expect(() => g.handle('VI_9', { type: 'start', now: 0 })).toThrow(VrrpFsmError);
    expect(() => new SyncGroup('H', [a, a])).toThrow(/twice/);
    expect(() => new SyncGroup('E', [])).toThrow(/no members/);
  });
});
