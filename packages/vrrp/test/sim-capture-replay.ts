/**
 * Replays a keepalived lab session (fixtures/timing/*.txt) in the simulator and pairs each
 * measured change of advertising router with the simulated one.
 */
import { readFileSync } from 'node:fs';
import type { SimInstanceConfig } from '../src/sim/index.js';
import { Simulation } from '../src/sim/index.js';

/** One line of a timing fixture. */
export interface FixtureLine {
  /** Epoch seconds. */
  t: number;
  /** `cmd`, `log` or `advert`. */
  kind: string;
  /** Remaining fields. */
  args: string[];
}

/** Reads a timing fixture. */
export function readFixture(name: string): FixtureLine[] {
  const text = readFileSync(new URL(`./fixtures/timing/${name}.txt`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [t, kind, ...args] = l.trim().split(/\s+/);
      return { t: Number(t), kind: kind as string, args };
    });
}

/** A change of the router sending adverts: the first advert of the new sender. */
export interface Takeover {
  /** Time in ms since the session origin. */
  at: number;
  /** New advertising router (`h1`/`h2`). */
  router: string;
  /** Time of the previous sender's last advert, ms (undefined for the first). */
  previousAt?: number;
}

const NAMES: Record<string, string> = { '192.0.2.11': 'h1', '192.0.2.12': 'h2' };

/** Measured takeovers from the fixture's adverts (priority-0 adverts count as the leaver's last). */
export function measuredTakeovers(lines: FixtureLine[], origin: number): Takeover[] {
  const out: Takeover[] = [];
  let current: string | undefined;
  let last: number | undefined;
  for (const l of lines) {
    if (l.kind !== 'advert') continue;
    const router = NAMES[l.args[0] as string] as string;
    const at = (l.t - origin) * 1000;
    if (Number(l.args[1]) !== 0 && router !== current) {
      out.push(last === undefined ? { at, router } : { at, router, previousAt: last });
      current = router;
    }
    if (router === current || Number(l.args[1]) === 0) last = at;
  }
  return out;
}

/** Result of a replay. */
export interface Replay {
  /** The simulation after the session. */
  sim: Simulation;
  /** Session origin, epoch seconds (first `cmd start h1`). */
  origin: number;
  /** Measured takeovers. */
  measured: Takeover[];
  /** Simulated takeovers. */
  simulated: Takeover[];
}

/**
 * Replays a session: each router starts at its `log init` time (the moment keepalived
 * entered BACKUP (init), i.e. armed its Master_Down_Timer), h1 is crashed (`kill`) or
 * stopped (`term`) at each `cmd stop h1`.
 */
export function replay(name: string, instance: SimInstanceConfig, stop: 'crash' | 'stop'): Replay {
  const lines = readFixture(name);
  const origin = (lines.find((l) => l.kind === 'cmd' && l.args[0] === 'start') as FixtureLine).t;
  const ms = (t: number): number => (t - origin) * 1000;
  const sim = new Simulation({ record: { adverts: true } });
  sim.addRouter({
    name: 'h1',
    address: '192.0.2.11',
    instances: [{ ...instance, priority: 150, initialState: 'MASTER' }],
    autoStart: false,
  });
  sim.addRouter({
    name: 'h2',
    address: '192.0.2.12',
    instances: [{ ...instance, priority: 100 }],
    autoStart: false,
  });
  for (const l of lines) {
    if (l.kind === 'log' && l.args[0] === 'init') sim.at(ms(l.t), () => sim.start(l.args[1] as string));
    if (l.kind === 'cmd' && l.args[0] === 'stop')
      sim.at(ms(l.t), () => (stop === 'crash' ? sim.crash('h1') : sim.stop('h1')));
  }
  const end = ms((lines[lines.length - 1] as FixtureLine).t) + 1;
  sim.runUntil(end);
  const simulated: Takeover[] = [];
  let current: string | undefined;
  let last: number | undefined;
  for (const e of sim.trace) {
    if (e.type !== 'advert') continue;
    if (e.priority !== 0 && e.router !== current) {
      simulated.push(
        last === undefined
          ? { at: e.at, router: e.router }
          : { at: e.at, router: e.router, previousAt: last },
      );
      current = e.router;
    }
    if (e.router === current || e.priority === 0) last = e.at;
  }
  return { sim, origin, measured: measuredTakeovers(lines, origin), simulated };
}
