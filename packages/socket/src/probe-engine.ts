/**
 * {@link ProbeEngine}: thousands of short health-check operations per second on one epoll set,
 * the way keepalived's checker loop runs them, instead of one libuv handle and one JS stream
 * object per connection. Operations: a TCP connect (optionally from a bound address, with
 * `SO_MARK`), optionally followed by one request whose reply streams back (HTTP over plain TCP),
 * and a program run in its own process group (`posix_spawnp`, exit seen through a pidfd).
 * Deadlines are kept natively; results arrive in batches, one JS call per event-loop wake-up.
 *
 * @module
 */
import { constants } from 'node:os';
import { binding, type NativeProbeEngine } from './binding.js';
import { errnoName, native } from './errors.js';
import { interfaceInfo } from './interface.js';
import { parseIP } from './ip.js';
import { sockaddrIn, sockaddrIn6 } from './sockaddr.js';

/** Where an operation was when it failed or ran out of time. */
export type ProbePhase = 'connect' | 'send' | 'receive' | 'run' | 'setup';

const PHASES: readonly ProbePhase[] = ['connect', 'send', 'receive', 'run', 'setup'];

/** Receives the events of one TCP operation started with {@link ProbeEngine.tcp}. Exactly one final call. */
export interface TcpProbeHandler {
  /** Connect-only operation: the connection was established (and is already closed). Final. */
  onConnected(): void;
  /** Bytes of the reply (request operations). More may follow. */
  onData(chunk: Buffer): void;
  /** The peer closed the connection (EOF). Final. */
  onEnd(): void;
  /** A system call failed: `errno`, its name (`'ECONNREFUSED'`) and the phase. Final. */
  onError(errno: number, code: string, phase: ProbePhase): void;
  /** The deadline passed during `phase`; the socket is closed. Final. */
  onTimeout(phase: ProbePhase): void;
}

/** Receives the events of one program started with {@link ProbeEngine.spawn}. Exactly one final call. */
export interface SpawnProbeHandler {
  /**
   * The program exited: its status (`null` when killed by a signal), the signal name, and the first
   * `outputLimit` bytes of its stdout and stderr (interleaved as written). Final.
   */
  onExit(status: number | null, signal: string | null, output: Buffer): void;
  /** The deadline passed: the whole process group was killed with SIGKILL. Final. */
  onTimeout(): void;
  /** The program could not be started (`ENOENT`, `EACCES`, …). Final. */
  onSpawnError(errno: number, code: string): void;
}

/** Where {@link ProbeEngine.tcp} connects; build it once with {@link tcpTarget}. */
export interface TcpTarget {
  /** Encoded `sockaddr` of the destination. */
  readonly sockaddr: Buffer;
  /** Encoded `sockaddr` to bind to first, if any. */
  readonly bind: Buffer | null;
  /** `SO_MARK` (0 = none). */
  readonly mark: number;
}

/** Per-operation options of {@link ProbeEngine.tcp}. */
export interface TcpProbeOptions {
  /**
   * End the connection with an RST (`SO_LINGER` 0) instead of a FIN once it is established: at the
   * end of the operation, on {@link ProbeEngine.cancel}, at the deadline. Neither end then keeps a
   * TIME_WAIT entry and the peer's side of the FIN/ACK exchange is skipped (HAProxy closes its
   * server connections this way). Default false.
   */
  readonly reset?: boolean;
}

/** Options of {@link tcpTarget}. */
export interface TcpTargetOptions {
  /** Destination IP literal (IPv4 or IPv6, with `%zone` for link-local). Names are not resolved. */
  address: string;
  /** Destination port, 1..65535. */
  port: number;
  /** Source address to bind to (IP literal). */
  bindAddress?: string;
  /** Source port to bind to (0 = any). */
  bindPort?: number;
  /** Firewall mark (`SO_MARK`, needs CAP_NET_ADMIN); 0 or absent = none. */
  mark?: number;
  /** Interface for a link-local destination without `%zone`. */
  bindIf?: string;
}

/** An invalid argument to the probe engine (not an IP literal, port out of range, …). */
export class ProbeArgumentError extends Error {
  /** Always `'ERR_HA_PROBE_ARGUMENT'`. */
  readonly code = 'ERR_HA_PROBE_ARGUMENT' as const;

  /** @param message - what is wrong */
  constructor(message: string) {
    super(message);
    this.name = 'ProbeArgumentError';
  }
}

function scopeIndex(zone: string): number {
  if (/^\d+$/.test(zone)) return Number(zone);
  return interfaceInfo(zone).index;
}

function encode(address: string, port: number, bindIf?: string): Buffer {
  const pct = address.indexOf('%');
  const ip = pct === -1 ? address : address.slice(0, pct);
  const zone = pct === -1 ? bindIf : address.slice(pct + 1);
  const parsed = parseIP(ip);
  if (parsed === undefined) throw new ProbeArgumentError(`not an IP address: '${address}'`);
  const bytes = parsed.bytes;
  if (parsed.family === 4) return sockaddrIn(bytes, port);
  const linkLocal = bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80;
  return sockaddrIn6(bytes, linkLocal && zone ? scopeIndex(zone) : 0, port);
}

/**
 * Validates and encodes a TCP destination once (per check definition, not per probe).
 *
 * @param opts - destination, optional source and mark
 * @returns the encoded target
 * @throws {@link ProbeArgumentError} for an address that is not an IP literal or a bad port
 */
export function tcpTarget(opts: TcpTargetOptions): TcpTarget {
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535)
    throw new ProbeArgumentError(`port must be 1..65535, got ${opts.port}`);
  const bindPort = opts.bindPort ?? 0;
  if (!Number.isInteger(bindPort) || bindPort < 0 || bindPort > 65535)
    throw new ProbeArgumentError(`bindPort must be 0..65535, got ${bindPort}`);
  const sockaddr = encode(opts.address, opts.port, opts.bindIf);
  let bind: Buffer | null = null;
  if (opts.bindAddress !== undefined) bind = encode(opts.bindAddress, bindPort, opts.bindIf);
  else if (bindPort !== 0)
    bind =
      sockaddr.length === 28
        ? sockaddrIn6(new Uint8Array(16), 0, bindPort)
        : sockaddrIn(new Uint8Array(4), bindPort);
  if (bind !== null && bind.length !== sockaddr.length)
    throw new ProbeArgumentError('bindAddress and address are of different families');
  const mark = opts.mark ?? 0;
  if (!Number.isInteger(mark) || mark < 0 || mark > 0xffffffff)
    throw new ProbeArgumentError(`mark must be a 32-bit unsigned integer, got ${mark}`);
  return { sockaddr, bind, mark: mark | 0 };
}

/** Options of {@link ProbeEngine.spawn}. */
export interface SpawnProbeOptions {
  /** Program and arguments; the program is looked up in `PATH` like execvp. Never a shell. */
  argv: readonly string[];
  /** Environment as `NAME=value` strings. Default: this process's. */
  env?: readonly string[];
  /** Working directory. Default: this process's. */
  cwd?: string;
  /** Deadline in ms; past it the whole process group is killed with SIGKILL. */
  timeoutMs: number;
  /** Bytes of output kept (the rest is read and dropped). Default 0. */
  outputLimit?: number;
}

function checkTimeout(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0 || ms > 2 ** 31)
    throw new ProbeArgumentError(`timeoutMs must be a finite number of ms in 0..2^31, got ${ms}`);
}

const EV_CONNECTED = 1;
const EV_DATA = 2;
const EV_END = 3;
const EV_ERROR = 4;
const EV_TIMEOUT = 5;
const EV_EXIT = 6;
const EV_SPAWN_ERROR = 7;
const RECORD = 6;
const EMPTY = Buffer.alloc(0);

const signalNames = new Map<number, string>();
for (const [name, value] of Object.entries(constants.signals)) signalNames.set(value, name);

type Handler = TcpProbeHandler | SpawnProbeHandler;

/** Operation ids are `generation << 20 | slot` (native kSlotBits); slots are reused, few and small. */
const SLOT_MASK = (1 << 20) - 1;

/**
 * The handlers of running operations, by slot. Not a Map: at 10,000 operations a second a Map's
 * hash table is rebuilt over and over, and an obsolete table keeps pointing at its successor and
 * at the handlers it held; once one such table reaches the old generation, every later table and
 * every handler, promise and reply it references is promoted too (tens of MB a second of garbage
 * that only a full collection frees). Two arrays indexed by slot allocate nothing per operation.
 */
class HandlerTable {
  readonly #handlers: (Handler | undefined)[] = [];
  readonly #ids: number[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  set(id: number, handler: Handler): void {
    const slot = id & SLOT_MASK;
    while (this.#handlers.length <= slot) {
      this.#handlers.push(undefined);
      this.#ids.push(-1);
    }
    if (this.#handlers[slot] === undefined) this.#size++;
    this.#handlers[slot] = handler;
    this.#ids[slot] = id;
  }

  get(id: number): Handler | undefined {
    const slot = id & SLOT_MASK;
    return this.#ids[slot] === id ? this.#handlers[slot] : undefined;
  }

  delete(id: number): boolean {
    const slot = id & SLOT_MASK;
    if (this.#ids[slot] !== id || this.#handlers[slot] === undefined) return false;
    this.#handlers[slot] = undefined;
    this.#ids[slot] = -1;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#handlers.fill(undefined);
    this.#ids.fill(-1);
    this.#size = 0;
  }
}

/**
 * Runs health-check operations natively on one epoll set watched by the event loop. Use one per
 * process ({@link sharedProbeEngine}); it keeps the event loop alive only while operations run.
 *
 * @example
 * ```ts
 * const engine = sharedProbeEngine();
 * const target = tcpTarget({ address: '127.0.0.1', port: 80 });
 * engine.tcp(target, 2000, undefined, {
 *   onConnected: () => console.log('up'),
 *   onData: () => {}, onEnd: () => {},
 *   onError: (_e, code) => console.log('down', code),
 *   onTimeout: () => console.log('down: timeout'),
 * });
 * ```
 */
export class ProbeEngine {
  readonly #native: NativeProbeEngine;
  readonly #handlers = new HandlerTable();
  #closed = false;

  /** Opens the epoll set, its timer and its wake-up fd. */
  constructor() {
    const { ProbeEngine: Native } = binding();
    this.#native = native(() => new Native((records, data) => this.#dispatch(records, data)));
  }

  /** True when {@link ProbeEngine.spawn} is available (the kernel has pidfds, Linux ≥ 5.3). */
  get canSpawn(): boolean {
    return this.#native.features.spawn;
  }

  /** Operations started and not yet finished. */
  get active(): number {
    return this.#handlers.size;
  }

  /** Whether {@link ProbeEngine.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Connects to `target`; with `request`, sends it once connected and streams the reply to
   * `handler.onData` until EOF, an error, the deadline or {@link ProbeEngine.cancel}. Without it,
   * closes at once and calls `handler.onConnected`. Every outcome (even an immediate failure) is
   * delivered asynchronously.
   *
   * @param target - from {@link tcpTarget}
   * @param timeoutMs - deadline of the whole operation
   * @param request - bytes to send once connected, or undefined for a connect-only probe
   * @param handler - receives the events
   * @param options - how the connection ends ({@link TcpProbeOptions})
   * @returns the operation id, for {@link ProbeEngine.cancel}
   */
  tcp(
    target: TcpTarget,
    timeoutMs: number,
    request: Buffer | undefined,
    handler: TcpProbeHandler,
    options?: TcpProbeOptions,
  ): number {
    this.#checkOpen();
    checkTimeout(timeoutMs);
    const id = this.#native.tcp(
      target.sockaddr,
      target.bind,
      target.mark,
      timeoutMs,
      request ?? null,
      options?.reset === true,
    );
    this.#handlers.set(id, handler);
    return id;
  }

  /**
   * Runs a program in its own process group, stdin on /dev/null, stdout and stderr on one pipe.
   *
   * @param opts - program, environment, deadline
   * @param handler - receives the events
   * @returns the operation id, for {@link ProbeEngine.cancel}
   * @throws `SocketError` ENOSYS when the kernel has no pidfds ({@link ProbeEngine.canSpawn})
   */
  spawn(opts: SpawnProbeOptions, handler: SpawnProbeHandler): number {
    this.#checkOpen();
    if (opts.argv.length === 0) throw new ProbeArgumentError('argv is empty');
    checkTimeout(opts.timeoutMs);
    const id = native(() =>
      this.#native.spawn(
        opts.argv as string[],
        (opts.env as string[] | undefined) ?? null,
        opts.cwd ?? null,
        opts.timeoutMs,
        opts.outputLimit ?? 0,
      ),
    );
    this.#handlers.set(id, handler);
    return id;
  }

  /**
   * Stops an operation: closes its socket, or SIGKILLs its process group (reaped in the
   * background). No event is delivered for it afterwards.
   *
   * @param id - from {@link ProbeEngine.tcp} or {@link ProbeEngine.spawn}
   * @returns true when it was still running
   */
  cancel(id: number): boolean {
    if (!this.#handlers.delete(id)) return false;
    return this.#closed ? false : this.#native.cancel(id);
  }

  /** Closes every socket, kills every running program and releases the engine. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    this.#native.close();
  }

  /** Same as {@link ProbeEngine.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new ProbeArgumentError('probe engine is closed');
  }

  #dispatch(records: Int32Array, bytes: Uint8Array | undefined): void {
    const handlers = this.#handlers;
    const data = bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = 0; i < records.length; i += RECORD) {
      const id = records[i] as number;
      const h = handlers.get(id);
      if (h === undefined) continue;
      const event = records[i + 1] as number;
      const value = records[i + 2] as number;
      const aux = records[i + 3] as number;
      const offset = records[i + 4] as number;
      const chunk =
        offset < 0 || data === undefined ? EMPTY : data.subarray(offset, offset + (records[i + 5] as number));
      // DATA with aux 1 carries the end too: the operation is over natively (no cancel needed).
      if (event !== EV_DATA || aux === 1) handlers.delete(id);
      // A handler that throws must not stop the others of the batch: report it like an uncaught error.
      try {
        switch (event) {
          case EV_CONNECTED:
            (h as TcpProbeHandler).onConnected();
            break;
          case EV_DATA:
            if (aux === 1) {
              try {
                (h as TcpProbeHandler).onData(chunk);
              } catch (err) {
                rethrowLater(err);
              }
              (h as TcpProbeHandler).onEnd();
            } else (h as TcpProbeHandler).onData(chunk);
            break;
          case EV_END:
            (h as TcpProbeHandler).onEnd();
            break;
          case EV_ERROR:
            (h as TcpProbeHandler).onError(value, errnoName(value), PHASES[aux] ?? 'setup');
            break;
          case EV_TIMEOUT:
            if (aux === 3) (h as SpawnProbeHandler).onTimeout();
            else (h as TcpProbeHandler).onTimeout(PHASES[aux] ?? 'setup');
            break;
          case EV_EXIT:
            (h as SpawnProbeHandler).onExit(
              value >= 0 ? value : null,
              aux > 0 ? (signalNames.get(aux) ?? `SIG${aux}`) : null,
              chunk,
            );
            break;
          case EV_SPAWN_ERROR:
            (h as SpawnProbeHandler).onSpawnError(value, errnoName(value));
            break;
        }
      } catch (err) {
        rethrowLater(err);
      }
    }
  }
}

/** Reports a handler's exception like an uncaught error, without stopping the batch. */
function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

let shared: ProbeEngine | undefined;

/**
 * The process-wide engine, created on first use (recreated if it was closed).
 *
 * @returns the shared {@link ProbeEngine}
 */
export function sharedProbeEngine(): ProbeEngine {
  if (shared === undefined || shared.closed) shared = new ProbeEngine();
  return shared;
}
