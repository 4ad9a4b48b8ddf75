/**
 * Test helpers for the checkers: loopback servers on ephemeral ports, and leak checks.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import type { AddressInfo, Server, ServerOpts, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { probeEngineStatus } from '../../src/checkers/index.js';

/** Resource kinds whose count must return to its starting value after a test. */
const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'TLSWrap', 'UDPWrap', 'ProcessWrap', 'Timeout']);

function grew(now: Map<string, number>, before: Map<string, number>): boolean {
  for (const [k, v] of now) if (v > (before.get(k) ?? 0)) return true;
  return false;
}

/** The transports every socket/script checker test runs on (the native engine needs Linux). */
export const ENGINES = ['native', 'node'] as const;

/**
 * Registers hooks in the current `describe` asserting that every probe of each test ran on
 * `engine` and none silently on the other transport, and that the suite ran probes on it at all.
 */
export function expectEngine(engine: (typeof ENGINES)[number]): void {
  const used = engine === 'native' ? 'nativeRuns' : 'nodeRuns';
  const other = engine === 'native' ? 'nodeRuns' : 'nativeRuns';
  let suiteStart = 0;
  let otherBefore = 0;
  beforeAll(() => {
    suiteStart = probeEngineStatus()[used];
  });
  beforeEach(() => {
    otherBefore = probeEngineStatus()[other];
  });
  afterEach(() => {
    expect(probeEngineStatus()[other]).toBe(otherBefore);
  });
  afterAll(() => {
    expect(probeEngineStatus()[used]).toBeGreaterThan(suiteStart);
  });
}

/**
 * Counts the watched active resources, plus this process's socket, pipe and pidfd descriptors
 * (the native probe engine's sockets and children are invisible to Node's resource list).
 */
export function snapshot(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) {
    if (WATCHED.has(r)) m.set(r, (m.get(r) ?? 0) + 1);
  }
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed meanwhile (the directory's own descriptor)
    }
    const kind = target.startsWith('socket:')
      ? 'fd:socket'
      : target.startsWith('pipe:')
        ? 'fd:pipe'
        : target === 'anon_inode:[pidfd]'
          ? 'fd:pidfd'
          : undefined;
    if (kind !== undefined) m.set(kind, (m.get(kind) ?? 0) + 1);
  }
  return m;
}

function fmt(m: Map<string, number>): string {
  return [...m.entries()]
    .sort()
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** Waits (up to `ms`) for the watched resources to return to `before`; fails the test otherwise. */
export async function expectNoLeaks(before: Map<string, number>, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const now = snapshot();
    if (!grew(now, before)) return;
    if (Date.now() > deadline) {
      expect(fmt(now)).toBe(fmt(before));
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A loopback TCP server that tracks its connections so it can be closed completely. */
export interface TestServer {
  /** The ephemeral port. */
  port: number;
  /** The server. */
  server: Server;
  /** Raw bytes received on all connections, per connection. */
  received: string[];
  /** Closes the server and destroys every open connection. */
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1 (or `host`) running `onConn` for each connection. */
export async function tcpServer(
  onConn: (socket: Socket, received: () => string) => void,
  host = '127.0.0.1',
  options: ServerOpts = {},
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const server = createServer(options, (s) => {
    sockets.add(s);
    const idx = received.push('') - 1;
    s.on('data', (d: Buffer) => {
      received[idx] += d.toString('latin1');
    });
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onConn(s, () => received[idx] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    server,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * How the client ended a server-side connection: `fin` (orderly close: `end`), `reset` (an RST:
 * `ECONNRESET`) or another error's code. For a connection the server has already ended, the
 * server must allow half-open connections (`allowHalfOpen`) to still see it.
 */
export function clientClose(s: Socket): Promise<string> {
  return new Promise((resolve) => {
    s.once('end', () => resolve('fin'));
    s.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNRESET' ? 'reset' : String(e.code)),
    );
  });
}

/** A port on 127.0.0.1 with nothing listening (bound then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Calls `respond` once the request head (up to the blank line) has arrived. */
export function onRequest(respond: (socket: Socket, request: string) => void): (s: Socket) => void {
  return (s) => {
    let buf = '';
    let answered = false;
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (!answered && buf.includes('\r\n\r\n')) {
        answered = true;
        respond(s, buf);
      }
    });
  };
}

/** Never-aborted signal for probes. */
export const never: AbortSignal = new AbortController().signal;

/** A loopback port whose accept queue is full: SYNs are dropped, so connects time out. */
export interface Blackhole {
  /** The port. */
  port: number;
  /** Kills the listener and the queue-filling connections. */
  close(): Promise<void>;
}

/** Starts a never-accepting listener (perl, backlog 0) and fills its queue. */
export async function blackhole(): Promise<Blackhole> {
  // perl is part of every Debian base system; Node itself cannot listen without accepting.
  const child = spawn(
    'perl',
    [
      '-e',
      'use Socket; socket(my $s, PF_INET, SOCK_STREAM, 0) or die; ' +
        'bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die; listen($s, 0) or die; ' +
        'my ($port) = unpack_sockaddr_in(getsockname($s)); $| = 1; print "$port\\n"; <STDIN>;',
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  const fillers: Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const s = connect({ host: '127.0.0.1', port });
    s.on('error', () => {});
    fillers.push(s);
    const ok = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 100);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    if (!ok) break;
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin.end();
      child.kill('SIGKILL');
      await exited;
    },
  };
}
