import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AttributeDecoder,
  AttributeEncoder,
  decodeAddress,
  decodeAttributes,
  decodeError,
  decodeLink,
  decodeMessages,
  encodeMessage,
  encodeMessages,
  NLA_F,
} from '../src/index.js';

describe('message framing', () => {
  it('encodes a header byte-exactly and pads to 4', () => {
    const b = encodeMessage({
      type: 22,
      flags: 0x301,
      seq: 7,
      pid: 0,
      payload: Buffer.from([2, 0, 0, 0, 0]),
    });
    expect(b.toString('hex')).toBe('150000001600010307000000000000000200000000000000');
    expect(b.length).toBe(24);
  });

  it('decodes a batch and keeps the messages before a malformed one', () => {
    const one = encodeMessage({ type: 16, flags: 2, seq: 1, pid: 9, payload: Buffer.alloc(3, 1) });
    const two = encodeMessage({ type: 3, flags: 2, seq: 1, pid: 9, payload: Buffer.alloc(4) });
    const { messages, error } = decodeMessages(Buffer.concat([one, two, Buffer.from([1, 2, 3])]));
    expect(messages.map((m) => m.type)).toEqual([16, 3]);
    expect(messages[0]!.payload).toEqual(Buffer.alloc(3, 1));
    expect(error?.code).toBe('ERR_NETLINK_DECODE');
    expect(decodeMessages(Buffer.from('ffff0000', 'hex')).error).toBeDefined();
  });

  it('round-trips any messages (property)', () => {
    const msg = fc.record({
      type: fc.integer({ min: 0, max: 0xffff }),
      flags: fc.integer({ min: 0, max: 0xffff }),
      seq: fc.integer({ min: 0, max: 0xffffffff }),
      pid: fc.integer({ min: 0, max: 0xffffffff }),
      payload: fc.uint8Array({ maxLength: 64 }).map((u) => Buffer.from(u)),
    });
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 8 }), (msgs) => {
        const { messages, error } = decodeMessages(encodeMessages(msgs));
        expect(error).toBeUndefined();
        expect(messages).toEqual(msgs);
      }),
    );
  });
});

describe('attributes', () => {
  it('encodes aligned, typed and nested attributes', () => {
    const b = new AttributeEncoder()
      .u8(1, 7)
      .u16(2, 0x1234)
      .u32(3, 0xdeadbeef)
      .string(4, 'eth0')
      .u16be(5, 80)
      .nested(6, (n) => n.u32(1, 5).flag(2))
      .u64(7, 2n ** 40n)
      .encode();
    const d = new AttributeDecoder(b);
    const seen: unknown[] = [];
    while (d.next()) {
      switch (d.type) {
        case 1:
          seen.push(d.u8());
          break;
        case 2:
          seen.push(d.u16());
          break;
        case 3:
          seen.push(d.u32());
          break;
        case 4:
          seen.push(d.string());
          break;
        case 5:
          seen.push(d.u16be());
          break;
        case 6:
          d.nested((n) => {
            while (n.next()) seen.push(n.type === 1 ? n.u32() : n.bytes().length);
          });
          break;
        case 7:
          seen.push(d.u64());
          break;
      }
    }
    expect(d.err).toBeUndefined();
    expect(seen).toEqual([7, 0x1234, 0xdeadbeef, 'eth0', 80, 5, 0, 2n ** 40n]);
    expect(decodeAttributes(b).attributes.find((a) => a.type === 6)?.nested).toBe(true);
    // u8 attribute: 4-byte header + 1 byte, padded to 8
    expect(b.subarray(0, 8).toString('hex')).toBe('0500010007000000');
  });

  it('records a wrong-size read as an error instead of throwing', () => {
    const d = new AttributeDecoder(new AttributeEncoder().u16(1, 5).encode());
    expect(d.next()).toBe(true);
    expect(d.u32()).toBe(0);
    expect(d.err?.message).toMatch(/expected 4 bytes/);
  });

  it('encode∘decode is the identity (property)', () => {
    const attr = fc.record({
      type: fc.integer({ min: 0, max: NLA_F.TYPE_MASK }),
      data: fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)),
    });
    fc.assert(
      fc.property(fc.array(attr, { maxLength: 10 }), (attrs) => {
        const e = new AttributeEncoder();
        for (const a of attrs) e.bytes(a.type, a.data);
        const r = decodeAttributes(e.encode());
        expect(r.error).toBeUndefined();
        expect(r.attributes.map((a) => ({ type: a.type, data: a.data }))).toEqual(attrs);
      }),
    );
  });

  it('random bytes never throw (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (u) => {
        const b = Buffer.from(u);
        decodeMessages(b);
        decodeAttributes(b);
        decodeAddress(b);
        decodeLink(b);
        decodeError({ type: 2, flags: 0x300, seq: 0, pid: 0, payload: b });
        const d = new AttributeDecoder(b);
        while (d.next()) {
          d.u32();
          d.string();
          d.nested((n) => {
            while (n.next()) n.u64();
          });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
