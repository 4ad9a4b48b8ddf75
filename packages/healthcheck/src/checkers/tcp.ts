/**
 * TCP_CHECK: the probe passes when a TCP connection is established (then closed at once).
 *
 * @module
 */
import type { CheckResult, Probe } from '../types.js';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import {
  booleanOption,
  checkConnectOptions,
  hostPort,
  nativeUnsupported,
  pass,
  runAttempt,
} from './common.js';
import { connectTarget, connectTcp } from './connect.js';
import type { Engine, EngineTcpHandler, EngineTcpOptions, EngineTcpTarget } from './engine.js';
import {
  engineConnectError,
  engineProbe,
  engineTargetOptions,
  NativeAttempt,
  startNative,
  wantsNative,
} from './engine.js';

/** Options of {@link createTcpCheck}: keepalived's `TCP_CHECK` has the generic connection options. */
export interface TcpCheckOptions extends ConnectOptions {
  /**
   * Close the established connection with an RST instead of a FIN (not a keepalived keyword):
   * the checker keeps no TIME_WAIT entry per probe (at thousands of probes a second to one
   * server, TIME_WAIT otherwise holds thousands of its source ports), at the price of a reset the
   * server may log. Default false: keepalived's orderly close.
   */
  resetOnClose?: boolean;
}

/** What every native attempt of one check shares. */
interface TcpDefinition {
  readonly engine: Engine;
  readonly target: EngineTcpTarget;
  readonly timeoutMs: number;
  readonly where: string;
  readonly phase: string;
  readonly connected: Outcome;
  readonly options: EngineTcpOptions;
}

/** One native TCP_CHECK attempt: the engine connects and closes. */
class NativeTcpAttempt extends NativeAttempt implements EngineTcpHandler {
  readonly #def: TcpDefinition;

  constructor(def: TcpDefinition, signal: AbortSignal, resolve: (r: CheckResult) => void) {
    super(def.engine, signal, def.timeoutMs, 'TCP_CHECK', resolve);
    this.#def = def;
    this.id = def.engine.tcp(def.target, def.timeoutMs, undefined, this, def.options);
  }

  protected phaseText(): string {
    return this.#def.phase;
  }

  onConnected(): void {
    this.finish(this.#def.connected);
  }

  onData(): void {}

  onEnd(): void {
    this.finish(this.#def.connected);
  }

  onError(_errno: number, code: string, phase: string): void {
    this.finish(engineConnectError(code, phase, this.#def.where));
  }

  onTimeout(): void {
    this.timedOut();
  }
}

/**
 * keepalived's `TCP_CHECK`: one attempt connects and closes. `refused`, `timeout` or
 * `unreachable` on failure.
 */
export function createTcpCheck(opts: TcpCheckOptions): Probe {
  const timeoutMs = checkConnectOptions(opts, 'TCP_CHECK');
  // Built once per check definition: the attempt runner copies the outcome, never mutates it.
  const where = hostPort(opts.host, opts.port);
  const connected = pass(`connected to ${where}`);
  const target = connectTarget(opts);
  const reset = booleanOption(opts.resetOnClose, 'resetOnClose', false);
  const body = async (ctx: AttemptContext): Promise<Outcome> => {
    const c = await connectTcp(opts, ctx, target);
    if (c.outcome) return c.outcome;
    if (reset) c.socket.resetAndDestroy();
    else c.socket.destroy();
    return connected;
  };
  const node: Probe = (signal) => runAttempt(signal, timeoutMs, body, 'TCP_CHECK');
  const useNative = wantsNative(opts.engine, nativeUnsupported(opts));
  return engineProbe(
    useNative,
    opts.engine === 'native',
    'TCP_CHECK',
    (mod) => {
      const def: TcpDefinition = {
        engine: mod.sharedProbeEngine(),
        target: mod.tcpTarget(engineTargetOptions(opts)),
        timeoutMs,
        where,
        phase: target.phase,
        connected,
        options: { reset },
      };
      return (signal) => startNative(NativeTcpAttempt, def, signal, 'TCP_CHECK');
    },
    node,
  );
}
