/**
 * keepalived `vrrp_sync_group`: member instances change state together.
 *
 * - one member enters Fault ⇒ every other member enters Fault; they leave it when no member
 *   has a fault of its own any more;
 * - one member becomes Master (its timer expired) ⇒ every Backup member becomes Master;
 * - one Master member steps down to Backup ⇒ every Master member steps down.
 *
 * Pure like {@link VrrpInstance}: route every member's events through {@link SyncGroup.handle}
 * and execute the returned actions per member.
 *
 * @module
 */

import type { VrrpAction } from './actions.js';
import { VrrpFsmError } from './errors.js';
import type { SyncEvent, VrrpEvent } from './events.js';
import type { VrrpInstance } from './instance.js';

/** A group of instances that change state together. */
export class SyncGroup {
  /** Group name (`vrrp_sync_group NAME`). */
  readonly name: string;
  /** Members by instance name. */
  readonly members: ReadonlyMap<string, VrrpInstance>;

  /**
   * @param name - group name
   * @param members - member instances (at least one; names unique)
   * @throws VrrpFsmError `ERR_VRRP_SYNC_GROUP` on duplicate or missing members
   */
  constructor(name: string, members: VrrpInstance[]) {
    if (members.length === 0)
      throw new VrrpFsmError('ERR_VRRP_SYNC_GROUP', `sync group ${name} has no members`);
    const map = new Map<string, VrrpInstance>();
    for (const m of members) {
      if (map.has(m.name))
        throw new VrrpFsmError('ERR_VRRP_SYNC_GROUP', `${m.name} twice in sync group ${name}`);
      map.set(m.name, m);
    }
    this.name = name;
    this.members = map;
  }

  /**
   * Delivers an event to one member and propagates its state changes to the others.
   *
   * @param member - name of the member the event is for
   * @param event - the event
   * @returns the actions to execute, per member name, in order (members without actions are absent)
   * @throws VrrpFsmError `ERR_VRRP_SYNC_GROUP` when `member` is not in the group
   */
  handle(member: string, event: VrrpEvent): Map<string, VrrpAction[]> {
    const target = this.members.get(member);
    if (!target) throw new VrrpFsmError('ERR_VRRP_SYNC_GROUP', `${member} is not in sync group ${this.name}`);
    const result = new Map<string, VrrpAction[]>();
    const queue: Array<[VrrpInstance, VrrpEvent]> = [[target, event]];
    const now = event.now;
    while (queue.length > 0) {
      const [inst, ev] = queue.shift() as [VrrpInstance, VrrpEvent];
      const actions = inst.handle(ev);
      if (actions.length === 0) continue;
      const list = result.get(inst.name) ?? [];
      list.push(...actions);
      result.set(inst.name, list);
      for (const a of actions) {
        if (a.type !== 'stateChange' || a.cause === 'syncGroup') continue;
        const reason = `sync group ${this.name}: ${inst.name} entered ${a.to.toUpperCase()}`;
        for (const other of this.members.values()) {
          if (other === inst) continue;
          if (a.to === 'Master' && other.state === 'Backup')
            queue.push([other, this.#ev(now, 'Master', reason)]);
          if (a.to === 'Backup' && a.from === 'Master' && other.state === 'Master') {
            queue.push([other, this.#ev(now, 'Backup', reason)]);
          }
        }
      }
      // Fault is a group property: a member is held in Fault while any other member has its own fault.
      for (const other of this.members.values()) {
        const culprit = [...this.members.values()].find((m) => m !== other && m.ownFault);
        if (culprit && !other.syncFault) {
          queue.push([other, this.#ev(now, 'Fault', `sync group ${this.name}: ${culprit.name} in FAULT`)]);
        } else if (!culprit && other.syncFault) {
          queue.push([other, this.#ev(now, 'Unfault', `sync group ${this.name}: fault cleared`)]);
        }
      }
    }
    return result;
  }

  #ev(now: number, to: SyncEvent['to'], reason: string): SyncEvent {
    return { type: 'sync', now, to, reason };
  }
}
