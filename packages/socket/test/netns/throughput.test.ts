import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPPROTO, interfaceInfo, RawSocket } from '../../src/index.js';
import { NetnsLab } from '../helpers/netns.js';

const lab = new NetnsLab();
let nsA = '';
let nsB = '';
let ifA = '';
let ifB = '';

beforeAll(() => {
  nsA = lab.addNamespace();
  nsB = lab.addNamespace();
  [ifA, ifB] = lab.veth(nsA, nsB);
  lab.exec(nsA, 'ip', 'addr', 'add', '192.0.2.1/24', 'dev', ifA);
  lab.exec(nsB, 'ip', 'addr', 'add', '192.0.2.2/24', 'dev', ifB);
});

afterAll(() => lab.cleanup());

describe('raw socket throughput', () => {
  it('sends and receives VRRP-size multicast packets (reports packets/s)', async () => {
    const total = 100_000;
    const burst = 500;
    const advert = Buffer.alloc(20, 0x31); // VRRPv2 advert with one IPv4 address: 20 bytes
    await using rx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsB, device: ifB });
    rx.setReceiveBuffer(8 << 20);
    rx.joinMulticast('224.0.0.18', interfaceInfo(ifB, { netns: nsB }).index);
    await using tx = RawSocket.open({ family: 4, protocol: IPPROTO.VRRP, netns: nsA, receive: false });
    tx.setMulticastTtl(255);
    tx.setMulticastInterface(interfaceInfo(ifA, { netns: nsA }).index);
    let received = 0;
    let badTtl = 0;
    rx.on('message', (_p, info) => {
      received++;
      if (info.ttl !== 255) badTtl++;
    });
    const start = process.hrtime.bigint();
    let sent = 0;
    while (sent < total) {
      for (let i = 0; i < burst; i++) {
        try {
          tx.send(advert, '224.0.0.18');
          sent++;
        } catch (e) {
          if ((e as { code?: string }).code !== 'EAGAIN' && (e as { code?: string }).code !== 'ENOBUFS')
            throw e;
          break;
        }
      }
      await new Promise((r) => setImmediate(r));
    }
    const deadline = Date.now() + 5000;
    while (received < sent * 0.99 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const pps = Math.round(received / seconds);
    console.log(
      `raw VRRP send+receive: ${sent} sent, ${received} received in ${seconds.toFixed(3)} s = ${pps} packets/s`,
    );
    expect(badTtl).toBe(0);
    expect(received).toBeGreaterThan(sent * 0.9);
    // A floor only: the figure depends on the machine and its load (2 shared cores here).
    expect(pps).toBeGreaterThan(5_000);
  });
});
