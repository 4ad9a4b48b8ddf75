/**
 * A small seeded pseudo-random number generator (mulberry32), so every simulation run is
 * reproducible from its seed.
 *
 * @module
 */

/** Deterministic PRNG: the same seed gives the same sequence on every platform. */
export class Prng {
  #state: number;

  /**
   * @param seed - any 32-bit integer (other numbers are truncated)
   */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /**
   * Next value, uniformly distributed in [0, 1).
   *
   * @returns a number in [0, 1)
   */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
