/**
 * Adds and removes the virtual addresses through rtnetlink, owning only what it added.
 *
 * Ownership is recorded in a small JSON state file (default under `/run/ha-vrrp/`) *before*
 * an address is added and rewritten after it is removed. After a crash (`kill -9`) the
 * addresses stay on the interface — exactly keepalived's split brain — and the next start
 * reads the file and removes them ({@link VipManager.removeStale}). Addresses that were on the
 * interface before we tried to add them (`EEXIST`) are never recorded, so they are never
 * removed: the manager touches nothing it does not own. A state file rather than an address
 * label was chosen because labels exist only for IPv4 and flags such as `IFA_F_NODAD` are
 * shared with addresses configured by hand.
 *
 * @module
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RtnetlinkClient } from '@ha/netlink';
import { RouterError } from './errors.js';

/** A virtual address with its prefix length. */
export interface VirtualAddress {
  /** The address in text form. */
  address: string;
  /** Prefix length (keepalived default: 32 / 128). */
  prefixLength: number;
}

/**
 * Parses `192.0.2.100`, `192.0.2.100/24` or `2001:db8::100/64`.
 *
 * @param text - address with an optional `/prefix`
 * @returns the address and prefix length
 * @throws RouterError `ERR_ROUTER_CONFIG` on a bad prefix length
 */
export function parseVirtualAddress(text: string): VirtualAddress {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const max = address.includes(':') ? 128 : 32;
  const prefixLength = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) {
    throw new RouterError('ERR_ROUTER_CONFIG', `bad prefix length in ${text}`);
  }
  return { address, prefixLength };
}

/** Options of {@link VipManager.open}. */
export interface VipManagerOptions {
  /** Interface name. */
  ifname: string;
  /** Interface index. */
  ifindex: number;
  /** Network namespace of the interface (name or path); default: the current one. */
  netns?: string;
  /** Path of the state file, or `false` for none (no crash recovery). */
  stateFile: string | false;
  /** IPv4 label to put on the addresses (`eth0:vip`), at most 15 bytes. */
  label?: string;
  /** A client to use instead of opening one (tests); it is not closed by the manager. */
  client?: RtnetlinkClient;
}

interface StateFileContent {
  ifname: string;
  ifindex: number;
  pid: number;
  addresses: VirtualAddress[];
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Adds / removes virtual addresses on one interface and remembers which ones it owns. */
export class VipManager {
  readonly #client: RtnetlinkClient;
  readonly #ownsClient: boolean;
  readonly #options: VipManagerOptions;
  readonly #owned = new Map<string, VirtualAddress>();

  private constructor(client: RtnetlinkClient, ownsClient: boolean, options: VipManagerOptions) {
    this.#client = client;
    this.#ownsClient = ownsClient;
    this.#options = options;
  }

  /**
   * Opens a manager (and an rtnetlink socket unless a client is given).
   *
   * @param options - interface, namespace, state file, label
   * @returns the manager
   */
  static open(options: VipManagerOptions): VipManager {
    if (options.client) return new VipManager(options.client, false, options);
    const client = RtnetlinkClient.open(options.netns === undefined ? {} : { netns: options.netns });
    return new VipManager(client, true, options);
  }

  /** The addresses this manager added and has not removed. */
  get owned(): VirtualAddress[] {
    return [...this.#owned.values()];
  }

  /**
   * Removes the addresses a previous, crashed run recorded in the state file.
   *
   * @returns the addresses that were found and removed
   */
  async removeStale(): Promise<string[]> {
    const file = this.#options.stateFile;
    if (file === false) return [];
    let content: StateFileContent;
    try {
      content = JSON.parse(await readFile(file, 'utf8')) as StateFileContent;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      // A torn or foreign file: ignore it (it is rewritten below).
      await this.#save();
      return [];
    }
    const removed: string[] = [];
    for (const a of content.addresses ?? []) {
      if (await this.#delete(a)) removed.push(a.address);
    }
    await this.#save();
    return removed;
  }

  /**
   * Adds addresses (already present ones that we do not own are left alone and not owned).
   *
   * @param addresses - the addresses
   * @returns the addresses that were added
   * @throws RouterError `ERR_ROUTER_VIP` when the kernel refuses an address
   */
  async add(addresses: readonly VirtualAddress[]): Promise<string[]> {
    const todo = addresses.filter((a) => !this.#owned.has(a.address));
    if (todo.length === 0) return [];
    for (const a of todo) this.#owned.set(a.address, a);
    await this.#save(); // write-ahead: a crash from here on is recovered at the next start
    const added: string[] = [];
    for (const a of todo) {
      const v6 = a.address.includes(':');
      try {
        await this.#client.addAddress({
          index: this.#options.ifindex,
          address: a.address,
          prefixLength: a.prefixLength,
          ...(v6 ? { nodad: true } : {}),
          ...(!v6 && this.#options.label !== undefined ? { label: this.#options.label } : {}),
        });
        added.push(a.address);
      } catch (err) {
        this.#owned.delete(a.address);
        if (errnoCode(err) !== 'EEXIST') {
          await this.#save();
          throw new RouterError('ERR_ROUTER_VIP', `cannot add ${a.address}: ${String(err)}`, { cause: err });
        }
      }
    }
    if (added.length !== todo.length) await this.#save();
    return added;
  }

  /**
   * Removes owned addresses (others in the list are ignored).
   *
   * @param addresses - which ones (default: every owned address)
   * @returns the addresses that were removed
   */
  async remove(addresses?: readonly string[]): Promise<string[]> {
    const which = addresses ?? [...this.#owned.keys()];
    const removed: string[] = [];
    for (const addr of which) {
      const a = this.#owned.get(addr);
      if (!a) continue;
      if (await this.#delete(a)) removed.push(addr);
      this.#owned.delete(addr);
    }
    if (removed.length > 0 || which.length > 0) await this.#save();
    return removed;
  }

  async #delete(a: VirtualAddress): Promise<boolean> {
    try {
      await this.#client.deleteAddress({
        index: this.#options.ifindex,
        address: a.address,
        prefixLength: a.prefixLength,
      });
      return true;
    } catch (err) {
      if (errnoCode(err) === 'EADDRNOTAVAIL' || errnoCode(err) === 'ENODEV') return false;
      throw new RouterError('ERR_ROUTER_VIP', `cannot remove ${a.address}: ${String(err)}`, { cause: err });
    }
  }

  async #save(): Promise<void> {
    const file = this.#options.stateFile;
    if (file === false) return;
    try {
      if (this.#owned.size === 0) {
        await rm(file, { force: true });
        return;
      }
      const content: StateFileContent = {
        ifname: this.#options.ifname,
        ifindex: this.#options.ifindex,
        pid: process.pid,
        addresses: [...this.#owned.values()],
      };
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(content)}\n`);
      await rename(tmp, file);
    } catch (err) {
      throw new RouterError('ERR_ROUTER_STATE_FILE', `cannot write ${file}: ${String(err)}`, { cause: err });
    }
  }

  /** Closes the rtnetlink socket (addresses stay as they are). */
  close(): void {
    if (this.#ownsClient) this.#client.close();
  }
}
