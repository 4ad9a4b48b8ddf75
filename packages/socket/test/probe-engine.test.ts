/**
 * `ProbeEngine` (native epoll engine for health checks) against real loopback sockets and real
 * processes: every verdict comes from the kernel (connect, RST, SYN dropped by a full accept queue,
 * pidfd exit, SIGKILL of a process group), never from a mock. Runs as any user; the one
 * root-dependent case (`SO_MARK`) asserts the non-root behaviour in its else branch.
 *
 * Every test registers its engines, servers, child processes and temporary directories with
 * `defer`, and `afterEach` releases them even when an assertion failed.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  accessSync,
  chmodSync,
  constants as fsConstants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ProbeArgumentError,
  ProbeEngine,
  type ProbePhase,
  type SpawnProbeHandler,
  type SpawnProbeOptions,
  sharedProbeEngine,
  type TcpProbeHandler,
  type TcpTarget,
  tcpTarget,
} from '../src/index.js';

// ---- cleanup ------------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];

/** Registers a release step; `afterEach` runs them newest first, even after a failed assertion. */
function defer(fn: () => unknown): void {
  cleanups.push(fn);
}

afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch {
      // best effort: the next step must still run
    }
  }
});

function newEngine(): ProbeEngine {
  const engine = new ProbeEngine();
  defer(() => engine.close());
  return engine;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-probe-'));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---- servers ------------------------------------------------------------------------------------

interface TestServer {
  readonly port: number;
  /** Accepted connections still open. */
  readonly sockets: Set<net.Socket>;
  /** Resolves with the next accepted connection. */
  nextConnection(): Promise<net.Socket>;
  /** Destroys every accepted connection and closes the listener. */
  close(): Promise<void>;
}

async function listen(
  host: string,
  onConnection: (s: net.Socket) => void = () => {},
  options: net.ServerOpts = {},
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  const waiting: ((s: net.Socket) => void)[] = [];
  const server = net.createServer(options, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {}); // resets are part of several tests
    waiting.shift()?.(s);
    onConnection(s);
  });
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
    return closed;
  };
  defer(close);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, backlog: 1024 }, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    nextConnection: () => new Promise((resolve) => waiting.push(resolve)),
    close,
  };
}

/** A port nothing listens on (it was just bound and released by this process). */
async function closedPort(host: string): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, host, resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// ---- recorders ----------------------------------------------------------------------------------

type TcpFinal =
  | { event: 'connected' }
  | { event: 'end' }
  | { event: 'error'; code: string; phase: ProbePhase }
  | { event: 'timeout'; phase: ProbePhase };

/** Records every event of one TCP operation; `finals` must end up with exactly one entry. */
class TcpRecorder implements TcpProbeHandler {
  readonly chunks: Buffer[] = [];
  readonly finals: TcpFinal[] = [];
  /** Data events that came after a final event (must stay 0). */
  dataAfterFinal = 0;
  /** Events delivered while `ProbeEngine.tcp` was still running (must stay 0: results are asynchronous). */
  synchronous = 0;
  starting = true;
  readonly settled: Promise<TcpFinal>;
  #resolve: (f: TcpFinal) => void = () => {};

  constructor() {
    this.settled = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  get data(): Buffer {
    return Buffer.concat(this.chunks);
  }

  #final(f: TcpFinal): void {
    if (this.starting) this.synchronous++;
    this.finals.push(f);
    this.#resolve(f);
  }

  onConnected(): void {
    this.#final({ event: 'connected' });
  }

  onData(chunk: Buffer): void {
    if (this.starting) this.synchronous++;
    if (this.finals.length > 0) this.dataAfterFinal++;
    this.chunks.push(chunk);
  }

  onEnd(): void {
    this.#final({ event: 'end' });
  }

  onError(errno: number, code: string, phase: ProbePhase): void {
    // The name must be the kernel's errno, as os.constants knows it.
    expect(constants.errno[code as keyof typeof constants.errno]).toBe(errno);
    this.#final({ event: 'error', code, phase });
  }

  onTimeout(phase: ProbePhase): void {
    this.#final({ event: 'timeout', phase });
  }
}

function startTcp(
  engine: ProbeEngine,
  target: TcpTarget,
  timeoutMs: number,
  request?: Buffer,
): { rec: TcpRecorder; id: number } {
  const rec = new TcpRecorder();
  const id = engine.tcp(target, timeoutMs, request, rec);
  rec.starting = false;
  expect(rec.synchronous).toBe(0);
  return { rec, id };
}

async function runTcp(
  engine: ProbeEngine,
  target: TcpTarget,
  timeoutMs: number,
  request?: Buffer,
): Promise<TcpRecorder> {
  const { rec } = startTcp(engine, target, timeoutMs, request);
  await rec.settled;
  return rec;
}

type SpawnFinal =
  | { event: 'exit'; status: number | null; signal: string | null; output: string }
  | { event: 'timeout' }
  | { event: 'spawnError'; errno: number; code: string };

class SpawnRecorder implements SpawnProbeHandler {
  readonly finals: SpawnFinal[] = [];
  synchronous = 0;
  starting = true;
  readonly settled: Promise<SpawnFinal>;
  #resolve: (f: SpawnFinal) => void = () => {};

  constructor() {
    this.settled = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  #final(f: SpawnFinal): void {
    if (this.starting) this.synchronous++;
    this.finals.push(f);
    this.#resolve(f);
  }

  onExit(status: number | null, signal: string | null, output: Buffer): void {
    this.#final({ event: 'exit', status, signal, output: output.toString('latin1') });
  }

  onTimeout(): void {
    this.#final({ event: 'timeout' });
  }

  onSpawnError(errno: number, code: string): void {
    this.#final({ event: 'spawnError', errno, code });
  }
}

function startSpawn(engine: ProbeEngine, opts: SpawnProbeOptions): { rec: SpawnRecorder; id: number } {
  const rec = new SpawnRecorder();
  const id = engine.spawn(opts, rec);
  rec.starting = false;
  expect(rec.synchronous).toBe(0);
  return { rec, id };
}

async function runSpawn(engine: ProbeEngine, opts: SpawnProbeOptions): Promise<SpawnRecorder> {
  const { rec } = startSpawn(engine, opts);
  await rec.settled;
  return rec;
}

// ---- /proc --------------------------------------------------------------------------------------

/** Sockets, pipes and pidfds this process holds. */
function fdKinds(): { socket: number; pipe: number; pidfd: number } {
  const n = { socket: 0, pipe: 0, pidfd: 0 };
  for (const fd of readdirSync('/proc/self/fd')) {
    let link: string;
    try {
      link = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed meanwhile (the readdir fd itself)
    }
    if (link.startsWith('socket:')) n.socket++;
    else if (link.startsWith('pipe:')) n.pipe++;
    else if (link === 'anon_inode:[pidfd]') n.pidfd++;
  }
  return n;
}

/** The engine's own descriptors: epoll set, timerfd, eventfd. */
function engineFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const link = readlinkSync(`/proc/self/fd/${fd}`);
      if (
        link === 'anon_inode:[eventpoll]' ||
        link === 'anon_inode:[timerfd]' ||
        link === 'anon_inode:[eventfd]'
      )
        n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

/** Gone, or a zombie waiting for a reaper this test does not control (the process has ended either way). */
function isDead(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return true;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

async function waitFor(what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Reads a pid a script wrote to `file` (waiting for the script to have written it). */
async function pidFrom(file: string): Promise<number> {
  let pid = 0;
  await waitFor(`pid in ${file}`, () => {
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      return false;
    }
    return pid > 0;
  });
  return pid;
}

/** Kills a pid left behind by a failing test (ignores pids that are gone). */
function deferKill(pid: number): void {
  defer(() => {
    if (!isDead(pid)) process.kill(pid, 'SIGKILL');
  });
}

/** Sockets of this namespace in SYN-SENT towards `port` (from /proc/net/tcp and tcp6). */
function synSentTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'latin1').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[2]?.endsWith(`:${hexPort}`) && f[3] === '02') n++;
    }
  }
  return n;
}

// ---- tests --------------------------------------------------------------------------------------

describe('ProbeEngine TCP: connect-only', () => {
  it.each(['127.0.0.1', '::1'])(
    'connects to a listener on %s: onConnected, once, asynchronously',
    async (host) => {
      const engine = newEngine();
      const server = await listen(host);
      const accepted = server.nextConnection();
      const rec = await runTcp(engine, tcpTarget({ address: host, port: server.port }), 2000);
      expect(rec.finals).toEqual([{ event: 'connected' }]);
      expect(rec.chunks).toEqual([]);
      // The server really got a connection, and the engine closed its end at once (EOF at the server).
      const s = await accepted;
      await once(s, 'end');
      expect(engine.active).toBe(0);
    },
  );

  it.each(['127.0.0.1', '::1'])('a closed port on %s: onError ECONNREFUSED, phase connect', async (host) => {
    const engine = newEngine();
    const port = await closedPort(host);
    const rec = await runTcp(engine, tcpTarget({ address: host, port }), 2000);
    expect(rec.finals).toEqual([{ event: 'error', code: 'ECONNREFUSED', phase: 'connect' }]);
    expect(engine.active).toBe(0);
  });

  it('a SYN dropped by a full accept queue stays in SYN-SENT until the deadline: onTimeout phase connect', async () => {
    // A listener (backlog 1) in a child whose event loop is blocked: it never accepts, so its accept
    // queue fills up and the kernel drops further SYNs (LISTENOVERFLOWS); the client retransmits
    // only after 1 s, far past the 300 ms deadline.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const net = require('node:net'), fs = require('node:fs');
         const s = net.createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
           fs.writeSync(1, s.address().port + '\\n');
           Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000);
         });`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    defer(() => child.kill('SIGKILL'));
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    const port = Number.parseInt(line.toString(), 10);
    const engine = newEngine();
    const target = tcpTarget({ address: '127.0.0.1', port });
    let connected = 0;
    for (let i = 0; i < 8; i++) {
      const { rec } = startTcp(engine, target, 300);
      // connect(2) ran inside tcp(): the loopback SYN was dropped or answered before it returned.
      const synSent = synSentTo(port);
      const final = await rec.settled;
      if (final.event === 'connected') {
        connected++;
        continue;
      }
      expect(final).toEqual({ event: 'timeout', phase: 'connect' });
      expect(synSent).toBe(1);
      expect(rec.finals).toHaveLength(1);
      break;
    }
    // The queue took at least one connection (the listener was live) before it was full.
    expect(connected).toBeGreaterThanOrEqual(1);
    expect(connected).toBeLessThan(8);
    expect(synSentTo(port)).toBe(0); // the timed-out socket was closed
  });

  it('bindAddress and bindPort are honoured: the server sees the source address and port', async () => {
    const engine = newEngine();
    const server = await listen('127.0.0.1');
    const bindPort = await closedPort('127.0.0.2');
    const accepted = server.nextConnection();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port, bindAddress: '127.0.0.2', bindPort }),
      2000,
    );
    expect(rec.finals).toEqual([{ event: 'connected' }]);
    const s = await accepted;
    expect([s.remoteAddress, s.remotePort]).toEqual(['127.0.0.2', bindPort]);
  });

  it('bindPort alone binds the wildcard address of the family (IPv6)', async () => {
    const engine = newEngine();
    const server = await listen('::1');
    const bindPort = await closedPort('::1');
    const accepted = server.nextConnection();
    const rec = await runTcp(engine, tcpTarget({ address: '::1', port: server.port, bindPort }), 2000);
    expect(rec.finals).toEqual([{ event: 'connected' }]);
    const s = await accepted;
    expect([s.remoteAddress, s.remotePort]).toEqual(['::1', bindPort]);
  });

  it('a bind address this host does not have: onError EADDRNOTAVAIL, phase setup, asynchronously', async () => {
    const engine = newEngine();
    const server = await listen('127.0.0.1');
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port, bindAddress: '192.0.2.1' }),
      2000,
    );
    expect(rec.finals).toEqual([{ event: 'error', code: 'EADDRNOTAVAIL', phase: 'setup' }]);
    expect(server.sockets.size).toBe(0);
    expect(engine.active).toBe(0);
  });

  it('mark: set with CAP_NET_ADMIN (root); EPERM in phase setup without it', async () => {
    const engine = newEngine();
    const server = await listen('127.0.0.1');
    const rec = await runTcp(engine, tcpTarget({ address: '127.0.0.1', port: server.port, mark: 7 }), 2000);
    if (process.getuid?.() === 0) expect(rec.finals).toEqual([{ event: 'connected' }]);
    else expect(rec.finals).toEqual([{ event: 'error', code: 'EPERM', phase: 'setup' }]);
  });
});

describe('ProbeEngine TCP: request and reply', () => {
  it('streams a 4 MiB reply complete and in order, in chunks capped at the per-wake share', async () => {
    const size = 4 * 1024 * 1024;
    const reply = Buffer.alloc(size);
    for (let i = 0; i < size; i++) reply[i] = (i * 31 + (i >>> 11)) & 0xff; // no short period
    let request = '';
    const server = await listen('127.0.0.1', (s) => {
      s.setEncoding('latin1');
      s.on('data', (d: string) => {
        request += d;
        if (request.endsWith('\r\n\r\n')) s.end(reply);
      });
    });
    const engine = newEngine();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      10_000,
      Buffer.from('GET /big HTTP/1.0\r\n\r\n'),
    );
    expect(rec.finals).toEqual([{ event: 'end' }]);
    expect(request).toBe('GET /big HTTP/1.0\r\n\r\n');
    expect(rec.data.length).toBe(size);
    expect(rec.data.equals(reply)).toBe(true);
    expect(rec.dataAfterFinal).toBe(0);
    // 256 KiB per operation per wake-up, read 64 KiB at a time: a chunk never exceeds 320 KiB, and
    // with 4 MiB queued on loopback some wake-ups stop at the share and resume on the next one.
    const sizes = rec.chunks.map((c) => c.length);
    expect(Math.max(...sizes)).toBeLessThan(320 * 1024);
    expect(sizes.filter((n) => n >= 256 * 1024).length).toBeGreaterThan(0);
    expect(rec.chunks.length).toBeGreaterThanOrEqual(size / (320 * 1024));
  });

  it('a server that closes without a reply: onEnd and no data', async () => {
    const server = await listen('::1', (s) => s.once('data', () => s.end()));
    const engine = newEngine();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '::1', port: server.port }),
      2000,
      Buffer.from('x'),
    );
    expect(rec.finals).toEqual([{ event: 'end' }]);
    expect(rec.chunks).toEqual([]);
  });

  it('a peer reset in the middle of the reply: the bytes before it, then onError ECONNRESET, phase receive', async () => {
    const head = Buffer.alloc(16 * 1024, 'h');
    const server = await listen('127.0.0.1', (s) => {
      s.once('data', () => s.write(head, () => s.resetAndDestroy()));
    });
    const engine = newEngine();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      5000,
      Buffer.from('go'),
    );
    expect(rec.finals).toEqual([{ event: 'error', code: 'ECONNRESET', phase: 'receive' }]);
    expect(rec.data.equals(head)).toBe(true);
  });

  it('a server that accepts and never answers: onTimeout phase receive, and the socket is closed', async () => {
    const server = await listen('127.0.0.1');
    const accepted = server.nextConnection();
    const engine = newEngine();
    const t0 = performance.now();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      300,
      Buffer.from('?'),
    );
    expect(rec.finals).toEqual([{ event: 'timeout', phase: 'receive' }]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const s = await accepted;
    s.resume(); // consume the request, so that the EOF behind it is seen
    await once(s, 'end'); // the engine closed its end at the deadline
  });

  it('a server that never reads a 16 MiB request: onTimeout phase send', async () => {
    const server = await listen('127.0.0.1', () => {}, { pauseOnConnect: true });
    const engine = newEngine();
    const rec = await runTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      400,
      Buffer.alloc(16 * 1024 * 1024, 'r'),
    );
    expect(rec.finals).toEqual([{ event: 'timeout', phase: 'send' }]);
  });

  it('cancel() mid-reply: no event afterwards (not even the deadline), and the server sees the close', async () => {
    const server = await listen('127.0.0.1');
    const accepted = server.nextConnection();
    const engine = newEngine();
    const { rec, id } = startTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      300,
      Buffer.from('hello'),
    );
    const s = await accepted;
    const [got] = (await once(s, 'data')) as [Buffer];
    expect(got.toString()).toBe('hello');
    s.write('partial reply'); // the engine is receiving when it is cancelled
    await waitFor('the first reply bytes', () => rec.chunks.length > 0);
    const ended = once(s, 'end');
    expect(engine.cancel(id)).toBe(true);
    expect(engine.cancel(id)).toBe(false);
    expect(engine.active).toBe(0);
    await ended;
    s.write('more'); // the peer is gone: no data event may come of it
    await sleep(500); // past the 300 ms deadline
    expect(rec.finals).toEqual([]);
    expect(rec.data.toString()).toBe('partial reply');
  });

  it('a reply and FIN read in one wake-up: onData then onEnd, the operation already over (cancel() in onData is a no-op)', async () => {
    // A server in another process answers and closes as soon as it accepts; this process blocks
    // meanwhile, so the engine's first wake-up finds the bytes and the FIN together.
    const child = spawn(
      process.execPath,
      [
        '-e',
        "const s = require('net').createServer((c) => c.end('whole reply')).listen(0, '127.0.0.1', () => console.log(s.address().port))",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      const port = Number(line.toString().trim());
      const engine = newEngine();
      const events: string[] = [];
      let cancelled: boolean | undefined;
      let id = -1;
      const done = new Promise<void>((resolve) => {
        id = engine.tcp(tcpTarget({ address: '127.0.0.1', port }), 5000, Buffer.alloc(0), {
          onConnected: () => events.push('connected'),
          onData: (chunk) => {
            events.push(`data:${chunk.toString()}`);
            // What a checker does once it has its verdict: stop the operation.
            cancelled = engine.cancel(id);
          },
          onEnd: () => {
            events.push('end');
            resolve();
          },
          onError: (_e, code) => events.push(`error:${code}`),
          onTimeout: () => events.push('timeout'),
        });
      });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      await done;
      expect(events).toEqual(['data:whole reply', 'end']);
      expect(cancelled).toBe(false);
      expect(engine.active).toBe(0);
    } finally {
      child.kill();
    }
  });

  it.each([1, 65_535, 65_536, 65_537, 200_000])(
    'a %i-byte reply whose FIN came with it (one read may end at EOF without a second recv): every byte, then onEnd',
    async (size) => {
      // Reply bytes cycle through 0..250 so that a lost or repeated chunk shows.
      const child = spawn(
        process.execPath,
        [
          '-e',
          `const b = Buffer.alloc(${size}); for (let i = 0; i < b.length; i++) b[i] = i % 251;
           const s = require('net').createServer((c) => c.end(b)).listen(0, '127.0.0.1', () => console.log(s.address().port))`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      defer(() => child.kill());
      const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
      const engine = newEngine();
      const { rec } = startTcp(
        engine,
        tcpTarget({ address: '127.0.0.1', port: Number(line.toString().trim()) }),
        5000,
        Buffer.alloc(0),
      );
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // the reply and FIN pile up
      expect(await rec.settled).toEqual({ event: 'end' });
      const data = rec.data;
      expect(data.length).toBe(size);
      expect(data.every((v, i) => v === i % 251)).toBe(true);
    },
  );

  it('operations started from handlers never shadow one whose event is still in the batch (slot reuse)', async () => {
    // Immediate failures (an address this host lacks) end natively at once and free their slot
    // while their event waits in the batch; starting new operations from the handlers of that
    // batch must not hand those slots out again before the batch is delivered.
    const engine = newEngine();
    const target = tcpTarget({ address: '127.0.0.1', port: 9, bindAddress: '192.0.2.1' });
    const total = 500;
    let started = 0;
    let errors = 0;
    const seen = new Set<number>();
    const done = new Promise<void>((resolve) => {
      const start = (): void => {
        started++;
        const id = engine.tcp(target, 5000, undefined, {
          onConnected: () => {},
          onData: () => {},
          onEnd: () => {},
          onTimeout: () => {},
          onError: (_e, code) => {
            expect(code).toBe('EADDRNOTAVAIL');
            expect(seen.has(id)).toBe(false);
            seen.add(id);
            errors++;
            if (started < total) start();
            if (errors === total) resolve();
          },
        });
      };
      for (let i = 0; i < 50; i++) start();
    });
    await done;
    expect(errors).toBe(total);
    expect(engine.active).toBe(0);
  });

  it('cancel() of an unknown or finished id returns false', async () => {
    const engine = newEngine();
    const port = await closedPort('127.0.0.1');
    const { rec, id } = startTcp(engine, tcpTarget({ address: '127.0.0.1', port }), 1000);
    await rec.settled;
    expect(engine.cancel(id)).toBe(false);
    expect(engine.cancel(123456)).toBe(false);
  });
});

/** How the server saw the client go: an orderly FIN (`end`) or an RST (`ECONNRESET`). */
function clientClose(s: net.Socket): Promise<'fin' | 'reset'> {
  return new Promise((resolve) => {
    s.once('end', () => resolve('fin'));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNRESET' ? 'reset' : 'fin'));
  });
}

/** Sockets in TIME_WAIT on loopback with `port` at either end (/proc/net/tcp{,6}, state 06). */
function timeWaits(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(f, 'latin1').split('\n').slice(1)) {
      const [, local, remote, state] = line.trim().split(/\s+/);
      if (state === '06' && (local?.endsWith(`:${hex}`) || remote?.endsWith(`:${hex}`))) n++;
    }
  }
  return n;
}

describe('ProbeEngine TCP: ending with a reset ({ reset: true })', () => {
  it.each([false, true])(
    'connect-only, reset %s: the server sees an RST only when asked (else the FIN of an orderly close)',
    async (reset) => {
      const engine = newEngine();
      const server = await listen('127.0.0.1');
      const accepted = server.nextConnection();
      const rec = new TcpRecorder();
      engine.tcp(tcpTarget({ address: '127.0.0.1', port: server.port }), 2000, undefined, rec, { reset });
      rec.starting = false;
      const s = await accepted;
      expect(await clientClose(s)).toBe(reset ? 'reset' : 'fin');
      expect(await rec.settled).toEqual({ event: 'connected' });
    },
  );

  it.each([false, true])(
    'request after the server closed (its FIN read with the reply), reset %s: RST or FIN, and TIME_WAIT only with FIN',
    async (reset) => {
      const engine = newEngine();
      // allowHalfOpen: the server's socket stays open for reading after its own end(), so it
      // reports how the client closed.
      const server = await listen('127.0.0.1', () => {}, { allowHalfOpen: true });
      const accepted = server.nextConnection();
      const rec = new TcpRecorder();
      engine.tcp(tcpTarget({ address: '127.0.0.1', port: server.port }), 2000, Buffer.from('GET'), rec, {
        reset,
      });
      rec.starting = false;
      const s = await accepted;
      const closed = clientClose(s);
      await once(s, 'data');
      s.end('the whole reply');
      expect(await rec.settled).toEqual({ event: 'end' });
      expect(rec.data.toString()).toBe('the whole reply');
      expect(await closed).toBe(reset ? 'reset' : 'fin');
      // The server closed first: after a FIN exchange its end waits in TIME_WAIT; an RST leaves none.
      await waitFor('the server socket to close', () => s.destroyed || s.readyState === 'closed');
      s.destroy();
      if (reset) expect(timeWaits(server.port)).toBe(0);
      else await waitFor('a TIME_WAIT entry', () => timeWaits(server.port) === 1);
    },
  );

  it('cancel() mid-reply with reset: the server sees the RST', async () => {
    const engine = newEngine();
    const server = await listen('127.0.0.1');
    const accepted = server.nextConnection();
    const rec = new TcpRecorder();
    const id = engine.tcp(
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      2000,
      Buffer.from('x'),
      rec,
      {
        reset: true,
      },
    );
    rec.starting = false;
    const s = await accepted;
    const closed = clientClose(s);
    await once(s, 'data');
    s.write('partial');
    await waitFor('the first reply bytes', () => rec.chunks.length > 0);
    expect(engine.cancel(id)).toBe(true);
    expect(await closed).toBe('reset');
    expect(rec.finals).toEqual([]);
  });

  it('a connect that fails is unaffected by reset: onError ECONNREFUSED', async () => {
    const engine = newEngine();
    const port = await closedPort('127.0.0.1');
    const rec = new TcpRecorder();
    engine.tcp(tcpTarget({ address: '127.0.0.1', port }), 2000, undefined, rec, { reset: true });
    rec.starting = false;
    expect(await rec.settled).toEqual({ event: 'error', code: 'ECONNREFUSED', phase: 'connect' });
  });
});

describe('ProbeEngine arguments', () => {
  it.each([
    ['a host name', { address: 'localhost', port: 80 }, /not an IP address/],
    ['an empty address', { address: '', port: 80 }, /not an IP address/],
    ['port 0', { address: '127.0.0.1', port: 0 }, /port must be 1\.\.65535/],
    ['port 70000', { address: '127.0.0.1', port: 70000 }, /port must be 1\.\.65535/],
    ['a fractional port', { address: '127.0.0.1', port: 80.5 }, /port must be 1\.\.65535/],
    ['bindPort 70000', { address: '127.0.0.1', port: 80, bindPort: 70000 }, /bindPort must be 0\.\.65535/],
    ['a bind address that is a name', { address: '127.0.0.1', port: 80, bindAddress: 'lo' }, /not an IP/],
    [
      'IPv4 from an IPv6 source',
      { address: '127.0.0.1', port: 80, bindAddress: '::1' },
      /different families/,
    ],
    [
      'IPv6 from an IPv4 source',
      { address: '::1', port: 80, bindAddress: '127.0.0.1' },
      /different families/,
    ],
    ['a negative mark', { address: '127.0.0.1', port: 80, mark: -1 }, /mark must be/],
    ['a 33-bit mark', { address: '127.0.0.1', port: 80, mark: 2 ** 32 }, /mark must be/],
  ])('tcpTarget rejects %s with ProbeArgumentError', (_name, opts, message) => {
    let caught: unknown;
    try {
      tcpTarget(opts);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProbeArgumentError);
    expect(caught).toMatchObject({ code: 'ERR_HA_PROBE_ARGUMENT', name: 'ProbeArgumentError' });
    expect((caught as Error).message).toMatch(message);
  });

  it('accepts the largest mark and encodes IPv4/IPv6 sockaddrs', () => {
    expect(tcpTarget({ address: '127.0.0.1', port: 80, mark: 0xffffffff }).mark).toBe(-1); // as an int32
    expect(tcpTarget({ address: '127.0.0.1', port: 80 }).sockaddr.length).toBe(16);
    expect(tcpTarget({ address: '::1', port: 80 }).sockaddr.length).toBe(28);
    expect(tcpTarget({ address: '::1', port: 80 }).bind).toBeNull();
  });

  it('spawn with an empty argv, and any operation after close(), throw ProbeArgumentError', () => {
    const engine = newEngine();
    expect(() => engine.spawn({ argv: [], timeoutMs: 1000 }, new SpawnRecorder())).toThrow(
      ProbeArgumentError,
    );
    engine.close();
    engine.close(); // idempotent
    expect(engine.closed).toBe(true);
    const target = tcpTarget({ address: '127.0.0.1', port: 80 });
    expect(() => engine.tcp(target, 1000, undefined, new TcpRecorder())).toThrow(/closed/);
    expect(() => engine.spawn({ argv: ['true'], timeoutMs: 1000 }, new SpawnRecorder())).toThrow(
      ProbeArgumentError,
    );
    expect(engine.cancel(1)).toBe(false);
  });

  // Regression: a timeout that is not a finite number of ms (NaN, Infinity, 1e13) was once not
  // rejected; natively `timeoutMs * 1e6` overflows int64 (undefined behaviour, INT64_MIN on
  // x86-64), that deadline becomes the heap's top, timerfd_settime() refuses its negative time,
  // and from then on NO deadline of the engine fires: every other operation can hang forever and
  // holds the event loop. Now rejected in TS and clamped natively.
  it('a non-finite timeout is rejected and does not disable the deadlines of other operations', async () => {
    const server = await listen('127.0.0.1'); // accepts, never answers
    const engine = newEngine();
    const target = tcpTarget({ address: '127.0.0.1', port: server.port });
    let caught: unknown;
    try {
      engine.tcp(target, Number.NaN, Buffer.from('x'), new TcpRecorder());
    } catch (e) {
      caught = e;
    }
    const { rec } = startTcp(engine, target, 200, Buffer.from('x'));
    const final = await Promise.race([rec.settled, sleep(1500, 'no deadline fired' as const)]);
    expect(final).toEqual({ event: 'timeout', phase: 'receive' });
    expect(caught).toBeInstanceOf(ProbeArgumentError);
  });
});

describe('ProbeEngine concurrency', () => {
  it('1,000 concurrent operations (connect, refused, request/reply; IPv4 and IPv6) each end exactly once', async () => {
    const echo = (s: net.Socket): void => {
      s.once('data', (d) => s.end(Buffer.concat([Buffer.from('re:'), d])));
    };
    const v4 = await listen('127.0.0.1', echo);
    const v6 = await listen('::1', echo);
    const refused = await closedPort('127.0.0.1');
    const engine = newEngine();
    const ops: { rec: TcpRecorder; expected: TcpFinal; reply?: string }[] = [];
    for (let i = 0; i < 1000; i++) {
      const kind = i % 5;
      const host = i % 2 === 0 ? '127.0.0.1' : '::1';
      const port = host === '::1' ? v6.port : v4.port;
      if (kind === 0 || kind === 1) {
        ops.push({
          rec: startTcp(engine, tcpTarget({ address: host, port }), 10_000).rec,
          expected: { event: 'connected' },
        });
      } else if (kind === 2) {
        ops.push({
          rec: startTcp(engine, tcpTarget({ address: '127.0.0.1', port: refused }), 10_000).rec,
          expected: { event: 'error', code: 'ECONNREFUSED', phase: 'connect' },
        });
      } else {
        const request = `request ${i}`;
        ops.push({
          rec: startTcp(engine, tcpTarget({ address: host, port }), 10_000, Buffer.from(request)).rec,
          expected: { event: 'end' },
          reply: `re:${request}`,
        });
      }
    }
    expect(engine.active).toBe(1000);
    await Promise.all(ops.map((o) => o.rec.settled));
    await sleep(50); // a duplicate final event would land here
    for (const [i, o] of ops.entries()) {
      expect(o.rec.finals, `operation ${i}`).toEqual([o.expected]);
      expect(o.rec.dataAfterFinal).toBe(0);
      if (o.reply !== undefined) expect(o.rec.data.toString(), `operation ${i}`).toBe(o.reply);
    }
    expect(engine.active).toBe(0);
  });
});

describe('ProbeEngine spawn', () => {
  it('is available on this kernel (pidfds, Linux >= 5.3)', () => {
    expect(newEngine().canSpawn).toBe(true);
  });

  it('reports the exit status and stdout+stderr interleaved as written', async () => {
    const rec = await runSpawn(newEngine(), {
      argv: ['sh', '-c', 'echo out; echo err >&2; echo out2; exit 7'],
      timeoutMs: 5000,
      outputLimit: 1024,
    });
    expect(rec.finals).toEqual([{ event: 'exit', status: 7, signal: null, output: 'out\nerr\nout2\n' }]);
  });

  it('outputLimit 0 (default) keeps no output; status 0', async () => {
    const rec = await runSpawn(newEngine(), { argv: ['sh', '-c', 'echo hidden'], timeoutMs: 5000 });
    expect(rec.finals).toEqual([{ event: 'exit', status: 0, signal: null, output: '' }]);
  });

  it.each([
    ['SIGKILL', 'kill -KILL $$'],
    // Node ignores SIGPIPE; the script must get the default action back (else it would exit 3).
    ['SIGPIPE', 'kill -PIPE $$; exit 3'],
  ])('a script killed by %s: status null and the signal name', async (signal, script) => {
    const rec = await runSpawn(newEngine(), { argv: ['sh', '-c', script], timeoutMs: 5000 });
    expect(rec.finals).toEqual([{ event: 'exit', status: null, signal, output: '' }]);
  });

  it('outputLimit truncates a script that floods 8 MB of output, without hanging', async () => {
    const rec = await runSpawn(newEngine(), {
      argv: ['sh', '-c', 'yes 0123456789 | head -c 8000000; exit 4'],
      timeoutMs: 10_000,
      outputLimit: 25,
    });
    expect(rec.finals).toEqual([
      { event: 'exit', status: 4, signal: null, output: '0123456789\n0123456789\n012' },
    ]);
  });

  it('a script that floods output forever is killed at the deadline', async () => {
    const dir = tempDir();
    const engine = newEngine();
    const { rec } = startSpawn(engine, {
      // A shell loop, not `yes`: it goes on flooding even if a write fails (see the O_NONBLOCK bug below).
      argv: ['sh', '-c', `echo $$ > ${dir}/pid; while :; do echo 0123456789; done`],
      timeoutMs: 500,
      outputLimit: 10,
    });
    const pid = await pidFrom(`${dir}/pid`);
    deferKill(pid);
    expect(await rec.settled).toEqual({ event: 'timeout' });
    await waitFor(`pid ${pid} to die`, () => isDead(pid));
    expect(engine.active).toBe(0);
  });

  // Regression: the output pipe was made with pipe2(O_NONBLOCK), and O_NONBLOCK belongs to the
  // open file description, which the script's fds 1 and 2 share: a script that writes faster than
  // the engine drains gets EAGAIN ("head: error writing 'standard output': Resource temporarily
  // unavailable") and can fail a healthy check. Now only the engine's read end is non-blocking.
  it("the script's stdout and stderr are blocking (only the engine's read end is O_NONBLOCK)", async () => {
    const rec = await runSpawn(newEngine(), {
      argv: ['sh', '-c', 'grep ^flags: /proc/self/fdinfo/1 /proc/self/fdinfo/2'],
      timeoutMs: 5000,
      outputLimit: 4096,
    });
    const final = rec.finals[0];
    expect(final?.event).toBe('exit');
    const flags = [...(final?.event === 'exit' ? final.output : '').matchAll(/flags:\s+([0-7]+)/g)].map((m) =>
      Number.parseInt(m[1] ?? '', 8),
    );
    expect(flags).toHaveLength(2);
    for (const f of flags) expect(f & fsConstants.O_NONBLOCK).toBe(0);
  });

  it('the deadline SIGKILLs the whole process group: the script and a grandchild it started', async () => {
    const dir = tempDir();
    const engine = newEngine();
    const t0 = performance.now();
    const { rec } = startSpawn(engine, {
      argv: ['sh', '-c', `sleep 30 & echo $! > ${dir}/child; echo $$ > ${dir}/script; wait`],
      timeoutMs: 1000,
    });
    const script = await pidFrom(`${dir}/script`);
    const grandchild = await pidFrom(`${dir}/child`);
    deferKill(script);
    deferKill(grandchild);
    expect(isDead(script)).toBe(false);
    expect(isDead(grandchild)).toBe(false);
    expect(await rec.settled).toEqual({ event: 'timeout' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
    await waitFor('the script and its grandchild to die', () => isDead(script) && isDead(grandchild));
    await sleep(100);
    expect(rec.finals).toHaveLength(1);
    expect(engine.active).toBe(0);
  });

  it.each([
    { name: 'a missing absolute path', opts: { argv: ['/nonexistent/ha-probe'] } },
    { name: 'a missing cwd', opts: { argv: ['true'], cwd: '/nonexistent/ha-probe-dir' } },
  ])('$name: onSpawnError ENOENT, asynchronously', async ({ opts }) => {
    const engine = newEngine();
    const rec = await runSpawn(engine, { ...opts, timeoutMs: 5000 });
    expect(rec.finals).toEqual([{ event: 'spawnError', errno: constants.errno.ENOENT, code: 'ENOENT' }]);
    expect(engine.active).toBe(0);
  });

  it('a program found nowhere in PATH: onSpawnError ENOENT (EACCES if a PATH directory is unsearchable)', async () => {
    // execvp semantics: a PATH entry this user may not search (e.g. /root/... for nobody) turns
    // the final error into EACCES.
    let expected: 'ENOENT' | 'EACCES' = 'ENOENT';
    for (const dir of (process.env.PATH ?? '').split(':')) {
      try {
        accessSync(dir || '.', fsConstants.X_OK);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EACCES') expected = 'EACCES';
      }
    }
    const engine = newEngine();
    const rec = await runSpawn(engine, { argv: ['ha-probe-no-such-program'], timeoutMs: 5000 });
    expect(rec.finals).toEqual([{ event: 'spawnError', errno: constants.errno[expected], code: expected }]);
    expect(engine.active).toBe(0);
  });

  it('a file without execute permission: onSpawnError EACCES', async () => {
    const file = join(tempDir(), 'script.sh');
    writeFileSync(file, '#!/bin/sh\nexit 0\n');
    chmodSync(file, 0o644);
    const rec = await runSpawn(newEngine(), { argv: [file], timeoutMs: 5000 });
    expect(rec.finals).toEqual([{ event: 'spawnError', errno: constants.errno.EACCES, code: 'EACCES' }]);
  });

  it('env replaces the environment, cwd sets the directory; both default to this process', async () => {
    const dir = tempDir();
    const engine = newEngine();
    const script = 'printf "%s|%s|%s|" "$HA_PROBE_A" "$HA_PROBE_B" "${HOME-unset}"; pwd';
    const own = await runSpawn(engine, {
      argv: ['sh', '-c', script],
      env: ['HA_PROBE_A=one two', 'HA_PROBE_B=x=y'],
      cwd: dir,
      timeoutMs: 5000,
      outputLimit: 4096,
    });
    expect(own.finals).toEqual([
      { event: 'exit', status: 0, signal: null, output: `one two|x=y|unset|${realpathSync(dir)}\n` },
    ]);
    const inherited = await runSpawn(engine, {
      argv: ['sh', '-c', 'printf %s "$PATH|"; pwd'],
      timeoutMs: 5000,
      outputLimit: 4096,
    });
    expect(inherited.finals).toEqual([
      {
        event: 'exit',
        status: 0,
        signal: null,
        output: `${process.env.PATH}|${realpathSync(process.cwd())}\n`,
      },
    ]);
  });

  it('a background grandchild holding the output pipe open does not delay onExit', async () => {
    const engine = newEngine();
    const t0 = performance.now();
    // If the engine waited for EOF on the pipe, the 10 s deadline would fire instead.
    const rec = await runSpawn(engine, {
      argv: ['sh', '-c', 'sleep 30 & echo $!; echo done'],
      timeoutMs: 10_000,
      outputLimit: 100,
    });
    const final = rec.finals[0];
    expect(final?.event).toBe('exit');
    const [pid, done] = final?.event === 'exit' ? final.output.split('\n') : [];
    const grandchild = Number.parseInt(pid ?? '', 10);
    if (grandchild > 0) deferKill(grandchild);
    expect(rec.finals).toEqual([{ event: 'exit', status: 0, signal: null, output: `${grandchild}\ndone\n` }]);
    expect(done).toBe('done');
    expect(isDead(grandchild)).toBe(false); // it really was still holding the pipe
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(engine.active).toBe(0);
  });

  it('cancel() kills a running script; no event afterwards', async () => {
    const dir = tempDir();
    const engine = newEngine();
    const { rec, id } = startSpawn(engine, {
      argv: ['sh', '-c', `echo $$ > ${dir}/pid; sleep 30`],
      timeoutMs: 300,
    });
    const pid = await pidFrom(`${dir}/pid`);
    deferKill(pid);
    expect(engine.cancel(id)).toBe(true);
    expect(engine.active).toBe(0);
    await waitFor(`pid ${pid} to die`, () => isDead(pid));
    await sleep(400); // past the deadline
    expect(rec.finals).toEqual([]);
  });

  it('close() while a script runs kills it (and its group) at once; no event afterwards', async () => {
    const dir = tempDir();
    const engine = newEngine();
    const { rec } = startSpawn(engine, {
      argv: ['sh', '-c', `sleep 30 & echo $! > ${dir}/child; echo $$ > ${dir}/pid; wait`],
      timeoutMs: 300,
    });
    const server = await listen('127.0.0.1');
    const tcp = startTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: server.port }),
      300,
      Buffer.from('x'),
    );
    const pid = await pidFrom(`${dir}/pid`);
    const grandchild = await pidFrom(`${dir}/child`);
    deferKill(pid);
    deferKill(grandchild);
    engine.close();
    expect(isDead(pid)).toBe(true); // killed and reaped inside close()
    await waitFor('the grandchild to die', () => isDead(grandchild));
    await sleep(400); // past both deadlines
    expect(rec.finals).toEqual([]);
    expect(tcp.rec.finals).toEqual([]);
    expect(engine.active).toBe(0);
  });
});

describe('ProbeEngine resources', () => {
  it('leaks no socket, pipe or pidfd; close() releases the epoll set, timerfd and eventfd', async () => {
    const baseline = engineFds();
    const before = fdKinds();
    const engine = newEngine();
    expect(engineFds()).toBe(baseline + 3);
    expect(fdKinds()).toEqual(before); // the engine itself holds no socket, pipe or pidfd
    const server = await listen('127.0.0.1', (s) => s.once('data', () => s.end('ok')));
    const silent = await listen('127.0.0.1');
    const refused = await closedPort('127.0.0.1');
    const target = tcpTarget({ address: '127.0.0.1', port: server.port });
    const dir = tempDir();
    const tcp = [
      ...Array.from({ length: 20 }, () => startTcp(engine, target, 5000).rec),
      ...Array.from(
        { length: 20 },
        () => startTcp(engine, tcpTarget({ address: '127.0.0.1', port: refused }), 5000).rec,
      ),
      ...Array.from({ length: 10 }, () => startTcp(engine, target, 5000, Buffer.from('x')).rec),
      startTcp(engine, tcpTarget({ address: '127.0.0.1', port: silent.port }), 100, Buffer.from('x')).rec,
      startTcp(engine, tcpTarget({ address: '127.0.0.1', port: server.port, bindAddress: '192.0.2.1' }), 5000)
        .rec,
    ];
    const spawns = [
      ...Array.from(
        { length: 5 },
        (_, i) => startSpawn(engine, { argv: ['sh', '-c', `exit ${i}`], timeoutMs: 5000 }).rec,
      ),
      startSpawn(engine, { argv: ['sh', '-c', `echo $$ > ${dir}/a; sleep 30`], timeoutMs: 200 }).rec,
      startSpawn(engine, { argv: ['ha-probe-no-such-program'], timeoutMs: 5000 }).rec,
    ];
    const cancelled = startSpawn(engine, {
      argv: ['sh', '-c', `echo $$ > ${dir}/b; sleep 30`],
      timeoutMs: 5000,
    });
    const cancelledTcp = startTcp(
      engine,
      tcpTarget({ address: '127.0.0.1', port: silent.port }),
      5000,
      Buffer.from('x'),
    );
    const pids = [await pidFrom(`${dir}/a`), await pidFrom(`${dir}/b`)];
    for (const pid of pids) deferKill(pid);
    expect(engine.cancel(cancelled.id)).toBe(true);
    expect(engine.cancel(cancelledTcp.id)).toBe(true);
    await Promise.all([...tcp.map((r) => r.settled), ...spawns.map((r) => r.settled)]);
    expect(tcp.map((r) => r.finals.length)).toEqual(tcp.map(() => 1));
    expect(spawns.map((r) => r.finals.length)).toEqual(spawns.map(() => 1));
    await waitFor('the killed scripts to be gone', () => pids.every(isDead));
    await server.close();
    await silent.close();
    // Killed groups are reaped in the background: their pidfds close once the kernel reports the exit.
    await waitFor('the descriptors to be released', () => {
      const now = fdKinds();
      return now.socket === before.socket && now.pipe === before.pipe && now.pidfd === before.pidfd;
    }).catch(() => {});
    expect(fdKinds()).toEqual(before);
    engine.close();
    expect(engineFds()).toBe(baseline);
  });

  it('sharedProbeEngine() is one engine per process, recreated after close()', () => {
    const a = sharedProbeEngine();
    defer(() => a.close());
    expect(sharedProbeEngine()).toBe(a);
    a.close();
    const b = sharedProbeEngine();
    defer(() => b.close());
    expect(b).not.toBe(a);
    expect(b.closed).toBe(false);
  });

  it('holds the event loop only while operations run: a process that did TCP and spawn exits by itself', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const src = fileURLToPath(new URL('../src/probe-engine.ts', import.meta.url));
    const port = await closedPort('127.0.0.1');
    // No timer or socket of its own: only the engine can keep this process alive until the events.
    const script = `
      const { sharedProbeEngine, tcpTarget } = await import(${JSON.stringify(src)});
      const engine = sharedProbeEngine();
      engine.tcp(tcpTarget({ address: '127.0.0.1', port: ${port} }), 5000, undefined, {
        onConnected() { console.log('connected'); }, onData() {}, onEnd() { console.log('end'); },
        onTimeout(p) { console.log('timeout', p); },
        onError(_e, code, phase) {
          console.log('tcp', code, phase);
          engine.spawn({ argv: ['sleep', '0.3'], timeoutMs: 5000 }, {
            onExit(status) { console.log('exit', status, engine.active); },
            onTimeout() { console.log('spawn timeout'); },
            onSpawnError(_e, code) { console.log('spawn error', code); },
          });
        },
      });`;
    let child: ChildProcess | undefined;
    const t0 = performance.now();
    const out = await new Promise<{ code: number | null; signal: string | null; stdout: string }>(
      (resolve) => {
        child = execFile(
          process.execPath,
          ['--import', 'tsx', '--input-type=module', '-e', script],
          { cwd: root, timeout: 15_000, killSignal: 'SIGKILL' },
          (err, stdout) => {
            const e = err as (Error & { code?: number | string; signal?: string }) | null;
            resolve({
              code: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
              signal: e?.signal ?? null,
              stdout,
            });
          },
        );
      },
    );
    defer(() => child?.kill('SIGKILL'));
    expect(out).toEqual({ code: 0, signal: null, stdout: 'tcp ECONNREFUSED connect\nexit 0 0\n' });
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
