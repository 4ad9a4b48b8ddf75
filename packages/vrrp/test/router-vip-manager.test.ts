/**
 * VipManager against @ha/netlink's fake kernel: ownership, write-ahead state file, crash
 * recovery, addresses it does not own left alone.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetlinkConnection, RtnetlinkClient } from '@ha/netlink';
import { FakeKernel } from '@ha/netlink/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parseVirtualAddress, VipManager } from '../src/router/vip-manager.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(): { kernel: FakeKernel; client: RtnetlinkClient; index: number; file: string } {
  const kernel = new FakeKernel();
  const index = kernel.addLink({ name: 'eth0' }).index;
  const client = new RtnetlinkClient(new NetlinkConnection(kernel.transport()));
  const dir = mkdtempSync(join(tmpdir(), 'hav-vip-'));
  dirs.push(dir);
  return { kernel, client, index, file: join(dir, 'VI_1.json') };
}

const present = (k: FakeKernel): string[] =>
  [...k.addresses.values()].map((a) => `${a.address}/${a.prefixLength}`);

describe('parseVirtualAddress', () => {
  it('defaults to /32 and /128 and rejects bad prefixes', () => {
    expect(parseVirtualAddress('192.0.2.100')).toEqual({ address: '192.0.2.100', prefixLength: 32 });
    expect(parseVirtualAddress('192.0.2.100/24')).toEqual({ address: '192.0.2.100', prefixLength: 24 });
    expect(parseVirtualAddress('2001:db8::100')).toEqual({ address: '2001:db8::100', prefixLength: 128 });
    expect(() => parseVirtualAddress('192.0.2.1/33')).toThrow(
      expect.objectContaining({ code: 'ERR_ROUTER_CONFIG' }),
    );
  });
});

describe('VipManager', () => {
  it('adds, records, removes only what it owns', async () => {
    const { kernel, client, index, file } = setup();
    const m = VipManager.open({ ifname: 'eth0', ifindex: index, stateFile: file, client, label: 'eth0:vip' });
    await client.addAddress({ index, address: '192.0.2.50', prefixLength: 24 }); // configured by hand
    const added = await m.add([
      { address: '192.0.2.100', prefixLength: 24 },
      { address: '192.0.2.50', prefixLength: 24 },
    ]);
    expect(added).toEqual(['192.0.2.100']);
    expect(m.owned.map((a) => a.address)).toEqual(['192.0.2.100']);
    expect(JSON.parse(readFileSync(file, 'utf8')).addresses).toEqual([
      { address: '192.0.2.100', prefixLength: 24 },
    ]);
    const label = [...kernel.addresses.values()].find((a) => a.address === '192.0.2.100')?.label;
    expect(label).toBe('eth0:vip');
    expect(await m.remove(['192.0.2.100', '192.0.2.50'])).toEqual(['192.0.2.100']);
    expect(present(kernel)).toEqual(['192.0.2.50/24']);
    expect(() => readFileSync(file)).toThrow();
  });

  it('a new manager removes the VIPs a crashed one left (state file)', async () => {
    const { kernel, client, index, file } = setup();
    const crashed = VipManager.open({ ifname: 'eth0', ifindex: index, stateFile: file, client });
    await crashed.add([
      { address: '2001:db8::100', prefixLength: 64 },
      { address: '192.0.2.100', prefixLength: 32 },
    ]);
    const nodad = [...kernel.addresses.values()].find((a) => a.address === '2001:db8::100')?.flags ?? 0;
    expect(nodad & 0x02).toBe(0x02);
    // no remove(): the process died
    const next = VipManager.open({ ifname: 'eth0', ifindex: index, stateFile: file, client });
    expect((await next.removeStale()).sort()).toEqual(['192.0.2.100', '2001:db8::100']);
    expect(present(kernel)).toEqual([]);
    expect(await next.removeStale()).toEqual([]);
  });

  it('without a state file nothing is recovered', async () => {
    const { kernel, client, index } = setup();
    const m = VipManager.open({ ifname: 'eth0', ifindex: index, stateFile: false, client });
    await m.add([{ address: '192.0.2.100', prefixLength: 32 }]);
    expect(
      await VipManager.open({ ifname: 'eth0', ifindex: index, stateFile: false, client }).removeStale(),
    ).toEqual([]);
    expect(present(kernel)).toEqual(['192.0.2.100/32']);
  });

  it('kernel refusal is a typed error and the address is not owned', async () => {
    const { client, file } = setup();
    const m = VipManager.open({ ifname: 'eth9', ifindex: 99, stateFile: file, client });
    await expect(m.add([{ address: '192.0.2.100', prefixLength: 32 }])).rejects.toMatchObject({
      code: 'ERR_ROUTER_VIP',
    });
    expect(m.owned).toEqual([]);
  });
});
