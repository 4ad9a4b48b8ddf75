/**
 * MISC_CHECK: run a program; its exit status is the result.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { CheckResult, Probe } from '../types.js';
import { splitCommandLine } from './argv.js';
import type { AttemptContext, Outcome } from './common.js';
import { CheckerConfigError, errCode, errMessage, fail, pass, runAttempt } from './common.js';
import type { Engine, EngineSpawnHandler, ProbeEngineChoice } from './engine.js';
import { engineProbe, NativeAttempt, startNative, wantsNative } from './engine.js';
import type { ScriptCredentials } from './user.js';
import { resolveCredentials } from './user.js';

/** Default `misc_timeout` here: 60 s, keepalived's default `delay_loop` (keepalived uses the checker's delay_loop). */
export const DEFAULT_MISC_TIMEOUT_MS = 60_000;

/** Bytes of the script's output kept to quote in a failure reason; the rest is read and discarded. */
export const MISC_OUTPUT_KEPT_BYTES = 512;

/** Options of {@link createMiscCheck}. MISC_CHECK has none of the connection options. */
export interface MiscCheckOptions {
  /**
   * keepalived: `misc_path`: the command line. Split into argv with simple shell-like quoting
   * (see {@link splitCommandLine}) and run directly — never through a shell. Alternatively an argv array.
   */
  miscPath: string | readonly string[];
  /**
   * keepalived: `misc_timeout`: the program (and everything in its process group) is killed with
   * SIGKILL when it runs longer. Default {@link DEFAULT_MISC_TIMEOUT_MS}.
   */
  miscTimeoutMs?: number;
  /**
   * keepalived: `misc_dynamic`: exit 0 → ok (weight unchanged), 1 → fail, 2..255 → ok with
   * `weight = status − 2`. Without it: 0 → ok, anything else → fail. Default false.
   */
  miscDynamic?: boolean;
  /**
   * keepalived: `user USERNAME [GROUPNAME]`: the user (name or uid) to run as; needs root. Default: this
   * process's user.
   */
  user?: string;
  /** keepalived: the GROUPNAME of `user`. Default: the user's primary group. */
  group?: string;
  /** Working directory (not a keepalived keyword). Default: this process's. */
  cwd?: string;
  /** Environment (not a keepalived keyword). Default: this process's. */
  env?: NodeJS.ProcessEnv;
  /**
   * How the program is started (not a keepalived keyword): `native` (`@ha/socket`'s probe engine:
   * `posix_spawnp`, exit seen through a pidfd; far cheaper per run), `node` (`child_process.spawn`)
   * or `auto` (default: native when available and no `user` is set). Same verdicts.
   */
  engine?: ProbeEngineChoice;
}

/** Maps an exit status to an outcome, per keepalived's MISC_CHECK rules. */
export function miscExitOutcome(status: number, dynamic: boolean, output = ''): Outcome {
  const tail = output.trim() === '' ? '' : `: ${output.trim().split('\n')[0]!.slice(0, 200)}`;
  if (status === 0) return pass('exit 0');
  if (dynamic && status >= 2 && status <= 255)
    return pass(`exit ${status} (weight ${status - 2})`, status - 2);
  return fail('exit', `exit ${status}${tail}`);
}

function runOnce(
  argv: string[],
  creds: ScriptCredentials | undefined,
  opts: MiscCheckOptions,
  ctx: AttemptContext,
): Promise<Outcome> {
  ctx.phase(`running ${argv[0]}`);
  return new Promise<Outcome>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      detached: true, // own process group: a timeout kills the script and everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      ...(creds ? { uid: creds.uid, gid: creds.gid } : {}),
      ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
      ...(opts.env !== undefined ? { env: opts.env } : {}),
    });
    let kept = '';
    const drain = (d: Buffer): void => {
      if (kept.length < MISC_OUTPUT_KEPT_BYTES)
        kept += d.subarray(0, MISC_OUTPUT_KEPT_BYTES - kept.length).toString();
    };
    child.stdout.on('data', drain);
    child.stderr.on('data', drain);
    child.stdout.on('error', () => {});
    child.stderr.on('error', () => {});
    let exited = false;
    const killGroup = (): void => {
      if (exited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    ctx.signal.addEventListener('abort', killGroup, { once: true });
    child.once('error', (e) => {
      exited = true;
      ctx.signal.removeEventListener('abort', killGroup);
      const c = errCode(e);
      resolve(fail('spawn', `cannot run ${argv[0]}: ${c ?? errMessage(e)}`));
    });
    child.once('exit', (status, sig) => {
      exited = true;
      ctx.signal.removeEventListener('abort', killGroup);
      // A background grandchild may hold the pipes open; the script's own exit decides.
      child.stdout.destroy();
      child.stderr.destroy();
      if (status === null) resolve(fail('exit', `killed by ${sig ?? 'a signal'}`));
      else resolve(miscExitOutcome(status, opts.miscDynamic === true, kept));
    });
  });
}

/** What every native run of one check shares. */
interface NativeMisc {
  readonly engine: Engine;
  readonly spawn: {
    argv: readonly string[];
    env?: readonly string[];
    cwd?: string;
    timeoutMs: number;
    outputLimit: number;
  };
  readonly phase: string;
  readonly program: string;
  readonly dynamic: boolean;
}

/** One MISC_CHECK run on the native engine. */
class NativeMiscAttempt extends NativeAttempt implements EngineSpawnHandler {
  readonly #def: NativeMisc;

  constructor(def: NativeMisc, signal: AbortSignal, resolve: (r: CheckResult) => void) {
    super(def.engine, signal, def.spawn.timeoutMs, 'MISC_CHECK', resolve);
    this.#def = def;
    this.id = def.engine.spawn(def.spawn, this);
  }

  protected phaseText(): string {
    return this.#def.phase;
  }

  onExit(status: number | null, signal: string | null, output: Buffer): void {
    if (status === null) this.finish(fail('exit', `killed by ${signal ?? 'a signal'}`));
    else this.finish(miscExitOutcome(status, this.#def.dynamic, output.length > 0 ? output.toString() : ''));
  }

  onTimeout(): void {
    this.timedOut();
  }

  onSpawnError(_errno: number, code: string): void {
    this.finish(fail('spawn', `cannot run ${this.#def.program}: ${code}`));
  }
}

/**
 * keepalived's `MISC_CHECK`: runs `miscPath` (no shell) in its own process group; exit status decides
 * (see {@link MiscCheckOptions.miscDynamic}). On timeout or abort the whole process group is killed.
 * Failure codes: `exit`, `timeout`, `spawn`, `aborted`.
 */
export function createMiscCheck(opts: MiscCheckOptions): Probe {
  const argv = typeof opts.miscPath === 'string' ? splitCommandLine(opts.miscPath) : [...opts.miscPath];
  if (argv.length === 0 || argv[0] === '') throw new CheckerConfigError('miscPath', 'empty command');
  const timeoutMs = opts.miscTimeoutMs ?? DEFAULT_MISC_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new CheckerConfigError('miscTimeoutMs', 'must be > 0');
  const creds = opts.user !== undefined ? resolveCredentials(opts.user, opts.group) : undefined;
  const node: Probe = (signal) =>
    runAttempt(signal, timeoutMs, (ctx) => runOnce(argv, creds, opts, ctx), 'MISC_CHECK');
  const useNative = wantsNative(
    opts.engine,
    creds !== undefined ? '`user` runs on child_process' : undefined,
  );
  return engineProbe(
    useNative,
    opts.engine === 'native',
    'MISC_CHECK',
    (mod) => {
      const engine = mod.sharedProbeEngine();
      if (!engine.canSpawn) throw new Error('this kernel has no pidfd_open (Linux >= 5.3)');
      const env =
        opts.env === undefined
          ? undefined
          : Object.entries(opts.env)
              .filter((e): e is [string, string] => e[1] !== undefined)
              .map(([k, v]) => `${k}=${v}`);
      const def: NativeMisc = {
        engine,
        spawn: {
          argv,
          ...(env !== undefined ? { env } : {}),
          ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
          timeoutMs,
          outputLimit: MISC_OUTPUT_KEPT_BYTES,
        },
        phase: `running ${argv[0]}`,
        program: argv[0]!,
        dynamic: opts.miscDynamic === true,
      };
      return (signal) => startNative(NativeMiscAttempt, def, signal, 'MISC_CHECK');
    },
    node,
  );
}
