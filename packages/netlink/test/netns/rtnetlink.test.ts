import { interfaceInfo, NetlinkSocket } from '@ha/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab } from '../../../socket/test/helpers/netns.js';
import {
  addressKey,
  IFA_F,
  NETLINK_GENERIC,
  NetlinkConnection,
  NetlinkError,
  RTNLGRP,
  RtnetlinkClient,
  RtnetlinkWatcher,
  resolveFamily,
} from '../../src/index.js';

const lab = new NetnsLab();
let ns = '';
let peerNs = '';
let ifA = '';
let ifB = '';
let index = 0;

beforeAll(() => {
  ns = lab.addNamespace();
  peerNs = lab.addNamespace();
  [ifA, ifB] = lab.veth(ns, peerNs);
  index = interfaceInfo(ifA, { netns: ns }).index;
});

afterAll(() => lab.cleanup());

function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const iv = setInterval(() => {
      if (cond()) {
        clearInterval(iv);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(iv);
        reject(new Error('timed out waiting'));
      }
    }, 5);
  });
}

describe('rtnetlink against the real kernel (in a namespace)', () => {
  it('adds, lists and deletes IPv4 with a label and IPv6 with nodad', async () => {
    await using c = RtnetlinkClient.open({ netns: ns });
    await c.addAddress({ index, address: '192.0.2.10', prefixLength: 24, label: `${ifA}:1` });
    await c.addAddress({ index, address: '2001:db8::10', prefixLength: 64, nodad: true });
    const list = await c.addresses({ index });
    const v4 = list.find((a) => a.address === '192.0.2.10');
    const v6 = list.find((a) => a.address === '2001:db8::10');
    expect(v4).toMatchObject({ family: 4, prefixLength: 24, label: `${ifA}:1` });
    expect(v4!.broadcast).toBeUndefined();
    expect(v6!.flags & IFA_F.NODAD).toBe(IFA_F.NODAD);
    expect(v6!.flags & IFA_F.TENTATIVE).toBe(0);
    expect(lab.exec(ns, 'ip', 'addr', 'show', 'dev', ifA)).toContain(`192.0.2.10/24 scope global ${ifA}:1`);
    await c.deleteAddress({ index, address: '192.0.2.10', prefixLength: 24 });
    await c.deleteAddress({ index, address: '2001:db8::10', prefixLength: 64 });
    expect((await c.addresses({ index })).map((a) => a.address)).not.toContain('192.0.2.10');
  });

  it('reports EEXIST, EADDRNOTAVAIL and ENODEV as typed errors with the kernel message', async () => {
    await using c = RtnetlinkClient.open({ netns: ns });
    await c.addAddress({ index, address: '198.51.100.1', prefixLength: 24 });
    const dup = await c
      .addAddress({ index, address: '198.51.100.1', prefixLength: 24 })
      .catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect(dup).toMatchObject({ code: 'EEXIST', errno: 17 });
    expect((dup as NetlinkError).extack.message).toMatch(/already/i);
    await c.deleteAddress({ index, address: '198.51.100.1', prefixLength: 24 });
    await expect(c.deleteAddress({ index, address: '198.51.100.1', prefixLength: 24 })).rejects.toMatchObject(
      {
        code: 'EADDRNOTAVAIL',
      },
    );
    await expect(c.link('hask-none0')).rejects.toMatchObject({ code: 'ENODEV' });
    await expect(c.addAddress({ index: 9999, address: '198.51.100.2' })).rejects.toMatchObject({
      code: 'ENODEV',
    });
  });

  it('emits link down / up and carrier events', async () => {
    await using w = await RtnetlinkWatcher.open({ netns: ns });
    await using c = RtnetlinkClient.open({ netns: ns });
    const seen: string[] = [];
    w.on('linkDown', (l) => l.index === index && seen.push('down'));
    w.on('linkUp', (l) => l.index === index && seen.push('up'));
    w.on('carrier', (l, on) => l.index === index && seen.push(`carrier ${on}`));
    await c.setLinkUp(index, false);
    await waitFor(() => seen.includes('down'));
    await c.setLinkUp(index, true);
    await waitFor(() => seen.includes('up'));
    lab.exec(peerNs, 'ip', 'link', 'set', ifB, 'down');
    await waitFor(() => seen.includes('carrier false'));
    lab.exec(peerNs, 'ip', 'link', 'set', ifB, 'up');
    await waitFor(() => seen.includes('carrier true'));
    expect(seen.indexOf('down')).toBeLessThan(seen.indexOf('up'));
    expect(w.links.get(index)?.name).toBe(ifA);
  });

  it('the raw socket reports ENOBUFS as an overflow event and keeps running', async () => {
    const s = NetlinkSocket.open(0, { netns: ns, groups: [RTNLGRP.IPV4_IFADDR], rcvbuf: 1024 });
    let overflows = 0;
    let messages = 0;
    s.on('overflow', () => overflows++);
    s.on('message', () => messages++);
    await using c = RtnetlinkClient.open({ netns: ns, rcvbuf: 1 << 22 });
    const addr = (i: number) => ({ index, address: `203.0.113.${i}`, prefixLength: 32 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => c.addAddress(addr(i + 1))));
    await waitFor(() => overflows > 0);
    await Promise.all(Array.from({ length: 100 }, (_, i) => c.deleteAddress(addr(i + 1))));
    await waitFor(() => overflows > 1);
    expect(messages).toBeGreaterThan(0);
    expect(s.closed).toBe(false);
    s.close();
  });

  it('a flood of 10,000 address events overflows the watcher, which resyncs to the right set', async () => {
    await using w = await RtnetlinkWatcher.open({ netns: ns, rcvbuf: 4096, links: false, ipv6: false });
    await using c = RtnetlinkClient.open({ netns: ns, rcvbuf: 1 << 22 });
    let overflows = 0;
    let resyncs = 0;
    w.on('overflow', () => overflows++);
    w.on('resync', () => resyncs++);
    const addr = (i: number) => ({ index, address: `203.0.113.${i}`, prefixLength: 32, label: `${ifA}:f` });
    const start = Date.now();
    // 20 rounds of 250 adds and 250 deletes = 10,000 events, then 100 adds that stay.
    for (let round = 0; round < 20; round++) {
      await Promise.all(Array.from({ length: 250 }, (_, i) => c.addAddress(addr(i + 1))));
      await Promise.all(Array.from({ length: 250 }, (_, i) => c.deleteAddress(addr(i + 1))));
    }
    await Promise.all(Array.from({ length: 100 }, (_, i) => c.addAddress(addr(i + 1))));
    const elapsed = Date.now() - start;
    const truth = new Set((await c.addresses({ index, family: 4 })).map(addressKey));
    const mine = () => new Set(w.addressesOf(index).map(addressKey));
    await waitFor(() => resyncs > 0 && mine().size === truth.size, 30_000).catch((e: unknown) => {
      console.log('state', {
        overflows,
        resyncs,
        mine: mine().size,
        truth: truth.size,
        ms: Date.now() - start,
      });
      throw e;
    });
    console.log(
      `10,100 address events in ${elapsed} ms: ${overflows} overflow(s), ${resyncs} resync(s), ` +
        `${truth.size} IPv4 addresses at the end`,
    );
    expect(overflows).toBeGreaterThanOrEqual(1);
    expect([...mine()].sort()).toEqual([...truth].sort());
    expect(w.addressesOf(index).filter((a) => a.label === `${ifA}:f`)).toHaveLength(100);
  });

  it('batches operations: one sendmsg per ~64 KiB, each answered on its own (reports ops/s)', async () => {
    await using c = RtnetlinkClient.open({ netns: ns, rcvbuf: 1 << 22 });
    const addr = (i: number) => ({ index, address: `198.51.100.${i}`, prefixLength: 32 });
    const n = 250;
    let t = process.hrtime.bigint();
    for (let i = 1; i <= n; i++) await c.addAddress(addr(i));
    for (let i = 1; i <= n; i++) await c.deleteAddress(addr(i));
    const oneByOne = Number(process.hrtime.bigint() - t) / 1e9;
    t = process.hrtime.bigint();
    const added = await c.applyAddresses(Array.from({ length: n }, (_, i) => ({ add: addr(i + 1) })));
    const deleted = await c.applyAddresses(Array.from({ length: n }, (_, i) => ({ delete: addr(i + 1) })));
    const batched = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(
      `${2 * n} address operations: one by one ${Math.round((2 * n) / oneByOne)} ops/s, ` +
        `batched ${Math.round((2 * n) / batched)} ops/s`,
    );
    expect(added.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(deleted.every((r) => r.status === 'fulfilled')).toBe(true);
    const dup = await c.applyAddresses([{ add: addr(1) }, { add: addr(1) }, { delete: addr(1) }]);
    expect(dup.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('resolves generic-netlink families (nlctrl; IPVS when the module is there)', async () => {
    await using g = NetlinkConnection.open(NETLINK_GENERIC, { netns: ns });
    const ctrl = await resolveFamily(g, 'nlctrl');
    expect(ctrl.id).toBe(0x10);
    expect(ctrl.groups.get('notify')).toBeGreaterThan(0);
    const ipvs = await resolveFamily(g, 'IPVS').catch((e: unknown) => e);
    if (ipvs instanceof NetlinkError) expect(ipvs.code).toBe('ENOENT');
    else expect(ipvs).toMatchObject({ name: 'IPVS' });
  });
});
