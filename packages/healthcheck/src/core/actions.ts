/**
 * What the core asks its shell to do. The core never performs I/O: it returns these.
 *
 * @module
 */

/** Run the probe of check `key` at time `at`. */
export interface ProbeAction {
  /** Discriminant. */
  readonly type: 'probe';
  /** The check's key. */
  readonly key: string;
  /** Planned start. */
  readonly at: number;
  /** Cycle slots skipped because the previous probe outlasted them. */
  readonly skipped: number;
  /** True when this attempt is a retry after a failure. */
  readonly retry: boolean;
}

/** Call the core's `tick` at time `at` (weight ramps). */
export interface TimerAction {
  /** Discriminant. */
  readonly type: 'timer';
  /** When to tick. */
  readonly at: number;
}

/** Fields common to pool actions. */
export interface PoolActionBase {
  /** Virtual server id. */
  readonly vs: string;
  /** Real (or sorry) server id. */
  readonly rs: string;
  /** True for the virtual server's sorry server. */
  readonly sorry: boolean;
  /** Why. */
  readonly reason: string;
}

/** Add a server to the virtual server's pool with this weight. */
export interface AddServerAction extends PoolActionBase {
  /** Discriminant. */
  readonly type: 'addServer';
  /** Weight to add it with. */
  readonly weight: number;
}

/** Remove a server from the virtual server's pool. */
export interface RemoveServerAction extends PoolActionBase {
  /** Discriminant. */
  readonly type: 'removeServer';
}

/** Change the weight of a server already in the pool. */
export interface SetWeightAction extends PoolActionBase {
  /** Discriminant. */
  readonly type: 'setWeight';
  /** The new weight. */
  readonly weight: number;
  /** The weight it had. */
  readonly previous: number;
}

/** A real server's verdict changed (keepalived `notify_up` / `notify_down`). */
export interface ServerNotify {
  /** Discriminant. */
  readonly type: 'notify';
  /** Which notification. */
  readonly event: 'up' | 'down';
  /** Virtual server id. */
  readonly vs: string;
  /** Real server id. */
  readonly rs: string;
  /** Why, e.g. `status 503 on /health (after 1 retry)`. */
  readonly reason: string;
  /** Key of the check that caused it (undefined at shutdown). */
  readonly check: string | undefined;
  /** When. */
  readonly at: number;
}

/** A virtual server's quorum changed (keepalived `quorum_up` / `quorum_down`). */
export interface QuorumNotify {
  /** Discriminant. */
  readonly type: 'notify';
  /** Which notification. */
  readonly event: 'quorumUp' | 'quorumDown';
  /** Virtual server id. */
  readonly vs: string;
  /** Live weight that caused it. */
  readonly liveWeight: number;
  /** The configured quorum. */
  readonly quorum: number;
  /** Why. */
  readonly reason: string;
  /** When. */
  readonly at: number;
}

/** A virtual server's sorry server was activated or deactivated. */
export interface SorryNotify {
  /** Discriminant. */
  readonly type: 'notify';
  /** Which notification. */
  readonly event: 'sorryServer';
  /** Virtual server id. */
  readonly vs: string;
  /** Sorry server id. */
  readonly rs: string;
  /** True when now serving. */
  readonly active: boolean;
  /** Why. */
  readonly reason: string;
  /** When. */
  readonly at: number;
}

/** Changes to a virtual server's pool the application applies (e.g. with `@ha/ipvs`). */
export type PoolAction = AddServerAction | RemoveServerAction | SetWeightAction;

/** Notifications. */
export type NotifyAction = ServerNotify | QuorumNotify | SorryNotify;

/** Everything the core can return. */
export type CoreAction = ProbeAction | TimerAction | PoolAction | NotifyAction;
