/**
 * Tracks an interface's operational state (IFF_RUNNING: admin up and carrier) through
 * rtnetlink link events — keepalived's `track_interface` and the implicit tracking of the
 * instance's own interface (`Netlink reports eth0 down` → Fault).
 *
 * @module
 */
import { RtnetlinkWatcher } from '@ha/netlink';

/** Options of {@link InterfaceTracker.open}. */
export interface InterfaceTrackerOptions {
  /** Interface names to watch. */
  interfaces: string[];
  /** Network namespace; default: the current one. */
  netns?: string;
  /** Called with the interface name and whether it is running (also once per interface at start). */
  onChange: (name: string, up: boolean) => void;
}

/** Watches links and reports running / not running per interface name. */
export class InterfaceTracker {
  readonly #watcher: RtnetlinkWatcher;
  readonly #state = new Map<string, boolean>();
  readonly #options: InterfaceTrackerOptions;

  private constructor(watcher: RtnetlinkWatcher, options: InterfaceTrackerOptions) {
    this.#watcher = watcher;
    this.#options = options;
  }

  /**
   * Opens the watcher and reports the current state of every interface.
   *
   * @param options - interfaces, namespace, callback
   * @returns the tracker
   */
  static async open(options: InterfaceTrackerOptions): Promise<InterfaceTracker> {
    const watcher = await RtnetlinkWatcher.open({
      ipv4: false,
      ipv6: false,
      ...(options.netns === undefined ? {} : { netns: options.netns }),
    });
    const t = new InterfaceTracker(watcher, options);
    const check = (): void => t.#check();
    watcher.on('linkChanged', check);
    watcher.on('linkAdded', check);
    watcher.on('linkRemoved', check);
    watcher.on('resync', check);
    watcher.on('error', () => undefined);
    t.#check();
    return t;
  }

  /**
   * Whether an interface is running, as last seen.
   *
   * @param name - interface name
   * @returns running, or undefined when unknown
   */
  isUp(name: string): boolean | undefined {
    return this.#state.get(name);
  }

  #check(): void {
    for (const name of this.#options.interfaces) {
      const link = this.#watcher.linkByName(name);
      const up = link?.up === true && link.running;
      if (this.#state.get(name) === up) continue;
      this.#state.set(name, up);
      this.#options.onChange(name, up);
    }
  }

  /** Stops watching. */
  close(): void {
    this.#watcher.close();
  }
}
