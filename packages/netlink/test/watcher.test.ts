import { describe, expect, it } from 'vitest';
import { type Address, NetlinkConnection, RtnetlinkClient, RtnetlinkWatcher } from '../src/index.js';
import { FakeKernel } from '../src/testing.js';

function v6(i: number): Address {
  return {
    family: 6,
    index: 2,
    address: `2001:db8:1::${i.toString(16)}`,
    prefixLength: 128,
    flags: 0x82,
    scope: 0,
  };
}

async function started(kernel: FakeKernel, queueLimit?: number) {
  const events = new NetlinkConnection(kernel.transport(queueLimit === undefined ? {} : { queueLimit }));
  const client = new RtnetlinkClient(new NetlinkConnection(kernel.transport()));
  const w = new RtnetlinkWatcher(events, client);
  await w.start();
  return w;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RtnetlinkWatcher against the fake kernel', () => {
  it('loads the state and emits typed link and address events', async () => {
    const kernel = new FakeKernel();
    const eth0 = kernel.addLink({ name: 'eth0' });
    kernel.injectAddress({ ...v6(1), index: eth0.index });
    const w = await started(kernel);
    expect(w.addressesOf(eth0.index)).toHaveLength(1);
    expect(w.linkByName('eth0')?.index).toBe(eth0.index);
    const seen: string[] = [];
    w.on('addressAdded', (a) => seen.push(`+${a.address}`));
    w.on('addressRemoved', (a) => seen.push(`-${a.address}`));
    w.on('linkDown', (l) => seen.push(`down ${l.name}`));
    w.on('linkUp', (l) => seen.push(`up ${l.name}`));
    w.on('carrier', (l, on) => seen.push(`carrier ${l.name} ${on}`));
    const client = new RtnetlinkClient(new NetlinkConnection(kernel.transport()));
    await client.addAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24, label: 'eth0:1' });
    await client.deleteAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24 });
    kernel.setLink(eth0.index, { lowerUp: false });
    kernel.setLink(eth0.index, { lowerUp: true });
    await client.setLinkUp(eth0.index, false);
    await tick();
    await tick();
    expect(seen).toEqual([
      '+192.0.2.10',
      '-192.0.2.10',
      `down eth0`,
      'carrier eth0 false',
      'up eth0',
      'carrier eth0 true',
      'down eth0',
    ]);
    w.close();
    client.close();
  });

  it('survives an overflow of 10,000 events: resyncs and ends with the right address set', async () => {
    const kernel = new FakeKernel();
    kernel.addLink({ name: 'eth0', index: 2 });
    const w = await started(kernel, 64);
    let overflows = 0;
    let resyncs = 0;
    w.on('overflow', () => overflows++);
    w.on('resync', () => resyncs++);
    for (let i = 1; i <= 7500; i++) kernel.injectAddress(v6(i));
    for (let i = 1; i <= 2500; i++) kernel.removeAddress(v6(i * 3));
    for (let i = 0; i < 20 && (resyncs === 0 || w.addresses.size !== kernel.addresses.size); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(overflows).toBeGreaterThanOrEqual(1);
    expect(resyncs).toBeGreaterThanOrEqual(1);
    expect(w.addresses.size).toBe(5000);
    expect([...w.addresses.keys()].sort()).toEqual([...kernel.addresses.keys()].sort());
    w.close();
  });

  it('emits the difference found by a resync', async () => {
    const kernel = new FakeKernel();
    kernel.addLink({ name: 'eth0', index: 2 });
    kernel.injectAddress(v6(1));
    const w = await started(kernel, 1);
    const added: string[] = [];
    const removed: string[] = [];
    w.on('addressAdded', (a) => added.push(a.address));
    w.on('addressRemoved', (a) => removed.push(a.address));
    const summary = new Promise<{ addressesAdded: Address[] }>((r) => w.once('resync', r));
    // Change the table behind the watcher's back, then overflow its queue.
    kernel.addresses.clear();
    kernel.addresses.set('2/2001:db8:1::2/128', v6(2));
    kernel.injectAddress(v6(3));
    kernel.injectAddress(v6(4));
    kernel.injectAddress(v6(5));
    const s = await summary;
    expect(s.addressesAdded.map((a) => a.address).sort()).toEqual([
      '2001:db8:1::2',
      '2001:db8:1::4',
      '2001:db8:1::5',
    ]);
    expect(removed).toContain('2001:db8:1::1');
    expect([...w.addresses.values()].map((a) => a.address).sort()).toEqual(
      ['2001:db8:1::2', '2001:db8:1::3', '2001:db8:1::4', '2001:db8:1::5'].sort(),
    );
    w.close();
  });

  it('dumps only the watched families', async () => {
    const kernel = new FakeKernel();
    kernel.addLink({ name: 'eth0', index: 2 });
    kernel.injectAddress(v6(1));
    kernel.injectAddress({
      family: 4,
      index: 2,
      address: '192.0.2.1',
      prefixLength: 24,
      flags: 0x80,
      scope: 0,
    });
    const events = new NetlinkConnection(kernel.transport());
    const client = new RtnetlinkClient(new NetlinkConnection(kernel.transport()));
    const w = new RtnetlinkWatcher(events, client, { ipv6: false });
    await w.start();
    expect([...w.addresses.values()].map((a) => a.address)).toEqual(['192.0.2.1']);
    kernel.injectAddress(v6(2));
    await tick();
    expect(w.addresses.size).toBe(1);
    w.close();
  });
});
