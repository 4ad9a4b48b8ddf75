import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeAddress,
  decodeError,
  decodeFamily,
  decodeLink,
  decodeMessages,
  encodeAddress,
  encodeMessage,
  IFA_F,
  NLM_F,
  NLMSG,
  RTM,
} from '../src/index.js';

/** A datagram captured from the real kernel by scripts/capture-fixtures.ts. */
function fixture(name: string): Buffer {
  return Buffer.from(readFileSync(new URL(`fixtures/${name}.hex`, import.meta.url), 'utf8').trim(), 'hex');
}

function only(name: string) {
  const { messages, error } = decodeMessages(fixture(name));
  expect(error).toBeUndefined();
  expect(messages.length).toBeGreaterThanOrEqual(1);
  return messages;
}

describe('kernel fixtures (captured in a namespace, byte-exact)', () => {
  it('our RTM_NEWADDR request is byte-identical to the committed one', () => {
    const bytes = encodeMessage({
      type: RTM.NEWADDR,
      flags: NLM_F.REQUEST | NLM_F.ACK | NLM_F.CREATE | NLM_F.EXCL,
      seq: 1,
      pid: 0,
      payload: encodeAddress({ index: 3, address: '192.0.2.10', prefixLength: 24, label: 'hask0:1' }),
    });
    expect(bytes.toString('hex')).toBe(fixture('request-newaddr-v4-label').toString('hex'));
  });

  it('decodes an IPv4 RTM_NEWADDR notification with a label', () => {
    const [m] = only('newaddr-v4-label');
    expect(m!.type).toBe(RTM.NEWADDR);
    const r = decodeAddress(m!.payload);
    expect(r.address).toEqual({
      family: 4,
      index: 3,
      address: '192.0.2.10',
      prefixLength: 24,
      label: 'hask0:1',
      broadcast: undefined,
      flags: IFA_F.PERMANENT,
      scope: 0,
    });
  });

  it('decodes an IPv6 RTM_NEWADDR with nodad', () => {
    const [m] = only('newaddr-v6-nodad');
    const a = decodeAddress(m!.payload).address!;
    expect(a).toMatchObject({ family: 6, address: '2001:db8::10', prefixLength: 64, index: 3 });
    expect(a.flags & IFA_F.NODAD).toBe(IFA_F.NODAD);
    expect(a.flags & IFA_F.PERMANENT).toBe(IFA_F.PERMANENT);
  });

  it('decodes an ack and an EEXIST error with the kernel extack string', () => {
    const [ack] = only('ack');
    expect(ack!.type).toBe(NLMSG.ERROR);
    expect(decodeError(ack!)).toEqual({ errno: 0, requestType: RTM.NEWADDR, extack: {} });
    const [err] = only('error-eexist-extack');
    const s = decodeError(err!);
    expect(s.errno).toBe(17);
    expect(s.requestType).toBe(RTM.NEWADDR);
    expect(s.extack.message).toBe('ipv4: Address already assigned');
  });

  it('decodes RTM_NEWLINK of a veth', () => {
    const [m] = only('newlink-veth');
    const l = decodeLink(m!.payload).link!;
    expect(l).toMatchObject({ name: 'hask0', index: 3, kind: 'veth', mac: '02:00:5e:00:01:01', mtu: 1500 });
    expect(l.up).toBe(true);
  });

  it('decodes the nlctrl family with its groups and operations', () => {
    const [m] = only('ctrl-newfamily-nlctrl');
    const f = decodeFamily(m!).family!;
    expect(f.id).toBe(0x10);
    expect(f.name).toBe('nlctrl');
    expect(f.groups.get('notify')).toBe(0x10);
    expect(f.operations.has(3)).toBe(true);
  });
});
