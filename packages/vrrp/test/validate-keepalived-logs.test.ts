/**
 * Packet-by-packet agreement with keepalived 2.2.7: for every advert captured on kl-h3 while
 * the receiving keepalived was running, our verdict must match what that keepalived logged
 * for it (a drop line within 100 ms of the capture time, or no drop line for accepted and
 * silently dropped packets), and every drop line must be explained by one of our drops.
 * Sources: test/fixtures/g-mismatch-*.pcap and *-kl-h{1,2}.log (copied from vectors/).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ReceiveExpectations, validateAdvertisement } from '../src/codec/index.js';
import type { DropReason } from '../src/types.js';
import { readVrrpPackets } from './helpers/pcap.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface LogLine {
  /** Seconds since midnight UTC. */
  t: number;
  text: string;
}

function readLog(name: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of readFileSync(`${fixtures}${name}.log`, 'utf8').split('\n')) {
    const m = /^(\d\d):(\d\d):(\d\d\.\d+) .*?: (.*)$/.exec(line);
    if (m) out.push({ t: Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]), text: m[4]! });
  }
  return out;
}

/** keepalived's log line for each drop reason; `null`: dropped without a log line. */
const DROP_LINES: Partial<Record<DropReason, RegExp | null>> = {
  addressListErrors: /not present in MASTER advert|unexpected ip number count/,
  authFailures: /received an invalid passwd!/,
  authTypeMismatch: /received a \d auth, expecting \d!/,
  versionErrors: /wrong version\. Received \d and expect \d/,
  advIntervalErrors: /advertisement interval mismatch/,
  ipTtlErrors: /invalid TTL\/HL/,
  checksumErrors: /Invalid VRRPv\d checksum/,
  vrIdErrors: null, // VECTORS.md §7: "VRID mismatch logs nothing"
};
const ANY_DROP = new RegExp(
  Object.values(DROP_LINES)
    .filter((r): r is RegExp => r instanceof RegExp)
    .map((r) => r.source)
    .join('|'),
);

const base = { family: 'ipv4' as const, vrid: 51, intervalCs: 100, addresses: ['192.0.2.100'] };
const V2_PASS: ReceiveExpectations = { ...base, version: 2, authType: 1, authPass: '1111' };
const V3: ReceiveExpectations = { ...base, version: 3 };
const V2_STRICT: ReceiveExpectations = { ...base, version: 2, authType: 0 };

const scenarios: { name: string; h1: ReceiveExpectations; h2: ReceiveExpectations }[] = [
  { name: 'v2-badpass', h1: V2_PASS, h2: { ...V2_PASS, authPass: '2222' } },
  { name: 'v2-vrid52', h1: V2_PASS, h2: { ...V2_PASS, vrid: 52 } },
  { name: 'v2-advint2', h1: V2_PASS, h2: { ...V2_PASS, intervalCs: 200 } },
  { name: 'v3-advint2', h1: V3, h2: { ...V3, intervalCs: 200 } },
  { name: 'v2-vs-v3', h1: V2_PASS, h2: V3 },
  { name: 'strict-vs-pass', h1: V2_STRICT, h2: V2_PASS },
  { name: 'v2-vipdiff', h1: V2_PASS, h2: { ...V2_PASS, addresses: ['192.0.2.101'] } },
];

const HOSTS = { h1: '192.0.2.11', h2: '192.0.2.12' } as const;

describe('verdicts agree with keepalived, packet by packet (g-mismatch-*)', () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const packets = readVrrpPackets(`${fixtures}g-mismatch-${s.name}.pcap`);
      let compared = 0;
      for (const receiver of ['h1', 'h2'] as const) {
        const sender = receiver === 'h1' ? 'h2' : 'h1';
        const log = readLog(`g-mismatch-${s.name}-kl-${receiver}`);
        const vrrpLines = log.filter((l) => l.text.startsWith('(VI_1)'));
        const alive = [
          vrrpLines[0]!.t,
          log.find((l) => l.text === 'Stopping')?.t ?? Number.POSITIVE_INFINITY,
        ];
        const drops = vrrpLines.filter((l) => ANY_DROP.test(l.text));
        const explained = new Set<LogLine>();
        const expectations = { ...s[receiver], ownAddresses: [HOSTS[receiver]] };
        for (const p of packets.filter((x) => x.source === HOSTS[sender])) {
          const t = (p.time % 86400) + 0;
          if (t < alive[0]! || t > alive[1]!) continue;
          const verdict = validateAdvertisement(
            p.payload,
            { source: p.source, destination: p.destination, ttl: p.ttl },
            expectations,
          );
          const near = drops.filter((l) => !explained.has(l) && l.t >= t - 0.002 && l.t <= t + 0.1);
          const pattern = verdict.ok ? null : DROP_LINES[verdict.reason];
          const where = `${s.name}: ${receiver} receiving frame ${p.frame} (${verdict.ok ? 'ok' : verdict.reason})`;
          if (pattern === null || pattern === undefined) {
            expect(near, where).toEqual([]);
          } else {
            const line = near.find((l) => pattern.test(l.text));
            expect(line, where).toBeDefined();
            if (line) explained.add(line);
          }
          compared++;
        }
        // Lines logged for packets the capture holds must all be ours (the capture may end early).
        const lastCaptured = Math.max(...packets.map((p) => p.time % 86400));
        const unexplained = drops.filter((l) => !explained.has(l) && l.t <= lastCaptured);
        expect(unexplained, `${s.name}: ${receiver} drop lines without a matching verdict`).toEqual([]);
      }
      expect(compared).toBeGreaterThan(3);
    });
  }
});

describe('verdicts agree with keepalived, packet by packet (i-*-injected)', () => {
  const h1 = (e: ReceiveExpectations): ReceiveExpectations => ({
    ...e,
    ownAddresses: ['192.0.2.11', 'fe80::ff:fe00:11'],
  });
  const cases = [
    { name: 'i-v2-injected', expect: h1(V2_PASS) },
    { name: 'i-v3-injected', expect: h1(V3) },
    { name: 'i-v3-ipv6-injected', expect: h1({ ...V3, family: 'ipv6', addresses: ['2001:db8::100'] }) },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const drops = readLog(`${c.name}-kl-h1`).filter((l) => ANY_DROP.test(l.text));
      const explained = new Set<LogLine>();
      let injected = 0;
      for (const p of readVrrpPackets(`${fixtures}${c.name}.pcap`)) {
        const verdict = validateAdvertisement(
          p.payload,
          { source: p.source, destination: p.destination, ttl: p.ttl },
          c.expect,
        );
        if (!verdict.ok && verdict.reason === 'ownAdvert') continue;
        injected++;
        const t = p.time % 86400;
        const near = drops.filter((l) => !explained.has(l) && l.t >= t - 0.002 && l.t <= t + 0.2);
        // IPv6 checksums are verified by the kernel (IPV6_CHECKSUM): dropped before keepalived logs.
        const silent = verdict.ok || (verdict.reason === 'checksumErrors' && p.family === 'ipv6');
        const where = `frame ${p.frame} (${verdict.ok ? 'ok' : verdict.reason})`;
        if (silent) {
          expect(near, where).toEqual([]);
        } else {
          const pattern = DROP_LINES[verdict.reason];
          const line = pattern ? near.find((l) => pattern.test(l.text)) : undefined;
          expect(line, where).toBeDefined();
          if (line) explained.add(line);
        }
      }
      expect(injected).toBeGreaterThan(10);
      expect(drops.filter((l) => !explained.has(l))).toEqual([]);
    });
  }
});
