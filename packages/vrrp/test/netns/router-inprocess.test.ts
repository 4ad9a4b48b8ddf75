/**
 * The Router used in-process from the root namespace with the `netns` option (every socket is
 * opened inside the lab host's namespace), typed events, `AbortSignal` and `Symbol.asyncDispose`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router, RouterSyncGroup } from '../../src/router.js';
import { expectHolders, Lab, type LabHost, waitFor } from './helpers.js';

let lab: Lab;
let h1: LabHost;
let h2: LabHost;

beforeAll(async () => {
  lab = await Lab.create({ hosts: 2 });
  [h1, h2] = lab.hosts as [LabHost, LabHost];
});

afterAll(async () => {
  await lab?.close();
});

describe('Router in-process with netns', () => {
  it('elects, emits typed events, stops on abort with priority 0', async () => {
    const ac = new AbortController();
    const states: string[] = [];
    const common = { interface: 'e0', stateDir: lab.dir } as const;
    const inst = (priority: number) => ({
      vrid: 40,
      priority,
      version: 3 as const,
      advertIntervalCs: 10,
      addresses: ['192.0.2.100/24'],
    });
    const r1 = await Router.start({ ...common, netns: h1.ns, instance: inst(150), signal: ac.signal });
    r1.on('stateChange', (c) => states.push(`${c.from}->${c.to}`));
    await using r2 = await Router.start({ ...common, netns: h2.ns, instance: inst(100) });
    expect(r1.mac).toBe(h1.mac);
    expect(r1.ifindex).toBeGreaterThan(0);
    await waitFor(() => r1.state === 'Master' && r2.state === 'Backup', 5000, 'h1 Master');
    await r1.settled();
    expect(r1.vips).toEqual(['192.0.2.100']);
    await expectHolders(lab, '192.0.2.100', ['h1']);
    expect(r2.stats.snapshot().advertisementsReceived).toBeGreaterThan(0);
    expect(r2.stats.snapshot().dropped).toBe(0);
    const priorityZero = new Promise<void>((resolve) =>
      r2.on('info', (i) => {
        if (i.kind === 'priorityZeroReceived') resolve();
      }),
    );
    const closed = new Promise<void>((resolve) => r1.once('close', resolve));
    ac.abort();
    await closed;
    await priorityZero;
    expect(r1.closed).toBe(true);
    expect(r1.stats.snapshot().priorityZeroSent).toBe(1);
    expect(states).toEqual(['Initialize->Backup', 'Backup->Master', 'Master->Initialize']);
    await waitFor(() => r2.state === 'Master', 2000, 'h2 Master');
    await r2.settled();
    await expectHolders(lab, '192.0.2.100', ['h2']);
  });

  it('sync group: a member entering FAULT takes the other along; both come back together', async () => {
    const inst = (name: string, vrid: number, priority: number, vip: string, tracked: boolean) => ({
      name,
      vrid,
      priority,
      version: 3 as const,
      advertIntervalCs: 10,
      addresses: [`${vip}/24`],
      ...(tracked ? { trackers: [{ name: 'chk', weight: 0 }] } : {}),
    });
    const start = async (host: LabHost, priority: number) => {
      const g = new RouterSyncGroup('G1', ['VI_A', 'VI_B']);
      const common = { interface: 'e0', netns: host.ns, stateDir: lab.dir, syncGroup: g } as const;
      return Promise.all([
        Router.start({ ...common, instance: inst('VI_A', 41, priority, '192.0.2.101', false) }),
        Router.start({ ...common, instance: inst('VI_B', 42, priority, '192.0.2.102', true) }),
      ]);
    };
    const [a1, b1] = await start(h1, 150);
    const [a2, b2] = await start(h2, 100);
    try {
      await waitFor(() => a1.state === 'Master' && b1.state === 'Master', 5000, 'h1 Master ×2');
      await waitFor(() => a2.state === 'Backup' && b2.state === 'Backup', 5000, 'h2 Backup ×2');
      b1.setTracker('chk', false);
      expect([a1.state, b1.state]).toEqual(['Fault', 'Fault']);
      await waitFor(() => a2.state === 'Master' && b2.state === 'Master', 3000, 'h2 Master ×2');
      await Promise.all([a1.settled(), b1.settled(), a2.settled(), b2.settled()]);
      await expectHolders(lab, '192.0.2.101', ['h2']);
      await expectHolders(lab, '192.0.2.102', ['h2']);
      b1.setTracker('chk', true);
      expect([a1.state, b1.state]).toEqual(['Backup', 'Backup']);
      await waitFor(() => a1.state === 'Master' && b1.state === 'Master', 3000, 'h1 Master ×2 again');
      await waitFor(() => a2.state === 'Backup' && b2.state === 'Backup', 3000, 'h2 Backup ×2 again');
      await Promise.all([a1.settled(), b1.settled()]);
      await expectHolders(lab, '192.0.2.101', ['h1']);
      await expectHolders(lab, '192.0.2.102', ['h1']);
    } finally {
      await Promise.all([a1, b1, a2, b2].map((r) => r.close()));
    }
    await expectHolders(lab, '192.0.2.101', []);
  });

  it('rejects an unknown interface with a typed error', async () => {
    await expect(
      Router.start({
        interface: 'nope0',
        netns: h1.ns,
        stateDir: false,
        instance: { vrid: 1, priority: 100, addresses: ['192.0.2.1'] },
      }),
    ).rejects.toMatchObject({ code: 'ERR_ROUTER_NO_INTERFACE' });
  });
});
