import { SocketClosedError } from '@ha/socket';
import { describe, expect, it } from 'vitest';
import {
  decodeMessages,
  encodeMessage,
  NetlinkConnection,
  NetlinkError,
  NetlinkTimeoutError,
  type NetlinkTransport,
  NLM_F,
  NLMSG,
  RTM,
  type TransportHandlers,
} from '../src/index.js';
import { FakeKernel } from '../src/testing.js';

/** A transport whose replies the test writes by hand. */
class ScriptedTransport implements NetlinkTransport {
  readonly portId = 77;
  handlers: TransportHandlers | undefined;
  readonly sent: Buffer[] = [];
  closed = false;
  send(d: Buffer): void {
    this.sent.push(d);
  }
  attach(h: TransportHandlers): void {
    this.handlers = h;
  }
  addMembership(): void {}
  dropMembership(): void {}
  close(): void {
    this.closed = true;
  }
  lastSeq(): number {
    return decodeMessages(this.sent.at(-1)!).messages[0]!.seq;
  }
  reply(...m: Parameters<typeof encodeMessage>[0][]): void {
    this.handlers!.message(Buffer.concat(m.map(encodeMessage)), { pid: 0, groups: 0 });
  }
}

const tick = () => new Promise((r) => setImmediate(r));

function errPayload(errno: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeInt32LE(-errno, 0);
  return b;
}

describe('NetlinkConnection', () => {
  it('correlates replies by sequence and ignores foreign ones', async () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t);
    const notes: number[] = [];
    c.on('notification', (m) => notes.push(m.type));
    const p = c.request({ type: RTM.GETLINK, payload: Buffer.alloc(16) });
    const seq = t.lastSeq();
    const sent = decodeMessages(t.sent[0]!).messages[0]!;
    expect(sent.flags).toBe(NLM_F.REQUEST | NLM_F.ACK);
    t.reply(
      { type: RTM.NEWLINK, flags: 0, seq: seq + 1000, pid: 77, payload: Buffer.alloc(16) },
      { type: RTM.NEWLINK, flags: 0, seq, pid: 77, payload: Buffer.alloc(16, 1) },
      { type: NLMSG.ERROR, flags: 0x100, seq, pid: 77, payload: errPayload(0) },
    );
    const replies = await p;
    expect(replies).toHaveLength(1);
    expect(replies[0]!.payload[0]).toBe(1);
    expect(notes).toEqual([RTM.NEWLINK]);
  });

  it('collects a multi-part dump up to NLMSG_DONE, across datagrams', async () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t);
    const p = c.dump(RTM.GETADDR, Buffer.alloc(8));
    await tick();
    const seq = t.lastSeq();
    expect(decodeMessages(t.sent[0]!).messages[0]!.flags).toBe(NLM_F.REQUEST | NLM_F.DUMP);
    t.reply({ type: RTM.NEWADDR, flags: NLM_F.MULTI, seq, pid: 77, payload: Buffer.alloc(8) });
    t.reply(
      { type: RTM.NEWADDR, flags: NLM_F.MULTI, seq, pid: 77, payload: Buffer.alloc(8) },
      { type: NLMSG.DONE, flags: NLM_F.MULTI, seq, pid: 77, payload: Buffer.alloc(4) },
    );
    expect(await p).toHaveLength(2);
  });

  it('retries an interrupted dump', async () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t);
    const p = c.dump(RTM.GETADDR, Buffer.alloc(8));
    await tick();
    let seq = t.lastSeq();
    t.reply(
      { type: RTM.NEWADDR, flags: NLM_F.MULTI | NLM_F.DUMP_INTR, seq, pid: 77, payload: Buffer.alloc(8) },
      { type: NLMSG.DONE, flags: NLM_F.MULTI, seq, pid: 77, payload: Buffer.alloc(4) },
    );
    await new Promise((r) => setImmediate(r));
    expect(t.sent).toHaveLength(2);
    seq = t.lastSeq();
    t.reply({ type: NLMSG.DONE, flags: NLM_F.MULTI, seq, pid: 77, payload: Buffer.alloc(4) });
    expect(await p).toEqual([]);
  });

  it('turns errno into a typed NetlinkError with code', async () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t);
    const p = c.request({ type: RTM.NEWADDR, payload: Buffer.alloc(8) });
    t.reply({ type: NLMSG.ERROR, flags: 0, seq: t.lastSeq(), pid: 77, payload: errPayload(1) });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ code: 'EPERM', errno: 1, requestType: RTM.NEWADDR });
  });

  it('times out, and rejects pending requests with ERR_SOCKET_CLOSED on close', async () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t, { timeoutMs: 20 });
    await expect(c.request({ type: RTM.GETLINK, payload: Buffer.alloc(16) })).rejects.toBeInstanceOf(
      NetlinkTimeoutError,
    );
    const c2 = new NetlinkConnection(new ScriptedTransport(), { timeoutMs: 0 });
    const pending = c2.request({ type: RTM.GETLINK, payload: Buffer.alloc(16) });
    c2.close();
    await expect(pending).rejects.toBeInstanceOf(SocketClosedError);
    await expect(c2.request({ type: RTM.GETLINK, payload: Buffer.alloc(16) })).rejects.toMatchObject({
      code: 'ERR_SOCKET_CLOSED',
    });
  });

  it('reports malformed datagrams as error events and keeps going', () => {
    const t = new ScriptedTransport();
    const c = new NetlinkConnection(t);
    const errors: Error[] = [];
    c.on('error', (e) => errors.push(e));
    t.handlers!.message(Buffer.from([1, 2, 3, 4, 5]), { pid: 0, groups: 0 });
    expect(errors).toHaveLength(1);
  });

  it('runs against the fake kernel: extended-ack messages in errors', async () => {
    const k = new FakeKernel();
    const c = new NetlinkConnection(k.transport());
    const err = await c.request({ type: 999, payload: Buffer.alloc(4) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EOPNOTSUPP', extack: { message: 'message type 999 not supported' } });
  });
});
