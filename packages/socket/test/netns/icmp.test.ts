import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIcmpTransport, type IcmpTransport, SocketClosedError, SocketError } from '../../src/index.js';

const namespaces: string[] = [];
/** Ping sockets allowed; forwards, with unreachable routes to 192.0.2.200 and 2001:db8:ffff::/48. */
let nsPing = '';
/** Ping sockets refused (`ping_group_range` = `1 0`): root falls back to raw sockets. */
let nsRaw = '';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
function inNs(ns: string, ...cmd: string[]): void {
  ip('netns', 'exec', ns, ...cmd);
}
function unique(): string {
  return `hap-${randomBytes(4).toString('hex')}`;
}
function addNamespace(): string {
  const ns = unique();
  ip('netns', 'add', ns);
  namespaces.push(ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  return ns;
}

beforeAll(() => {
  nsPing = addNamespace();
  nsRaw = addNamespace();
  const a = unique();
  const b = unique();
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

/** An echo request (IPv4 checksum filled in; ICMPv6's is the kernel's). */
function echoRequest(family: 4 | 6, id: number, seq: number, data: Buffer): Buffer {
  const b = Buffer.concat([
    Buffer.from([family === 4 ? 8 : 128, 0, 0, 0, id >> 8, id & 0xff, seq >> 8, seq & 0xff]),
    data,
  ]);
  if (family === 4) {
    let sum = 0;
    for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.writeUInt16BE(~sum & 0xffff, 2);
  }
  return b;
}

/** Every message received within `ms`. */
function collect(t: IcmpTransport, ms: number): Promise<Array<{ packet: Buffer; from: string }>> {
  const got: Array<{ packet: Buffer; from: string }> = [];
  const off = t.onMessage((packet, from) => got.push({ packet: Buffer.from(packet), from }));
  return new Promise((resolve) =>
    setTimeout(() => {
      off();
      resolve(got);
    }, ms),
  );
}

/** Waits for the first message matching `pred`. */
function first(
  t: IcmpTransport,
  pred: (p: Buffer) => boolean,
  ms = 3000,
): Promise<{ packet: Buffer; from: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no matching ICMP message'));
    }, ms);
    const off = t.onMessage((packet, from) => {
      const p = Buffer.from(packet);
      if (!pred(p)) return;
      clearTimeout(timer);
      off();
      resolve({ packet: p, from });
    });
  });
}

describe('createIcmpTransport: ping sockets (ping_group_range admits root)', () => {
  it.each([
    [4, '127.0.0.1'],
    [6, '::1'],
    [4, '192.0.2.2'],
    [6, '2001:db8::2'],
  ] as const)('IPv%i echo to %s: reply without IP header, identifier rewritten', async (family, host) => {
    const t = createIcmpTransport(family, { netns: nsPing });
    try {
      expect(t).toMatchObject({ family, kind: 'ping', rewritesIdentifier: true, closed: false });
      const data = randomBytes(24);
      const reply = first(t, (p) => p.subarray(8).equals(data));
      await t.send(echoRequest(family, 0x1234, 77, data), host);
      const { packet, from } = await reply;
      expect(packet[0]).toBe(family === 4 ? 0 : 129);
      expect(packet.readUInt16BE(6)).toBe(77);
      expect(from).toBe(host);
    } finally {
      t.close();
    }
    expect(t.closed).toBe(true);
  });

  it("mode 'ping' where ping sockets are refused throws the kernel's EACCES", () => {
    let err: unknown;
    try {
      createIcmpTransport(4, { netns: nsRaw, mode: 'ping' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SocketError);
    expect(err).toMatchObject({ code: 'EACCES', syscall: 'socket' });
  });
});

describe('createIcmpTransport: raw fallback (ping_group_range = "1 0", root)', () => {
  it.each([
    [4, '127.0.0.1'],
    [6, '::1'],
    [4, '192.0.2.1'],
    [6, '2001:db8::1'],
  ] as const)(
    'IPv%i echo to %s: the reply alone, IP header stripped, identifier kept',
    async (family, host) => {
      const t = createIcmpTransport(family, { netns: nsRaw });
      try {
        expect(t).toMatchObject({ family, kind: 'raw', rewritesIdentifier: false });
        const data = randomBytes(16);
        const all = collect(t, 400);
        await t.send(echoRequest(family, 0xbeef, 5, data), host);
        const got = await all;
        // Our own request (looped back on 127.0.0.1 / ::1) is filtered out: exactly one reply.
        expect(got).toHaveLength(1);
        const { packet, from } = got[0]!;
        expect(packet[0]).toBe(family === 4 ? 0 : 129);
        expect(packet.readUInt16BE(4)).toBe(0xbeef);
        expect(packet.readUInt16BE(6)).toBe(5);
        expect(packet.subarray(8).equals(data)).toBe(true);
        expect(from).toBe(host);
      } finally {
        t.close();
      }
    },
  );

  it('a raw transport delivers only replies to identifiers it sent', async () => {
    const mine = createIcmpTransport(4, { netns: nsRaw });
    const other = createIcmpTransport(4, { netns: nsRaw });
    try {
      const seenByOther = collect(other, 400);
      const reply = first(mine, (p) => p.readUInt16BE(4) === 0x4321);
      await mine.send(echoRequest(4, 0x4321, 1, randomBytes(8)), '127.0.0.1');
      await reply;
      expect(await seenByOther).toEqual([]);
    } finally {
      mine.close();
      other.close();
    }
  });

  it.each([
    [4, '192.0.2.200', 3],
    [6, '2001:db8:ffff::1', 1],
  ] as const)('IPv%i: the ICMP error quoting a request to %s is delivered', async (family, host, type) => {
    const t = createIcmpTransport(family, { netns: nsRaw });
    try {
      const err = first(t, (p) => p[0] === type);
      await t.send(echoRequest(family, 0x0a0b, 9, randomBytes(8)), host);
      const { packet, from } = await err;
      expect(from).toBe(family === 4 ? '192.0.2.1' : '2001:db8::1');
      // The quoted request follows the 8-byte error header and the quoted IP header.
      const quoted = packet.subarray(8 + (family === 4 ? 20 : 40));
      expect(quoted.readUInt16BE(4)).toBe(0x0a0b);
      expect(quoted.readUInt16BE(6)).toBe(9);
    } finally {
      t.close();
    }
  });

  it("mode 'raw' in a ping-enabled namespace opens a raw socket", () => {
    const t = createIcmpTransport(6, { netns: nsPing, mode: 'raw' });
    expect(t.kind).toBe('raw');
    t.close();
  });
});

describe('createIcmpTransport: lifecycle', () => {
  it('close is idempotent; send after close rejects with ERR_SOCKET_CLOSED; listeners stop', async () => {
    const t = createIcmpTransport(4, { netns: nsPing });
    let calls = 0;
    t.onMessage(() => calls++);
    t.close();
    t.close();
    expect(t.closed).toBe(true);
    await expect(t.send(echoRequest(4, 1, 1, Buffer.alloc(8)), '127.0.0.1')).rejects.toBeInstanceOf(
      SocketClosedError,
    );
    expect(calls).toBe(0);
  });

  it('send errors reject with a typed SocketError', async () => {
    const t = createIcmpTransport(6, { netns: nsRaw });
    try {
      // No route to 2001:db8:1::/48 in the namespace: sendto fails with ENETUNREACH.
      await expect(t.send(echoRequest(6, 1, 1, Buffer.alloc(8)), '2001:db8:1::1')).rejects.toMatchObject({
        code: 'ENETUNREACH',
      });
    } finally {
      t.close();
    }
  });
});

describe('createIcmpTransport without root (uid/gid 65534, run with tsx inside the namespace)', () => {
  const root = fileURLToPath(new URL('../../../..', import.meta.url));
  const src = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
  const script = `
    const { createIcmpTransport } = await import(${JSON.stringify(src)});
    const out = {};
    try {
      const t = createIcmpTransport(4);
      out.kind = t.kind;
      const data = Buffer.from('unprivileged');
      const req = Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 1, 0, 1]), data]);
      const reply = new Promise((resolve) => t.onMessage((p) => resolve(Buffer.from(p).subarray(8).equals(data))));
      await t.send(req, '127.0.0.1');
      out.reply = await Promise.race([reply, new Promise((r) => setTimeout(() => r('timeout'), 2000))]);
      t.close();
    } catch (e) {
      out.error = { name: e.name, code: e.code, ping: e.pingError?.code, raw: e.rawError?.code };
    }
    console.log(JSON.stringify(out));`;
  function asNobody(ns: string): unknown {
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
    return JSON.parse(out.trim().split('\n').pop() ?? '');
  }

  it('opens a ping socket where ping_group_range admits the group, and gets the reply', () => {
    expect(asNobody(nsPing)).toEqual({ kind: 'ping', reply: true });
  });

  it('throws IcmpUnavailableError (EACCES, EPERM) where it does not', () => {
    expect(asNobody(nsRaw)).toEqual({
      error: { name: 'IcmpUnavailableError', code: 'ERR_ICMP_UNAVAILABLE', ping: 'EACCES', raw: 'EPERM' },
    });
  });
});
