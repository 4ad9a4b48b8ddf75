/**
 * Virtual-server quorum with hysteresis (keepalived `quorum`, `hysteresis`).
 *
 * @module
 */

/** Quorum settings of a virtual server. */
export interface QuorumSettings {
  /** Minimum total weight of live real servers (keepalived `quorum`, default 1). */
  readonly quorum: number;
  /** Flap dampener in weight units (keepalived `hysteresis`, default 0). */
  readonly hysteresis: number;
}

/**
 * Decide a quorum transition: gained when the live weight reaches `quorum + hysteresis`,
 * lost when it falls below `quorum − hysteresis`; otherwise unchanged.
 *
 * @param up - whether the quorum is currently up
 * @param liveWeight - sum of the weights of live real servers
 * @param q - the settings
 * @returns `up`, `down`, or undefined when nothing changes
 */
export function quorumTransition(
  up: boolean,
  liveWeight: number,
  q: QuorumSettings,
): 'up' | 'down' | undefined {
  if (up && liveWeight < q.quorum - q.hysteresis) return 'down';
  if (!up && liveWeight >= q.quorum + q.hysteresis) return 'up';
  return undefined;
}
