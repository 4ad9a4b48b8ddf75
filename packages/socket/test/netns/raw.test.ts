import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ETH_P,
  IPPROTO,
  interfaceInfo,
  PacketSocket,
  type RawMessageInfo,
  RawSocket,
  SocketClosedError,
} from '../../src/index.js';
import { NetnsLab } from '../helpers/netns.js';

const lab = new NetnsLab();
let nsA = '';
let nsB = '';
let ifA = '';
let ifB = '';

function nextMessage(s: RawSocket): Promise<[Buffer, RawMessageInfo]> {
  return new Promise((resolve) => s.once('message', (p, info) => resolve([p, info])));
}

/** A VRRPv3 advertisement's size with one IPv4 address: 8 + 4 bytes; v2 adds 8 auth bytes. */
const ADVERT = Buffer.from('3101640100640000c0000264', 'hex');

beforeAll(() => {
  nsA = lab.addNamespace();
  nsB = lab.addNamespace();
  // No DAD: the link-local addresses are usable at once (VRRPv3/IPv6 sources are link-local).
  for (const ns of [nsA, nsB])
    lab.exec(ns, 'sh', '-c', 'echo 0 > /proc/sys/net/ipv6/conf/default/accept_dad');
  [ifA, ifB] = lab.veth(nsA, nsB);
  lab.exec(nsA, 'ip', 'addr', 'add', '192.0.2.1/24', 'dev', ifA);
  lab.exec(nsB, 'ip', 'addr', 'add', '192.0.2.2/24', 'dev', ifB);
  lab.exec(nsA, 'ip', '-6', 'addr', 'add', '2001:db8::1/64', 'dev', ifA, 'nodad');
  lab.exec(nsB, 'ip', '-6', 'addr', 'add', '2001:db8::2/64', 'dev', ifB, 'nodad');
  lab.exec(nsA, 'sh', '-c', "echo '0 2147483647' > /proc/sys/net/ipv4/ping_group_range");
});

afterAll(() => lab.cleanup());

describe('RawSocket between two namespaces', () => {
  it('IPv4 VRRP multicast: TTL 255, ifindex, destination, payload offset', async () => {
    const b = interfaceInfo(ifB, { netns: nsB });
    const a = interfaceInfo(ifA, { netns: nsA });
    await using rx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsB, device: ifB });
    rx.joinMulticast('224.0.0.18', b.index);
    await using tx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsA, receive: false });
    tx.setMulticastTtl(255);
    tx.setMulticastInterface(a.index);
    tx.setMulticastLoop(false);
    const got = nextMessage(rx);
    expect(tx.send(ADVERT, '224.0.0.18')).toBe(ADVERT.length);
    const [payload, info] = await got;
    expect(payload).toEqual(ADVERT);
    expect(info).toMatchObject({
      source: '192.0.2.1',
      destination: '224.0.0.18',
      ttl: 255,
      ifindex: b.index,
      ifname: ifB,
      payloadOffset: 20,
    });
    expect(info.packet.length).toBe(20 + ADVERT.length);
  });

  it('IPv4 unicast TTL and bind to address', async () => {
    await using rx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsB });
    await using tx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsA, receive: false });
    tx.bind('192.0.2.1');
    tx.setTtl(255);
    const got = nextMessage(rx);
    tx.send(ADVERT, '192.0.2.2');
    const [, info] = await got;
    expect(info).toMatchObject({ source: '192.0.2.1', destination: '192.0.2.2', ttl: 255 });
  });

  it('IPv6 VRRPv3 multicast: kernel checksum at offset 6, hop limit, link-local source with scope', async () => {
    const b = interfaceInfo(ifB, { netns: nsB });
    const a = interfaceInfo(ifA, { netns: nsA });
    await using rx = RawSocket.open({ family: 6, protocol: IPPROTO.VRRP, netns: nsB, device: ifB });
    rx.setChecksumOffset(6);
    rx.joinMulticast('ff02::12', b.index);
    await using tx = RawSocket.open({ family: 6, protocol: IPPROTO.VRRP, netns: nsA, receive: false });
    tx.setChecksumOffset(6);
    tx.setMulticastTtl(255);
    tx.setMulticastInterface(a.index);
    tx.setMulticastLoop(false);
    const advert = Buffer.from('3101640100640000fe800000000000000000000000000001', 'hex');
    const got = nextMessage(rx);
    tx.send(advert, `ff02::12%${ifA}`);
    const [payload, info] = await got;
    expect(payload.length).toBe(advert.length);
    expect(payload.readUInt16BE(6)).not.toBe(0);
    expect(info.destination).toBe('ff02::12');
    expect(info.ttl).toBe(255);
    expect(info.ifindex).toBe(b.index);
    expect(info.source.startsWith('fe80:')).toBe(true);
    expect(info.scopeId).toBe(b.index);
    expect(info.payloadOffset).toBe(0);
  });

  it('ICMP ping socket (SOCK_DGRAM) echo to loopback', async () => {
    await using s = RawSocket.open({ family: 4, protocol: IPPROTO.ICMP, type: 'dgram', netns: nsA });
    const echo = Buffer.from('0800000000000001686173', 'hex');
    const got = nextMessage(s);
    s.send(echo, '192.0.2.2');
    const [reply, info] = await got;
    expect(reply[0]).toBe(0); // echo reply
    expect(info.source).toBe('192.0.2.2');
    expect(info.ttl).toBeGreaterThan(0);
  });

  it('a closed socket refuses cleanly', () => {
    const s = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsA });
    s.close();
    expect(() => s.send(ADVERT, '192.0.2.2')).toThrow(SocketClosedError);
    expect(() => s.joinMulticast('224.0.0.18', 1)).toThrow(
      expect.objectContaining({ code: 'ERR_SOCKET_CLOSED' }),
    );
  });
});

describe('PacketSocket', () => {
  it('sends a gratuitous ARP frame seen by the peer', async () => {
    const a = interfaceInfo(ifA, { netns: nsA });
    const b = interfaceInfo(ifB, { netns: nsB });
    await using rx = PacketSocket.open({ protocol: ETH_P.ARP, netns: nsB });
    await using tx = PacketSocket.open({ netns: nsA });
    const frame = Buffer.concat([
      Buffer.from('ffffffffffff', 'hex'),
      a.macBytes,
      Buffer.from('0806' + '0001080006040001', 'hex'),
      a.macBytes,
      Buffer.from([192, 0, 2, 100]),
      Buffer.from('ffffffffffff', 'hex'),
      Buffer.from([192, 0, 2, 100]),
    ]);
    const got = new Promise<[Buffer, number]>((resolve) =>
      rx.on('message', (f, info) => {
        if (info.ifindex === b.index && f.subarray(6, 12).equals(a.macBytes)) resolve([f, info.pktType]);
      }),
    );
    expect(tx.sendFrame(a.index, frame)).toBe(frame.length);
    const [f, pktType] = await got;
    expect(f.subarray(0, frame.length)).toEqual(frame);
    expect(pktType).toBe(1); // broadcast
  });
});
