/**
 * A virtual LAN: who can hear whom, with what delay and loss. Links are directed
 * (`from → to`); partitions and one-way cuts are supported.
 *
 * @module
 */

/** Properties of the directed link between two routers. */
export interface LinkProps {
  /** One-way delay, ms (default 0). */
  delayMs: number;
  /** Extra uniformly distributed delay 0..jitterMs, ms (default 0; drawn from the seeded PRNG). */
  jitterMs: number;
  /** Probability that a packet is lost, 0..1 (default 0; drawn from the seeded PRNG). */
  lossRate: number;
}

/** Reachability and link properties between named routers. */
export class VirtualLan {
  #defaults: LinkProps;
  #links = new Map<string, Partial<LinkProps>>();
  #group = new Map<string, number>();
  #cuts = new Set<string>();
  #isolated = new Set<string>();

  /**
   * @param defaults - properties of every link not configured otherwise
   */
  constructor(defaults: Partial<LinkProps> = {}) {
    this.#defaults = { delayMs: 0, jitterMs: 0, lossRate: 0, ...defaults };
  }

  /**
   * Changes the default properties of every link.
   *
   * @param props - properties to change
   */
  setDefaults(props: Partial<LinkProps>): void {
    this.#defaults = { ...this.#defaults, ...props };
  }

  /**
   * Sets properties of the link `from → to` (and `to → from` unless `oneWay`).
   *
   * @param from - sender
   * @param to - receiver
   * @param props - properties to change
   * @param oneWay - only the `from → to` direction
   */
  setLink(from: string, to: string, props: Partial<LinkProps>, oneWay = false): void {
    const set = (a: string, b: string): void => {
      const k = `${a}\u0000${b}`;
      this.#links.set(k, { ...this.#links.get(k), ...props });
    };
    set(from, to);
    if (!oneWay) set(to, from);
  }

  /**
   * Properties of the link `from → to`.
   *
   * @param from - sender
   * @param to - receiver
   * @returns the effective properties
   */
  link(from: string, to: string): LinkProps {
    const own = this.#links.get(`${from}\u0000${to}`);
    return own ? { ...this.#defaults, ...own } : this.#defaults;
  }

  /**
   * Splits the routers into groups that cannot hear each other. Routers not listed form one
   * more group together.
   *
   * @param groups - router names per side
   */
  partition(groups: string[][]): void {
    this.#group.clear();
    groups.forEach((g, i) => {
      for (const name of g) this.#group.set(name, i + 1);
    });
  }

  /**
   * Cuts one direction only: `to` stops hearing `from` (half-healed partitions).
   *
   * @param from - sender
   * @param to - receiver
   */
  cut(from: string, to: string): void {
    this.#cuts.add(`${from}\u0000${to}`);
  }

  /**
   * Takes a router's carrier down or up: while down it neither sends nor receives. Not
   * affected by {@link VirtualLan.heal}.
   *
   * @param name - router
   * @param up - carrier state
   */
  setCarrier(name: string, up: boolean): void {
    if (up) this.#isolated.delete(name);
    else this.#isolated.add(name);
  }

  /** Removes every partition and cut (link properties and carrier states stay). */
  heal(): void {
    this.#group.clear();
    this.#cuts.clear();
  }

  /**
   * Whether `to` can hear `from` right now.
   *
   * @param from - sender
   * @param to - receiver
   * @returns true when reachable
   */
  canReach(from: string, to: string): boolean {
    if (this.#isolated.size > 0 && (this.#isolated.has(from) || this.#isolated.has(to))) return false;
    if (this.#cuts.size > 0 && this.#cuts.has(`${from}\u0000${to}`)) return false;
    if (this.#group.size === 0) return true;
    return (this.#group.get(from) ?? 0) === (this.#group.get(to) ?? 0);
  }
}
