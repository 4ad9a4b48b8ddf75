import { describe, expect, it } from 'vitest';
import {
  genericRequest,
  listFamilies,
  NETLINK_GENERIC,
  NetlinkConnection,
  resolveFamily,
} from '../src/index.js';
import { FakeKernel } from '../src/testing.js';

describe('generic netlink family resolution (fake kernel)', () => {
  it('resolves a family and its multicast groups by name', async () => {
    const kernel = new FakeKernel();
    kernel.addFamily({
      id: 0x22,
      name: 'IPVS',
      version: 1,
      headerSize: 0,
      maxAttr: 9,
      groups: new Map(),
      operations: new Map([[1, 0]]),
    });
    kernel.addFamily({
      id: 0x23,
      name: 'hask_test',
      version: 2,
      headerSize: 0,
      maxAttr: 3,
      groups: new Map([['events', 7]]),
      operations: new Map(),
    });
    const c = new NetlinkConnection(kernel.transport({ protocol: NETLINK_GENERIC }));
    const ipvs = await resolveFamily(c, 'IPVS');
    expect(ipvs).toMatchObject({ id: 0x22, name: 'IPVS', version: 1, maxAttr: 9 });
    expect((await resolveFamily(c, 'hask_test')).groups.get('events')).toBe(7);
    await expect(resolveFamily(c, 'nope')).rejects.toMatchObject({ code: 'ENOENT', errno: 2 });
    expect((await listFamilies(c)).map((f) => f.name).sort()).toEqual(['IPVS', 'hask_test', 'nlctrl']);
    c.close();
  });
});

describe('genericRequest', () => {
  it('sends a command to a family and decodes the replies', async () => {
    const kernel = new FakeKernel();
    const c = new NetlinkConnection(kernel.transport({ protocol: NETLINK_GENERIC }));
    const ctrl = await resolveFamily(c, 'nlctrl');
    const replies = await genericRequest(c, ctrl.id, 3, 1, Buffer.alloc(0), { dump: true });
    expect(replies.length).toBe(1);
    expect(replies[0]!.cmd).toBe(1);
    c.close();
  });
});
