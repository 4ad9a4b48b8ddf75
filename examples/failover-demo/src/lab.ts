/**
 * A network-namespace lab for `@ha/vrrp` (as `/work/shared/vectors/lab.sh`): a switch namespace
 * with a bridge and N host namespaces, each with one veth `e0` (MAC 02:00:00:00:00:1N,
 * 192.0.2.1N/24, 2001:db8::1N/64, fe80::ff:fe00:1N), plus helpers to run `@ha` routers and
 * keepalived inside it, watch adverts on the wire and read addresses and neighbour tables.
 * Needs root and iproute2. Every name carries a random suffix; `close()` kills what was started
 * and deletes the namespaces.
 *
 * @module
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interfaceInfo, PacketSocket, RawSocket } from '@ha/socket';
import type { RouterOptions } from '@ha/vrrp/router';

/** Repository root (for running tsx with the right tsconfig). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RUNNER = fileURLToPath(new URL('./router-node.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.json', import.meta.url));

/**
 * Runs a command without a shell.
 *
 * @param file - program
 * @param args - arguments
 * @returns stdout
 */
export function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

/** One host of the lab. */
export interface LabHost {
  /** Short name (`h1`). */
  name: string;
  /** Namespace name. */
  ns: string;
  /** Interface name inside the namespace. */
  ifname: string;
  /** Switch port name (in the switch namespace). */
  port: string;
  /** MAC address. */
  mac: string;
  /** IPv4 address. */
  ipv4: string;
  /** IPv6 global address. */
  ipv6: string;
  /** IPv6 link-local address. */
  linkLocal: string;
}

/** An advert seen on the wire by {@link AdvertCapture}. */
export interface CapturedAdvert {
  /** Epoch ms (receive time in this process). */
  t: number;
  /** Source address. */
  source: string;
  /** VRID. */
  vrid: number;
  /** Priority. */
  priority: number;
  /** Version. */
  version: number;
  /** TTL / hop limit as received. */
  ttl: number;
  /** IPv4 TOS (-1 for IPv6). */
  tos: number;
  /** The VRRP message. */
  bytes: Buffer;
}

/** Records VRRP adverts seen by one host (IPv4 and IPv6), through `@ha/socket`. */
export class AdvertCapture {
  /** Everything seen so far. */
  readonly adverts: CapturedAdvert[] = [];
  readonly #sockets: RawSocket[] = [];

  /**
   * @param host - the observing host
   */
  constructor(host: LabHost) {
    const ifindex = interfaceInfo(host.ifname, { netns: host.ns }).index;
    for (const family of [4, 6] as const) {
      const s = RawSocket.open({ family, protocol: 112, netns: host.ns, device: host.ifname });
      s.joinMulticast(family === 4 ? '224.0.0.18' : 'ff02::12', ifindex);
      s.on('message', (payload, info) => {
        const vrid = payload[1] ?? 0;
        this.adverts.push({
          t: performance.timeOrigin + performance.now(),
          source: info.source,
          vrid,
          priority: payload[2] ?? 0,
          version: (payload[0] ?? 0) >> 4,
          ttl: info.ttl,
          tos: family === 4 ? (info.packet[1] ?? -1) : -1,
          bytes: Buffer.from(payload),
        });
      });
      s.on('error', () => undefined);
      this.#sockets.push(s);
    }
  }

  /** Adverts from one source (optionally after a time). */
  from(source: string, after = 0): CapturedAdvert[] {
    return this.adverts.filter((a) => a.source === source && a.t >= after);
  }

  /**
   * Failover on the wire: the gap between the last advert of `oldMaster` (at or before the
   * first advert of `newMaster` after `after`) and that first advert.
   *
   * @returns the gap in ms, or undefined when not (yet) seen
   */
  failoverMs(oldMaster: string, newMaster: string, after: number): number | undefined {
    const first = this.adverts.find((a) => a.source === newMaster && a.t >= after && a.priority > 0);
    if (!first) return undefined;
    const before = this.adverts.filter((a) => a.source === oldMaster && a.t <= first.t);
    const last = before[before.length - 1];
    return last ? first.t - last.t : undefined;
  }

  /**
   * Waits until a failover from `oldMaster` to `newMaster` after `after` is seen on the wire.
   *
   * @returns the gap in ms (see {@link AdvertCapture.failoverMs}), or undefined on timeout
   */
  async failover(
    oldMaster: string,
    newMaster: string,
    after: number,
    timeoutMs = 3000,
  ): Promise<number | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const gap = this.failoverMs(oldMaster, newMaster, after);
      if (gap !== undefined || Date.now() > end) return gap;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Stops capturing. */
  close(): void {
    for (const s of this.#sockets) s.close();
  }
}

/** Records the Ethernet frames of one ethertype a host receives (ARP by default). */
export class FrameCapture {
  /** Every frame so far, with its epoch-ms receive time. */
  readonly frames: { t: number; frame: Buffer }[] = [];
  readonly #socket: PacketSocket;

  /**
   * @param host - the observing host
   * @param ethertype - 0x0806 ARP, 0x86dd IPv6, …
   */
  constructor(host: LabHost, ethertype = 0x0806) {
    this.#socket = PacketSocket.open({ protocol: ethertype, netns: host.ns });
    this.#socket.on('message', (frame) =>
      this.frames.push({ t: performance.timeOrigin + performance.now(), frame: Buffer.from(frame) }),
    );
    this.#socket.on('error', () => undefined);
  }

  /** Stops capturing. */
  close(): void {
    this.#socket.close();
  }
}

/** A line a process printed, with the time it was read. */
export interface ProcessLine {
  /** Epoch ms when read. */
  t: number;
  /** The line. */
  line: string;
}

/** A process started in a namespace, its output collected line by line. */
export class LabProcess extends EventEmitter {
  /** The child. */
  readonly child: ChildProcess;
  /** Every line of stdout and stderr. */
  readonly lines: ProcessLine[] = [];
  /** Resolves with the exit code / signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #done = false;

  /**
   * @param ns - namespace
   * @param argv - program and arguments
   * @param env - extra environment
   */
  constructor(ns: string, argv: readonly string[], env: Record<string, string> = {}) {
    super();
    this.child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let buf = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buf += chunk;
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = { t: Date.now(), line: buf.slice(0, nl) };
          buf = buf.slice(nl + 1);
          this.lines.push(line);
          this.emit('line', line);
          nl = buf.indexOf('\n');
        }
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.#done = true;
        resolve({ code, signal });
      });
    });
  }

  /** Whether the process has exited. */
  get done(): boolean {
    return this.#done;
  }

  /**
   * Waits for a line matching `pattern` (also among lines already read).
   *
   * @param pattern - regular expression or substring
   * @param timeoutMs - give up after (default 15 s)
   * @param after - only lines read at or after this epoch ms
   * @returns the line
   */
  waitForLine(pattern: RegExp | string, timeoutMs = 15_000, after = 0): Promise<ProcessLine> {
    const match = (l: ProcessLine): boolean =>
      l.t >= after && (typeof pattern === 'string' ? l.line.includes(pattern) : pattern.test(l.line));
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('line', onLine);
        reject(new Error(`timeout waiting for ${String(pattern)}; last lines:\n${this.tail()}`));
      }, timeoutMs);
      const onLine = (l: ProcessLine): void => {
        if (!match(l)) return;
        clearTimeout(timer);
        this.off('line', onLine);
        resolve(l);
      };
      this.on('line', onLine);
    });
  }

  /** The last lines, for error messages. */
  tail(n = 15): string {
    return this.lines
      .slice(-n)
      .map((l) => l.line)
      .join('\n');
  }

  /**
   * Sends a signal (no-op when exited) and waits for the exit.
   *
   * @param signal - signal
   * @param timeoutMs - then SIGKILL
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5000): Promise<void> {
    if (this.#done) return;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(t);
  }
}

/** Events a router process printed (JSON lines of `router-node.ts`). */
export interface RouterLine {
  /** Event name (`ready`, `stateChange`, `vipsAdded`, …). */
  ev: string;
  /** Epoch ms. */
  t: number;
  /** Other fields. */
  [key: string]: unknown;
}

/** An `@ha/vrrp` router running as a process in a lab host. */
export class RouterProcess extends LabProcess {
  /** The host. */
  readonly host: LabHost;

  /**
   * @param host - where
   * @param options - router options (JSON-serialisable)
   */
  constructor(host: LabHost, options: Omit<RouterOptions, 'signal' | 'transport'>) {
    super(host.ns, [process.execPath, '--import', 'tsx', RUNNER, JSON.stringify(options)], {
      TSX_TSCONFIG_PATH: TSCONFIG,
    });
    this.host = host;
  }

  /** Parsed JSON events. */
  get events(): RouterLine[] {
    const out: RouterLine[] = [];
    for (const l of this.lines) {
      if (!l.line.startsWith('{')) continue;
      try {
        out.push(JSON.parse(l.line) as RouterLine);
      } catch {
        // not ours
      }
    }
    return out;
  }

  /** The last state reported (`Initialize` before any). */
  get state(): string {
    const changes = this.events.filter((e) => e.ev === 'stateChange');
    return (changes[changes.length - 1]?.to as string | undefined) ?? 'Initialize';
  }

  /**
   * Waits until the router reports `state` (a stateChange after `after`).
   *
   * @param state - `Master`, `Backup`, `Fault`, `Initialize`
   * @param timeoutMs - give up after
   * @param after - epoch ms
   * @returns the event
   */
  async waitForState(state: string, timeoutMs = 15_000, after = 0): Promise<RouterLine> {
    const l = await this.waitForLine(new RegExp(`"ev":"stateChange".*"to":"${state}"`), timeoutMs, after);
    return JSON.parse(l.line) as RouterLine;
  }
}

/** keepalived 2.2.7 running in a lab host (`-P -n -l -D -G`, private pid files). */
export class KeepalivedProcess extends LabProcess {
  /** The host. */
  readonly host: LabHost;
  readonly #vrrpPidFile: string;

  /**
   * @param host - where
   * @param dir - directory for the config and pid files
   * @param config - keepalived.conf text
   */
  constructor(host: LabHost, dir: string, config: string) {
    const conf = join(dir, `${host.name}.conf`);
    writeFileSync(conf, config);
    const pid = (k: string): string => join(dir, `${host.name}-${k}.pid`);
    for (const k of ['main', 'vrrp', 'chk', 'bfd']) rmSync(pid(k), { force: true });
    super(host.ns, [
      'keepalived',
      '-P',
      '-n',
      '-l',
      '-D',
      '-G',
      '-f',
      conf,
      '-p',
      pid('main'),
      '-r',
      pid('vrrp'),
      '-c',
      pid('chk'),
      '-b',
      pid('bfd'),
    ]);
    this.host = host;
    this.#vrrpPidFile = pid('vrrp');
  }

  /** A real crash: SIGSTOP the parent, SIGKILL the VRRP child, SIGKILL the parent (see VECTORS.md). */
  async crash(): Promise<void> {
    if (this.done) return;
    this.child.kill('SIGSTOP');
    try {
      const child = Number(readFileSync(this.#vrrpPidFile, 'utf8').trim());
      if (child > 0) process.kill(child, 'SIGKILL');
    } catch {
      // no child yet
    }
    await this.stop('SIGKILL');
  }

  /** Graceful stop (SIGTERM: priority-0 advert), waiting for the VRRP child too. */
  async terminate(): Promise<void> {
    await this.stop('SIGTERM', 8000);
  }

  /** Kills the VRRP child if it survived (cleanup). */
  killChild(): void {
    try {
      const child = Number(readFileSync(this.#vrrpPidFile, 'utf8').trim());
      if (child > 0) process.kill(child, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** Options of {@link Lab.create}. */
export interface LabOptions {
  /** Number of hosts (default 3: h1, h2 and the observer h3). */
  hosts?: number;
}

/** The lab: namespaces, hosts, processes. */
export class Lab {
  /** Random suffix of every name. */
  readonly id: string;
  /** Switch namespace. */
  readonly sw: string;
  /** Hosts h1…hN. */
  readonly hosts: LabHost[];
  /** Temporary directory (configs, pid files, state files). */
  readonly dir: string;
  readonly #processes: LabProcess[] = [];
  readonly #captures: (AdvertCapture | FrameCapture)[] = [];
  #closed = false;

  private constructor(id: string, hosts: LabHost[]) {
    this.id = id;
    this.sw = `hav-${id}-sw`;
    this.hosts = hosts;
    this.dir = mkdtempSync(join(tmpdir(), `hav-${id}-`));
  }

  /**
   * Creates the namespaces, the bridge and the hosts.
   *
   * @param options - number of hosts
   * @returns the lab (call `close()` in a `finally` / `afterAll`)
   */
  static async create(options: LabOptions = {}): Promise<Lab> {
    const id = Math.random().toString(36).slice(2, 8);
    const n = options.hosts ?? 3;
    const hosts: LabHost[] = [];
    for (let i = 1; i <= n; i++) {
      hosts.push({
        name: `h${i}`,
        ns: `hav-${id}-h${i}`,
        ifname: 'e0',
        port: `hav${id}p${i}`,
        mac: `02:00:00:00:00:1${i}`,
        ipv4: `192.0.2.1${i}`,
        ipv6: `2001:db8::1${i}`,
        linkLocal: `fe80::ff:fe00:1${i}`,
      });
    }
    const lab = new Lab(id, hosts);
    try {
      await lab.#up();
    } catch (err) {
      await lab.close();
      throw err;
    }
    return lab;
  }

  async #up(): Promise<void> {
    const sw = this.sw;
    await run('ip', ['netns', 'add', sw]);
    await run('ip', ['-n', sw, 'link', 'set', 'lo', 'up']);
    await run('ip', ['netns', 'exec', sw, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    await run('ip', [
      '-n',
      sw,
      'link',
      'add',
      'br0',
      'type',
      'bridge',
      'mcast_snooping',
      '0',
      'stp_state',
      '0',
    ]);
    await run('ip', ['-n', sw, 'link', 'set', 'br0', 'up']);
    for (const h of this.hosts) {
      await run('ip', ['netns', 'add', h.ns]);
      await run('ip', ['-n', h.ns, 'link', 'set', 'lo', 'up']);
      await run('ip', [
        'link',
        'add',
        h.port,
        'netns',
        sw,
        'type',
        'veth',
        'peer',
        'name',
        h.ifname,
        'netns',
        h.ns,
      ]);
      await run('ip', ['-n', sw, 'link', 'set', h.port, 'master', 'br0']);
      await run('ip', ['-n', sw, 'link', 'set', h.port, 'up']);
      await run('ip', ['-n', h.ns, 'link', 'set', h.ifname, 'address', h.mac]);
      for (const k of [
        `${h.ifname}.accept_dad=0`,
        'all.accept_dad=0',
        'default.accept_dad=0',
        `${h.ifname}.router_solicitations=0`,
      ]) {
        await run('ip', ['netns', 'exec', h.ns, 'sysctl', '-qw', `net.ipv6.conf.${k}`]);
      }
      await run('ip', ['-n', h.ns, 'addr', 'add', `${h.ipv4}/24`, 'dev', h.ifname]);
      await run('ip', ['-n', h.ns, 'addr', 'add', `${h.ipv6}/64`, 'dev', h.ifname, 'nodad']);
      await run('ip', ['-n', h.ns, 'link', 'set', h.ifname, 'up']);
    }
    // Wait for the link-local addresses (the routers' IPv6 source).
    for (const h of this.hosts) {
      for (let i = 0; i < 50; i++) {
        if ((await this.addresses(h)).includes(h.linkLocal)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /**
   * A host by name or number.
   *
   * @param which - `h1` or 1
   * @returns the host
   */
  host(which: string | number): LabHost {
    const name = typeof which === 'number' ? `h${which}` : which;
    const h = this.hosts.find((x) => x.name === name);
    if (!h) throw new Error(`no host ${name}`);
    return h;
  }

  /**
   * Addresses on a host's interface.
   *
   * @param host - the host
   * @returns the addresses (no prefix)
   */
  async addresses(host: LabHost): Promise<string[]> {
    const json = JSON.parse(await run('ip', ['-n', host.ns, '-j', 'addr', 'show', 'dev', host.ifname])) as {
      addr_info?: { local: string }[];
    }[];
    return json.flatMap((l) => (l.addr_info ?? []).map((a) => a.local));
  }

  /**
   * The hosts whose interface carries `address`.
   *
   * @param address - the VIP
   * @returns host names
   */
  async holders(address: string): Promise<string[]> {
    const out: string[] = [];
    for (const h of this.hosts) if ((await this.addresses(h)).includes(address)) out.push(h.name);
    return out;
  }

  /**
   * The MAC a host's neighbour table has for `address`.
   *
   * @param host - the host
   * @param address - IPv4 / IPv6 address
   * @returns the MAC, or undefined when there is no entry with one
   */
  async neighbour(host: LabHost, address: string): Promise<string | undefined> {
    const json = JSON.parse(await run('ip', ['-n', host.ns, '-j', 'neigh', 'show', 'to', address])) as {
      lladdr?: string;
    }[];
    return json[0]?.lladdr;
  }

  /**
   * Pings once from a host (creates the neighbour entry).
   *
   * @param host - from
   * @param address - to
   * @returns whether a reply came
   */
  async ping(host: LabHost, address: string): Promise<boolean> {
    try {
      await run('ip', ['netns', 'exec', host.ns, 'ping', '-c', '1', '-W', '1', address]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Removes every address a test or a crashed router left on the hosts (keeps the lab's own).
   */
  async resetAddresses(): Promise<void> {
    for (const h of this.hosts) await this.resetAddressesOf(h);
  }

  /**
   * Removes every address but the lab's own from one host (e.g. a VIP a crashed router left).
   *
   * @param h - the host
   */
  async resetAddressesOf(h: LabHost): Promise<void> {
    for (const a of await this.addresses(h)) {
      if ([h.ipv4, h.ipv6, h.linkLocal].includes(a)) continue;
      const json = JSON.parse(await run('ip', ['-n', h.ns, '-j', 'addr', 'show', 'dev', h.ifname])) as {
        addr_info?: { local: string; prefixlen: number }[];
      }[];
      const info = json.flatMap((l) => l.addr_info ?? []).find((x) => x.local === a);
      if (info)
        await run('ip', ['-n', h.ns, 'addr', 'del', `${a}/${info.prefixlen}`, 'dev', h.ifname]).catch(
          () => undefined,
        );
    }
  }

  /**
   * Carrier off / on for a host: its switch port goes down / up.
   *
   * @param host - the host
   * @param up - up or down
   */
  async carrier(host: LabHost, up: boolean): Promise<void> {
    await run('ip', ['-n', this.sw, 'link', 'set', host.port, up ? 'up' : 'down']);
  }

  /**
   * Starts an `@ha/vrrp` router process in a host (state files go to the lab's directory).
   *
   * @param host - where
   * @param options - router options
   * @returns the process
   */
  router(
    host: LabHost,
    options: Omit<RouterOptions, 'signal' | 'transport' | 'interface'> & { interface?: string },
  ): RouterProcess {
    const p = new RouterProcess(host, { interface: host.ifname, stateDir: this.dir, ...options });
    this.#processes.push(p);
    return p;
  }

  /**
   * Starts keepalived in a host.
   *
   * @param host - where
   * @param config - keepalived.conf text
   * @returns the process
   */
  keepalived(host: LabHost, config: string): KeepalivedProcess {
    const p = new KeepalivedProcess(host, this.dir, config);
    this.#processes.push(p);
    return p;
  }

  /**
   * Starts recording adverts seen by a host.
   *
   * @param host - the observer (h3)
   * @returns the capture
   */
  capture(host: LabHost): AdvertCapture {
    const c = new AdvertCapture(host);
    this.#captures.push(c);
    return c;
  }

  /**
   * Starts recording Ethernet frames of one ethertype seen by a host.
   *
   * @param host - the observer
   * @param ethertype - default 0x0806 (ARP)
   * @returns the capture
   */
  frames(host: LabHost, ethertype = 0x0806): FrameCapture {
    const c = new FrameCapture(host, ethertype);
    this.#captures.push(c);
    return c;
  }

  /** Kills every process started, stops captures, deletes the namespaces and the directory. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const c of this.#captures) c.close();
    for (const p of this.#processes) {
      if (p instanceof KeepalivedProcess) p.killChild();
      if (!p.done) p.child.kill('SIGKILL');
    }
    await Promise.all(
      this.#processes.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 3000))])),
    );
    for (const ns of [...this.hosts.map((h) => h.ns), this.sw]) {
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Same as {@link Lab.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/** Sleeps. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
