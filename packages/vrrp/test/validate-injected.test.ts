/**
 * The hand-built packets inject.py sent from kl-h3 (logs/i-*-inject.txt) and the verdict
 * keepalived 2.2.7 on kl-h1 logged for each (logs/i-*-kl-h1.log, VECTORS.md §7–8), plus the
 * mismatch scenarios g-mismatch-* (logs/g-mismatch-*-kl-h*.log).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ReceiveExpectations, VrrpStatistics, validateAdvertisement } from '../src/codec/index.js';
import type { DropReason } from '../src/types.js';
import { type PcapIpPacket, parseFrame, readVrrpPackets, toHex } from './helpers/pcap.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The injections of one inject.txt: the inject.py arguments and the frame it sent. */
function readInjections(name: string): { args: string; count: number; packet: PcapIpPacket }[] {
  const lines = readFileSync(`${fixtures}${name}-inject.txt`, 'utf8').split('\n');
  const out: { args: string; count: number; packet: PcapIpPacket }[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const args = /inject (.*)$/.exec(lines[i]!)?.[1];
    const sent = /^inject (\d+) x: ([0-9a-f]+)$/.exec(lines[i + 1]!);
    if (args === undefined || sent === null) continue;
    const frame = Uint8Array.from(Buffer.from(sent[2]!, 'hex'));
    const packet = parseFrame(frame);
    if (packet === undefined) throw new Error(`not an IP frame: ${args}`);
    out.push({ args: args.trim(), count: Number(sent[1]), packet });
  }
  return out;
}

type Verdict = DropReason | 'ok' | 'ok+intervalMismatch';

const verdict = (packet: PcapIpPacket, expectations: ReceiveExpectations): Verdict => {
  const result = validateAdvertisement(
    packet.payload,
    { source: packet.source, destination: packet.destination, ttl: packet.ttl },
    expectations,
  );
  if (!result.ok) return result.reason;
  return result.intervalMismatch ? 'ok+intervalMismatch' : 'ok';
};

// kl-h1's configurations (conf/v2-pass-h1.conf, v3-h1.conf, v3-ipv6-h1.conf).
const H1_V2: ReceiveExpectations = {
  version: 2,
  family: 'ipv4',
  vrid: 51,
  intervalCs: 100,
  addresses: ['192.0.2.100'],
  authType: 1,
  authPass: '1111',
  ownAddresses: ['192.0.2.11'],
};
const H1_V3: ReceiveExpectations = {
  version: 3,
  family: 'ipv4',
  vrid: 51,
  intervalCs: 100,
  addresses: ['192.0.2.100'],
  ownAddresses: ['192.0.2.11'],
};
const H1_V3_IPV6: ReceiveExpectations = {
  version: 3,
  family: 'ipv6',
  vrid: 51,
  intervalCs: 100,
  addresses: ['2001:db8::100'],
  ownAddresses: ['fe80::ff:fe00:11', '2001:db8::11'],
};

const cases: { file: string; expectations: ReceiveExpectations; verdicts: Record<string, Verdict> }[] = [
  {
    file: 'i-v2-injected',
    expectations: H1_V2,
    verdicts: {
      '--ttl 64': 'ipTtlErrors', // invalid TTL/HL. Received 64 and expect 255
      '--badsum': 'checksumErrors', // Invalid VRRPv2 checksum
      '--auth-type 0': 'authTypeMismatch', // received a 0 auth, expecting 1!
      '--auth 2222': 'authFailures', // received an invalid passwd!
      '--vip 192.0.2.101': 'addressListErrors', // ip address associated with VRID 51 not present in MASTER advert
      '--vip 192.0.2.100 192.0.2.101': 'addressListErrors', // received an unexpected ip number count 2, expected 1!
      '--adv 2': 'advIntervalErrors', // advertisement interval mismatch mine=1 sec rcv'd=2 sec
      '--ver 3 --adv 1': 'versionErrors', // wrong version. Received 3 and expect 2
      '--prio 100 --count 2': 'ok', // Received advert from 192.0.2.13 with lower priority 100 … forcing new election
      '--prio 200 --count 5': 'ok', // Master received advert from 192.0.2.13 with higher priority 200
      '--prio 0 --count 1': 'ok', // Master received priority 0 message
    },
  },
  {
    file: 'i-v3-injected',
    expectations: H1_V3,
    verdicts: {
      '--ver 3 --nopseudo': 'checksumErrors', // Invalid VRRPv3 checksum
      '--ver 3 --ttl 64': 'ipTtlErrors', // invalid TTL/HL. Received 64 and expect 255
      '--ver 3 --adv 0.5 --prio 100 --count 2': 'ok+intervalMismatch', // … lower priority 100 … (accepted)
      '--ver 3 --prio 200 --count 5': 'ok', // Master received advert … higher priority 200
    },
  },
  {
    file: 'i-v3-ipv6-injected',
    expectations: H1_V3_IPV6,
    verdicts: {
      '--ver 3 --src fe80::ff:fe00:13 --vip 2001:db8::100 --ttl 64': 'ipTtlErrors',
      // keepalived logs nothing: the kernel verifies IPv6 checksums (IPV6_CHECKSUM) and drops it.
      '--ver 3 --src fe80::ff:fe00:13 --vip 2001:db8::100 --badsum': 'checksumErrors',
      // Accepted by keepalived although RFC 5798 wants a link-local source.
      '--ver 3 --src 2001:db8::13 --vip 2001:db8::100': 'ok',
      '--ver 3 --src fe80::ff:fe00:13 --vip 2001:db8::100 --prio 200 --count 5': 'ok',
    },
  },
];

describe('injected packets get the verdict keepalived logged', () => {
  for (const c of cases) {
    it(`${c.file}`, () => {
      const injections = readInjections(c.file);
      expect(injections.map((i) => i.args).sort()).toEqual(Object.keys(c.verdicts).sort());
      const captured = readVrrpPackets(`${fixtures}${c.file}.pcap`);
      for (const injection of injections) {
        // The capture on kl-h3 holds each injected frame as many times as it was sent.
        const wire = captured.filter((p) => toHex(p.frameBytes) === toHex(injection.packet.frameBytes));
        expect(wire.length, injection.args).toBe(injection.count);
        for (const packet of wire)
          expect(verdict(packet, c.expectations), injection.args).toBe(c.verdicts[injection.args]);
      }
    });
  }

  it('the v3 advert without pseudo-header is accepted with v3ChecksumAsV2', () => {
    const nopseudo = readInjections('i-v3-injected').find((i) => i.args === '--ver 3 --nopseudo')!.packet;
    const result = validateAdvertisement(
      nopseudo.payload,
      { source: nopseudo.source, destination: nopseudo.destination, ttl: 255 },
      { ...H1_V3, v3ChecksumAsV2: true },
    );
    expect(result.ok && result.checksumVariant).toBe('asV2');
  });

  it('statistics count the verdicts of the whole i-v2 capture as keepalived logged them', () => {
    const stats = new VrrpStatistics();
    for (const packet of readVrrpPackets(`${fixtures}i-v2-injected.pcap`)) {
      stats.record(
        validateAdvertisement(
          packet.payload,
          { source: packet.source, destination: packet.destination, ttl: packet.ttl },
          H1_V2,
        ),
      );
    }
    const s = stats.snapshot();
    // Three of each rejected kind (inject --count 3 default), as in logs/i-v2-injected-kl-h1.log.
    expect(s.ipTtlErrors).toBe(3);
    expect(s.checksumErrors).toBe(3);
    expect(s.authTypeMismatch).toBe(3);
    expect(s.authFailures).toBe(3);
    expect(s.addressListErrors).toBe(6);
    expect(s.advIntervalErrors).toBe(3);
    expect(s.versionErrors).toBe(3);
    expect(s.advertisementsReceived).toBe(2 + 5 + 1);
    expect(s.priorityZeroReceived).toBe(1);
    expect(s.ownAdvert).toBeGreaterThan(0); // h1's own adverts, captured on kl-h3
    expect(s.dropped).toBe(24 + s.ownAdvert);
  });
});

describe('mismatched configurations (g-mismatch-*)', () => {
  const h2 = (e: ReceiveExpectations, patch: Partial<ReceiveExpectations>): ReceiveExpectations => ({
    ...e,
    ownAddresses: ['192.0.2.12'],
    ...patch,
  });
  const all = (file: string, source: string) =>
    readVrrpPackets(`${fixtures}${file}.pcap`).filter((p) => p.source === source);

  it('v2 VIP lists differ: both sides drop (addressListErrors); skipCheckAdvAddr accepts and flags', () => {
    const fromH1 = all('g-mismatch-v2-vipdiff', '192.0.2.11');
    const fromH2 = all('g-mismatch-v2-vipdiff', '192.0.2.12');
    expect(fromH1.length).toBeGreaterThan(0);
    expect(fromH2.length).toBeGreaterThan(0);
    const h2Conf = h2(H1_V2, { addresses: ['192.0.2.101'] });
    for (const p of fromH1) expect(verdict(p, h2Conf)).toBe('addressListErrors');
    for (const p of fromH2) expect(verdict(p, H1_V2)).toBe('addressListErrors');
    const p = fromH2[0]!;
    const lenient = validateAdvertisement(
      p.payload,
      { source: p.source, destination: p.destination, ttl: p.ttl },
      { ...H1_V2, skipCheckAdvAddr: true },
    );
    expect(lenient.ok && lenient.addressMismatch).toBe(true);
  });

  it('v2 advert_int 2 vs 1: both sides drop (advIntervalErrors)', () => {
    const fromH1 = all('g-mismatch-v2-advint2', '192.0.2.11');
    const fromH2 = all('g-mismatch-v2-advint2', '192.0.2.12');
    for (const p of fromH1) expect(verdict(p, h2(H1_V2, { intervalCs: 200 }))).toBe('advIntervalErrors');
    for (const p of fromH2) expect(verdict(p, H1_V2)).toBe('advIntervalErrors');
  });

  it('v3 advert_int 2 backup accepts the 1 s master and flags the interval', () => {
    const fromH1 = all('g-mismatch-v3-advint2', '192.0.2.11');
    expect(fromH1.length).toBeGreaterThan(0);
    for (const p of fromH1) expect(verdict(p, h2(H1_V3, { intervalCs: 200 }))).toBe('ok+intervalMismatch');
  });
});
