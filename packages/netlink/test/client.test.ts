import { describe, expect, it } from 'vitest';
import { IFA_F, NetlinkConnection, RtnetlinkClient } from '../src/index.js';
import { FakeKernel } from '../src/testing.js';

function setup() {
  const kernel = new FakeKernel();
  const eth0 = kernel.addLink({ name: 'eth0' });
  const client = new RtnetlinkClient(new NetlinkConnection(kernel.transport()));
  return { kernel, eth0, client };
}

describe('RtnetlinkClient against the fake kernel', () => {
  it('lists and gets links', async () => {
    const { client, eth0 } = setup();
    const links = await client.links();
    expect(links.map((l) => l.name)).toEqual(['lo', 'eth0']);
    expect(await client.link('eth0')).toMatchObject({
      index: eth0.index,
      up: true,
      running: true,
      operstate: 'up',
    });
    expect(await client.link(eth0.index)).toMatchObject({ name: 'eth0' });
    await expect(client.link('nope0')).rejects.toMatchObject({ code: 'ENODEV' });
  });

  it('adds, lists and deletes IPv4 (with label) and IPv6 (nodad) addresses', async () => {
    const { client, eth0, kernel } = setup();
    await client.addAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24, label: 'eth0:1' });
    await client.addAddress({ index: eth0.index, address: '2001:db8::10', prefixLength: 64, nodad: true });
    const all = await client.addresses({ index: eth0.index });
    expect(all).toHaveLength(2);
    expect(all.find((a) => a.family === 4)).toMatchObject({ address: '192.0.2.10', label: 'eth0:1' });
    expect(all.find((a) => a.family === 6)!.flags & IFA_F.NODAD).toBe(IFA_F.NODAD);
    expect(await client.addresses({ family: 6 })).toHaveLength(1);
    await expect(
      client.addAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24 }),
    ).rejects.toMatchObject({ code: 'EEXIST', errno: 17 });
    await client.addAddress(
      { index: eth0.index, address: '192.0.2.10', prefixLength: 24 },
      { replace: true },
    );
    await client.deleteAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24 });
    await expect(
      client.deleteAddress({ index: eth0.index, address: '192.0.2.10', prefixLength: 24 }),
    ).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
    await expect(client.addAddress({ index: 99, address: '192.0.2.11' })).rejects.toMatchObject({
      code: 'ENODEV',
    });
    expect(kernel.addresses.size).toBe(1);
  });

  it('validates what it encodes', async () => {
    const { client } = setup();
    await expect(client.addAddress({ index: 2, address: '192.0.2.300' })).rejects.toThrow(RangeError);
    await expect(client.addAddress({ index: 2, address: '2001:db8::1', label: 'x' })).rejects.toThrow(
      /IPv4 only/,
    );
    await expect(client.addAddress({ index: 2, address: '192.0.2.1', prefixLength: 33 })).rejects.toThrow(
      /prefix length/,
    );
  });

  it('sets links up and down', async () => {
    const { client, eth0 } = setup();
    await client.setLinkUp(eth0.index, false);
    expect(await client.link('eth0')).toMatchObject({ up: false, running: false, operstate: 'down' });
    await client.setLinkUp(eth0.index, true);
    expect(await client.link('eth0')).toMatchObject({ up: true, running: true });
  });

  it('batches address operations into one datagram, each settling on its own', async () => {
    const { client, eth0, kernel } = setup();
    const before = kernel.datagrams;
    const results = await client.applyAddresses([
      { add: { index: eth0.index, address: '192.0.2.1', prefixLength: 24 } },
      { add: { index: eth0.index, address: '192.0.2.1', prefixLength: 24 } },
      { add: { index: eth0.index, address: '2001:db8::1', prefixLength: 64, nodad: true } },
      { delete: { index: eth0.index, address: '192.0.2.99', prefixLength: 24 } },
    ]);
    expect(kernel.datagrams - before).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'EEXIST' });
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(kernel.addresses.size).toBe(2);
  });
});
