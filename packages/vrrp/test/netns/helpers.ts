/**
 * Shared helpers of the netns tests: the lab from examples/failover-demo and assertions on
 * the whole lab (who holds the VIP, where h3's neighbour table points).
 */
import { expect } from 'vitest';
import type { Lab, LabHost } from '../../../../examples/failover-demo/src/lab.js';

export * from '../../../../examples/failover-demo/src/lab.js';

/**
 * Polls `check` until it returns true.
 *
 * @param check - condition
 * @param timeoutMs - give up after
 * @param what - for the error message
 */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timeout: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until exactly `holders` carry `vip` (checked in every namespace of the lab).
 *
 * @param lab - the lab
 * @param vip - the address
 * @param holders - expected host names, sorted
 * @param timeoutMs - give up after
 */
export async function expectHolders(
  lab: Lab,
  vip: string,
  holders: string[],
  timeoutMs = 3000,
): Promise<void> {
  let last: string[] = [];
  try {
    await waitFor(
      async () => {
        last = await lab.holders(vip);
        return last.join() === holders.join();
      },
      timeoutMs,
      `${vip} on ${holders.join(',')}`,
    );
  } catch {
    expect(last, `holders of ${vip}`).toEqual(holders);
  }
}

/**
 * Waits until `observer`'s neighbour entry for `vip` points at `owner`'s MAC (the GARP / NA
 * reached it). The entry must exist: ping first.
 *
 * @param lab - the lab
 * @param observer - the host whose table is read (h3)
 * @param vip - the address
 * @param owner - the expected MASTER
 */
export async function expectNeighbour(
  lab: Lab,
  observer: LabHost,
  vip: string,
  owner: LabHost,
): Promise<void> {
  let last: string | undefined;
  try {
    await waitFor(
      async () => {
        last = await lab.neighbour(observer, vip);
        return last === owner.mac;
      },
      3000,
      `neighbour ${vip} -> ${owner.mac}`,
    );
  } catch {
    expect(last, `${observer.name}'s neighbour entry for ${vip}`).toBe(owner.mac);
  }
}
