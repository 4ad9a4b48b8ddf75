/**
 * keepalived's `vrrp_sync_group` for real-kernel routers in one process: the members change
 * state together (the pure {@link SyncGroup} decides; each member's Router executes its own
 * actions).
 *
 * @module
 */
import type { VrrpInstance } from '../fsm/instance.js';
import { SyncGroup } from '../fsm/sync-group.js';
import { RouterError } from './errors.js';

/**
 * A sync group to pass to {@link Router.start} as `syncGroup` for every member. The members'
 * `start` events are held back until every member has started, then delivered together.
 *
 * ```ts
 * const g = new RouterSyncGroup('G1', ['VI_1', 'VI_2']);
 * const [a, b] = await Promise.all([
 *   Router.start({ interface: 'eth0', syncGroup: g, instance: { name: 'VI_1', … } }),
 *   Router.start({ interface: 'eth1', syncGroup: g, instance: { name: 'VI_2', … } }),
 * ]);
 * ```
 */
export class RouterSyncGroup {
  /** Group name. */
  readonly name: string;
  /** Member instance names. */
  readonly memberNames: readonly string[];
  readonly #fsms = new Map<string, VrrpInstance>();
  readonly #members = new Map<string, unknown>();
  readonly #starts: (() => void)[] = [];
  #group: SyncGroup | undefined;

  /**
   * @param name - group name
   * @param members - instance names of the members
   */
  constructor(name: string, members: readonly string[]) {
    if (members.length === 0 || new Set(members).size !== members.length) {
      throw new RouterError('ERR_ROUTER_CONFIG', `sync group ${name}: members must be unique and non-empty`);
    }
    this.name = name;
    this.memberNames = [...members];
  }

  /** The pure group, once every member has started. */
  get group(): SyncGroup | undefined {
    return this.#group;
  }

  /**
   * Registers a member (called by `Router.start`).
   *
   * @param fsm - the member's state machine
   * @param member - the member (its Router)
   * @param start - delivers the member's `start` event
   * @internal
   */
  register(fsm: VrrpInstance, member: unknown, start: () => void): void {
    if (!this.memberNames.includes(fsm.name)) {
      throw new RouterError('ERR_ROUTER_CONFIG', `${fsm.name} is not a member of sync group ${this.name}`);
    }
    if (this.#fsms.has(fsm.name)) {
      throw new RouterError('ERR_ROUTER_CONFIG', `${fsm.name} joined sync group ${this.name} twice`);
    }
    this.#fsms.set(fsm.name, fsm);
    this.#members.set(fsm.name, member);
    this.#starts.push(start);
    if (this.#fsms.size < this.memberNames.length) return;
    this.#group = new SyncGroup(
      this.name,
      this.memberNames.map((n) => this.#fsms.get(n) as VrrpInstance),
    );
    for (const s of this.#starts.splice(0)) s();
  }

  /**
   * A member by instance name.
   *
   * @param name - instance name
   * @returns the member (its Router), when registered
   * @internal
   */
  member(name: string): unknown {
    return this.#members.get(name);
  }
}
