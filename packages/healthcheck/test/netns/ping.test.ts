/**
 * PING_CHECK over the real ICMP transport of `@ha/socket`, in network namespaces (root).
 *
 * Two namespaces joined by a veth (192.0.2.1/24, 2001:db8::1/64 ↔ 192.0.2.2/24, 2001:db8::2/64):
 * `nsPing` admits ping sockets; `nsRaw` refuses them (`ping_group_range` = `1 0`), so root falls
 * back to raw sockets there. `nsPing` forwards and holds unreachable routes to 192.0.2.200 and
 * 2001:db8:ffff::/48, which `nsRaw` routes through it: those probes draw an ICMP error.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createIcmpTransport, type IcmpTransport } from '@ha/socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcmpTransportFactory } from '../../src/checkers/index.js';
import { createPingCheck } from '../../src/checkers/index.js';

const never = new AbortController().signal;
const namespaces: string[] = [];
let nsPing = '';
let nsRaw = '';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
function inNs(ns: string, ...cmd: string[]): void {
  ip('netns', 'exec', ns, ...cmd);
}
function addNamespace(): string {
  const ns = `hap-${randomBytes(4).toString('hex')}`;
  ip('netns', 'add', ns);
  namespaces.push(ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  return ns;
}

beforeAll(() => {
  nsPing = addNamespace();
  nsRaw = addNamespace();
  const a = `hap-${randomBytes(4).toString('hex')}`;
  const b = `hap-${randomBytes(4).toString('hex')}`;
  ip('link', 'add', a, 'netns', nsPing, 'type', 'veth', 'peer', 'name', b, 'netns', nsRaw);
  ip('-n', nsPing, 'link', 'set', a, 'up');
  ip('-n', nsRaw, 'link', 'set', b, 'up');
  ip('-n', nsPing, 'addr', 'add', '192.0.2.1/24', 'dev', a);
  ip('-n', nsRaw, 'addr', 'add', '192.0.2.2/24', 'dev', b);
  ip('-n', nsPing, '-6', 'addr', 'add', '2001:db8::1/64', 'dev', a, 'nodad');
  ip('-n', nsRaw, '-6', 'addr', 'add', '2001:db8::2/64', 'dev', b, 'nodad');
  inNs(nsPing, 'sysctl', '-qw', 'net.ipv4.ping_group_range=0 2147483647');
  inNs(nsRaw, 'sysctl', '-qw', 'net.ipv4.ping_group_range=1 0');
  inNs(nsPing, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
  inNs(nsPing, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
  ip('-n', nsPing, 'route', 'add', 'unreachable', '192.0.2.200/32');
  ip('-n', nsPing, '-6', 'route', 'add', 'unreachable', '2001:db8:ffff::/48');
  ip('-n', nsRaw, 'route', 'add', '192.0.2.200/32', 'via', '192.0.2.1');
  ip('-n', nsRaw, '-6', 'route', 'add', '2001:db8:ffff::/48', 'via', '2001:db8::1');
});

afterAll(() => {
  for (const ns of namespaces.splice(0)) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // already gone
    }
  }
});

/** A transport factory inside `ns` that records every transport it opened. */
function factoryIn(ns: string): { factory: IcmpTransportFactory; opened: IcmpTransport[] } {
  const opened: IcmpTransport[] = [];
  return {
    opened,
    factory: (family) => {
      const t = createIcmpTransport(family, { netns: ns });
      opened.push(t);
      return t;
    },
  };
}

/** Socket file descriptors of this process. */
function socketFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

describe.each([
  ['ping sockets', () => nsPing, 'ping', ['192.0.2.2', '2001:db8::2']],
  ['raw fallback (ping_group_range "1 0", root)', () => nsRaw, 'raw', ['192.0.2.1', '2001:db8::1']],
] as const)('PING_CHECK with %s', (_name, ns, kind, peers) => {
  it.each(['127.0.0.1', '::1', ...peers])('passes for %s', async (host) => {
    const f = factoryIn(ns());
    const r = await createPingCheck({ host, connectTimeoutMs: 2000, transport: f.factory })(never);
    expect(r).toMatchObject({ ok: true, reason: `echo reply from ${host}` });
    expect(f.opened.map((t) => [t.kind, t.closed])).toEqual([[kind, true]]);
  });

  it('fails with code timeout for 192.0.2.99 (on the link, no such host)', async () => {
    const f = factoryIn(ns());
    const r = await createPingCheck({ host: '192.0.2.99', connectTimeoutMs: 800, transport: f.factory })(
      never,
    );
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.reason).toContain('192.0.2.99');
    expect(f.opened.every((t) => t.closed)).toBe(true);
  });

  it('200 concurrent probes (reachable and not) each get their own verdict; every socket closed', async () => {
    const before = socketFds();
    const f = factoryIn(ns());
    const hosts = Array.from({ length: 200 }, (_, i) =>
      i % 10 === 9 ? '192.0.2.99' : [...peers, '127.0.0.1', '::1'][i % 4]!,
    );
    const results = await Promise.all(
      // 2 s: under the 3 s after which a failed ARP resolution draws a local "host unreachable".
      hosts.map((host) => createPingCheck({ host, connectTimeoutMs: 2000, transport: f.factory })(never)),
    );
    for (const [i, r] of results.entries()) {
      if (hosts[i] === '192.0.2.99') expect(r, hosts[i]).toMatchObject({ ok: false, code: 'timeout' });
      else expect(r, hosts[i]).toMatchObject({ ok: true, reason: `echo reply from ${hosts[i]}` });
    }
    expect(f.opened).toHaveLength(200);
    expect(f.opened.every((t) => t.closed && t.kind === kind)).toBe(true);
    expect(socketFds()).toBe(before);
  });
});

describe('PING_CHECK and ICMP errors', () => {
  it.each([
    ['192.0.2.200', 'host unreachable from 192.0.2.1 for 192.0.2.200'],
    ['2001:db8:ffff::1', 'from 2001:db8::1 for 2001:db8:ffff::1'],
  ])('raw socket: %s behind an unreachable route fails with code unreachable', async (host, reason) => {
    const f = factoryIn(nsRaw);
    const r = await createPingCheck({ host, connectTimeoutMs: 3000, transport: f.factory })(never);
    expect(r).toMatchObject({ ok: false, code: 'unreachable' });
    expect(r.reason).toContain(reason);
  });

  it("an unreachable route in the prober's own namespace fails sendto at once: code network", async () => {
    const f = factoryIn(nsPing);
    const r = await createPingCheck({ host: '192.0.2.200', connectTimeoutMs: 500, transport: f.factory })(
      never,
    );
    expect(r).toMatchObject({ ok: false, code: 'network' });
    expect(r.reason).toMatch(/no route to host|unreachable/i);
  });
});

describe('PING_CHECK default transport', () => {
  it('loads createIcmpTransport from @ha/socket and pings 127.0.0.1 (this process’s namespace)', async () => {
    const r = await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 2000 })(never);
    expect(r).toMatchObject({ ok: true, reason: 'echo reply from 127.0.0.1' });
  });
});

describe('PING_CHECK without root (uid/gid 65534, default transport, run with tsx inside the namespace)', () => {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  const src = fileURLToPath(new URL('../../src/checkers/index.ts', import.meta.url));
  const script = `
    const { createPingCheck } = await import(${JSON.stringify(src)});
    const r = await createPingCheck({ host: '127.0.0.1', connectTimeoutMs: 2000 })(new AbortController().signal);
    console.log(JSON.stringify(r));`;
  function asNobody(ns: string): { ok: boolean; code?: string; reason: string } {
    const out = execFileSync(
      'ip',
      [
        'netns',
        'exec',
        ns,
        'setpriv',
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        'node',
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    return JSON.parse(out.trim().split('\n').pop() ?? '') as { ok: boolean; code?: string; reason: string };
  }

  it('passes through a ping socket where ping_group_range admits the group', () => {
    expect(asNobody(nsPing)).toMatchObject({ ok: true, reason: 'echo reply from 127.0.0.1' });
  });

  it('fails with code unsupported, naming the sysctl, where it does not', () => {
    const r = asNobody(nsRaw);
    expect(r).toMatchObject({ ok: false, code: 'unsupported' });
    expect(r.reason).toContain('net.ipv4.ping_group_range');
  });
});
