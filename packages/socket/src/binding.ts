/**
 * Loads the native addon: a prebuild from `prebuilds/` or a source build from `build/`, found
 * by node-gyp-build; falls back to a direct lookup when node-gyp-build cannot be resolved.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One datagram as the addon reads it. */
export interface NativeMessage {
  /** The datagram bytes. */
  data: Buffer;
  /** Raw sockaddr of the sender. */
  from: Buffer;
  /** TTL / hop limit from ancillary data. */
  ttl?: number;
  /** Receiving interface index (IP_PKTINFO / IPV6_PKTINFO). */
  ifindex?: number;
  /** Destination address bytes (4 or 16). */
  dst?: Buffer;
  /** The datagram was larger than the receive buffer. */
  truncated?: boolean;
}

/** The native socket handle. */
export interface NativeSocket {
  /** File descriptor (-1 once closed). */
  readonly fd: number;
  /** setsockopt with an int. */
  setInt(level: number, name: number, value: number): void;
  /** setsockopt with bytes. */
  setBuffer(level: number, name: number, value: Buffer): void;
  /** getsockopt of an int. */
  getInt(level: number, name: number): number;
  /** bind(2). */
  bind(addr: Buffer): void;
  /** connect(2). */
  connect(addr: Buffer): void;
  /** getsockname(2). */
  localAddress(): Buffer;
  /** sendto(2) with MSG_DONTWAIT. */
  sendTo(data: Buffer, addr?: Buffer): number;
  /** Start watching readiness; batches arrive in `cb` (errno 0, or the recvmsg error). */
  start(cb: (messages: NativeMessage[], errno: number) => void): void;
  /** Stop watching readiness. */
  stop(): void;
  /** Whether the readiness watch keeps the event loop alive. */
  setRef(ref: boolean): void;
  /** Stop and close the fd. */
  close(): void;
}

/** Interface facts from ioctl. */
export interface NativeInterfaceInfo {
  /** ifindex. */
  index: number;
  /** Hardware address (first 6 bytes). */
  mac?: Buffer;
  /** ARPHRD_* type. */
  hwtype?: number;
  /** MTU. */
  mtu?: number;
  /** IFF_* flags. */
  flags?: number;
}

/** The native half of `ProbeEngine` (see `probe-engine.ts`). */
export interface NativeProbeEngine {
  /** Features this kernel allows. */
  readonly features: { spawn: boolean };
  /** Starts a TCP operation (`reset`: end an established connection with RST); returns its id. */
  tcp(
    sockaddr: Buffer,
    bind: Buffer | null,
    mark: number,
    timeoutMs: number,
    request: Buffer | null,
    reset: boolean,
  ): number;
  /** Starts a program; returns its id. */
  spawn(
    argv: string[],
    env: string[] | null,
    cwd: string | null,
    timeoutMs: number,
    outputLimit: number,
  ): number;
  /** Stops an operation; true when it was running. */
  cancel(id: number): boolean;
  /** Releases everything. */
  close(): void;
}

/** The addon's exports. */
export interface NativeBinding {
  /** Socket constructor: domain, type, protocol, optional netns path. */
  Socket: new (
    domain: number,
    type: number,
    protocol: number,
    netns?: string,
  ) => NativeSocket;
  /** Probe engine constructor: the callback receives batches of records and their data. */
  ProbeEngine: new (
    callback: (records: Int32Array, data: Uint8Array | undefined) => void,
  ) => NativeProbeEngine;
  /** Interface lookup by name. */
  interfaceInfo(name: string, netns?: string): NativeInterfaceInfo;
  /** Interface name by index. */
  indexToName(index: number, netns?: string): string;
}

/** The package root (`src/..` in development, `dist/..` when installed). */
export const packageRoot: string = fileURLToPath(new URL('..', import.meta.url));

let cached: NativeBinding | undefined;

/**
 * The loaded addon (loaded once, on first use).
 *
 * @returns the binding
 */
export function binding(): NativeBinding {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  let loaded: NativeBinding | undefined;
  try {
    const load = require('node-gyp-build') as (dir: string) => NativeBinding;
    loaded = load(packageRoot);
  } catch (err) {
    const candidates = [join(packageRoot, 'build', 'Release', 'ha_socket.node')];
    const dir = join(packageRoot, 'prebuilds', `${platform()}-${arch()}`);
    if (existsSync(dir)) {
      for (const f of readdirSync(dir)) if (f.endsWith('.node')) candidates.push(join(dir, f));
    }
    const found = candidates.find((c) => existsSync(c));
    if (!found) throw err;
    loaded = require(found) as NativeBinding;
  }
  cached = loaded;
  return loaded;
}
