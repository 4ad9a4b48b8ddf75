import { describe, expect, it } from 'vitest';
import { interfaceInfo, interfaceName, NetlinkSocket, SocketClosedError, SocketError } from '../src/index.js';

/** A RTM_GETLINK dump request (nlmsghdr + ifinfomsg), little-endian host. */
function getlinkDump(seq: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(32, 0);
  b.writeUInt16LE(18, 4);
  b.writeUInt16LE(0x301, 6);
  b.writeUInt32LE(seq, 8);
  return b;
}

describe('NetlinkSocket (no root needed)', () => {
  it('dumps links and reads every datagram up to NLMSG_DONE', async () => {
    await using s = NetlinkSocket.open(0);
    expect(s.portId).toBeGreaterThan(0);
    const types: number[] = [];
    const done = new Promise<void>((resolve) => {
      s.on('message', (d, from) => {
        expect(from.pid).toBe(0);
        for (let off = 0; off < d.length; ) {
          const len = d.readUInt32LE(off);
          types.push(d.readUInt16LE(off + 4));
          off += (len + 3) & ~3;
        }
        if (types.includes(3)) resolve();
      });
    });
    s.send(getlinkDump(42));
    await done;
    expect(types.filter((t) => t === 16).length).toBeGreaterThanOrEqual(1);
  });

  it('can be closed from inside a message handler, mid-batch', async () => {
    const s = NetlinkSocket.open(0);
    let seen = 0;
    const closed = new Promise<void>((resolve) => s.on('close', resolve));
    s.on('message', () => {
      seen++;
      s.close();
    });
    s.send(getlinkDump(7));
    await closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toBe(1);
  });

  it('closes: fd -1, close event, sends throw SocketClosedError', () => {
    const s = NetlinkSocket.open(0);
    let closed = 0;
    s.on('close', () => closed++);
    expect(s.fd).toBeGreaterThan(2);
    s.close();
    s.close();
    expect(closed).toBe(1);
    expect(s.closed).toBe(true);
    expect(s.fd).toBe(-1);
    expect(() => s.send(getlinkDump(1))).toThrow(SocketClosedError);
    try {
      s.send(getlinkDump(1));
    } catch (e) {
      expect((e as SocketClosedError).code).toBe('ERR_SOCKET_CLOSED');
    }
  });

  it('joins and leaves groups; errors carry errno and code', () => {
    using s = NetlinkSocket.open(0, { groups: [1, 5, 9], rcvbuf: 1 << 20 });
    s.dropMembership(9);
    try {
      s.addMembership(100_000);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SocketError);
      expect((e as SocketError).code).toBe('EINVAL');
      expect((e as SocketError).errno).toBe(22);
    }
  });

  it('looks up interfaces', () => {
    const lo = interfaceInfo('lo');
    expect(lo.index).toBe(1);
    expect(lo.mac).toBe('00:00:00:00:00:00');
    expect(lo.mtu).toBeGreaterThan(0);
    expect(interfaceName(1)).toBe('lo');
    expect(() => interfaceInfo('hask-nope0')).toThrow(expect.objectContaining({ code: 'ENODEV', errno: 19 }));
  });

  it('rejects an unknown namespace with a typed error', () => {
    expect(() => NetlinkSocket.open(0, { netns: 'hask-does-not-exist' })).toThrow(
      expect.objectContaining({ code: 'ENOENT' }),
    );
  });
});
