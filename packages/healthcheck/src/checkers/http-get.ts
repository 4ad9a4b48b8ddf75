/**
 * HTTP_GET: fetch each configured URL on a fresh connection and check status code, MD5 digest
 * (as keepalived's `genhash` computes it) and regex. SSL_GET reuses this engine over TLS.
 *
 * The request is written by hand (not `node:http`) because keepalived's `http_protocol 1.0` needs an
 * `HTTP/1.0` request line, which `node:http` cannot send. Like `agent: false`, every URL of every
 * probe uses its own connection; nothing is pooled or kept alive.
 *
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import type { Socket } from 'node:net';
import type { CheckResult, Probe } from '../types.js';
import type { AttemptContext, ConnectOptions, Outcome } from './common.js';
import {
  booleanOption,
  CheckerConfigError,
  checkConnectOptions,
  errorOutcome,
  fail,
  hostPort,
  nativeUnsupported,
  pass,
  runAttempt,
  withLatency,
} from './common.js';
import type { Connected } from './connect.js';
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
import { HttpResponseReader } from './http-response.js';
import type { StatusCodeSpec, StatusRange } from './status-codes.js';
import { parseStatusCodes, statusAccepted } from './status-codes.js';

/**
 * keepalived's `http_protocol`: `1.0` (default) sends an `HTTP/1.0` request; `1.0C` adds
 * `Connection: close`; `1.1` sends `HTTP/1.1` with `Connection: close`.
 */
export type HttpProtocol = '1.0' | '1.0C' | '1.1';

/** One `url { }` block of HTTP_GET / SSL_GET. */
export interface UrlCheck {
  /** keepalived: `path`, e.g. `/health`. Must start with `/` and contain no whitespace. */
  path: string;
  /** keepalived: `status_code`, e.g. `200` or `'200-299 503'`. Default 200-299. */
  statusCode?: StatusCodeSpec;
  /**
   * keepalived: `digest`: MD5 (hex) of the response body as `genhash` prints it: the raw bytes after
   * the header block, cut at `Content-Length`, chunked framing NOT decoded. Default: not checked.
   */
  digest?: string;
  /** keepalived: url `virtualhost`: the `Host` header for this URL (overrides the checker's). */
  virtualhost?: string;
  /**
   * keepalived: `regex`: the body (bytes read as latin1, so offsets are byte offsets) must match.
   * A string is compiled with {@link UrlCheck.regexOptions}; a RegExp is used with its own flags.
   */
  regex?: string | RegExp;
  /** keepalived: `regex_no_match`: a match FAILS the check instead. Default false. */
  regexNoMatch?: boolean;
  /**
   * keepalived: `regex_options` (PCRE2 names, space separated). Supported: `caseless` (i), `multiline` (m),
   * `dotall` (s), `utf`/`ucp` (u); others are rejected with {@link CheckerConfigError}.
   */
  regexOptions?: string;
  /** keepalived: `regex_min_offset`: byte offset where the search starts. Default 0. */
  regexMinOffset?: number;
  /** keepalived: `regex_max_offset`: largest byte offset at which a match may start. Default: unlimited. */
  regexMaxOffset?: number;
}

/** Options of {@link createHttpGetCheck}. */
export interface HttpGetOptions extends ConnectOptions {
  /** keepalived: the `url { }` blocks; all must pass for the probe to pass (checked in order, one connection each). */
  urls: UrlCheck[];
  /**
   * keepalived: `virtualhost` (checker, real or virtual server level): the `Host` header. Default: the
   * target `host:port` (IPv6 bracketed), as keepalived sends.
   */
  virtualhost?: string;
  /** keepalived: `http_protocol`. Default `1.0`. */
  httpProtocol?: HttpProtocol;
  /**
   * End each URL's connection with an RST instead of a FIN once the response is judged (not a
   * keepalived keyword). The server has normally closed first (HTTP/1.0, `Connection: close`), so
   * nothing it sends is lost; the RST spares both ends the FIN/ACK exchange and the server its
   * TIME_WAIT entry per probe, as HAProxy closes its server connections. Default true for
   * HTTP_GET; SSL_GET always closes TLS in order (`false` only).
   */
  resetOnClose?: boolean;
  /**
   * Most body bytes kept for a regex (not a keepalived keyword). A regex URL whose body is longer fails
   * with code `too-large`. Digest and status checks stream and keep nothing. Default 1 MiB.
   */
  maxBodyBytes?: number;
}

/** Default cap on the bytes kept for a regex: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * A status-only URL still reads (and discards) up to this many body bytes, so that closing does not
 * reset the connection under a server still writing a small page; past it the connection is cut.
 */
export const STATUS_ONLY_DRAIN_BYTES = 64 * 1024;

/** keepalived's `User-Agent`. */
const USER_AGENT = 'KeepAliveClient';

/** A URL with its options validated and compiled. */
interface CompiledUrl {
  path: string;
  ranges: StatusRange[];
  digest: string | undefined;
  hostHeader: string;
  virtualhost: string | undefined;
  regex: RegExp | undefined;
  noMatch: boolean;
  minOffset: number;
  maxOffset: number | undefined;
  request: Buffer;
  /** Passing outcomes by status, built once each (a probe then allocates no reason string). */
  passed: Map<number, Outcome>;
}

const REGEX_OPTIONS: Record<string, string> = {
  caseless: 'i',
  multiline: 'm',
  dotall: 's',
  utf: 'u',
  ucp: 'u',
};

function compileRegex(u: UrlCheck, option: string): RegExp | undefined {
  if (u.regex === undefined) return undefined;
  let source: string;
  let flags: string;
  if (u.regex instanceof RegExp) {
    source = u.regex.source;
    flags = u.regex.flags.replace(/[gy]/g, '');
  } else {
    source = u.regex;
    flags = '';
    for (const o of (u.regexOptions ?? '').split(/\s+/).filter(Boolean)) {
      const f = REGEX_OPTIONS[o];
      if (f === undefined)
        throw new CheckerConfigError(`${option}.regexOptions`, `unsupported option '${o}'`);
      if (!flags.includes(f)) flags += f;
    }
  }
  try {
    return new RegExp(source, `${flags}g`);
  } catch (e) {
    throw new CheckerConfigError(`${option}.regex`, e instanceof Error ? e.message : String(e));
  }
}

function offset(v: number | undefined, option: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
    throw new CheckerConfigError(option, `must be an integer >= 0, got ${v}`);
  }
  return v;
}

/** Builds the exact request keepalived sends for `path`. */
export function buildHttpRequest(path: string, hostHeader: string, protocol: HttpProtocol): string {
  const version = protocol === '1.1' ? '1.1' : '1.0';
  const close = protocol === '1.0' ? '' : 'Connection: close\r\n';
  return `GET ${path} HTTP/${version}\r\nUser-Agent: ${USER_AGENT}\r\n${close}Host: ${hostHeader}\r\n\r\n`;
}

function compile(opts: HttpGetOptions): CompiledUrl[] {
  if (!Array.isArray(opts.urls) || opts.urls.length === 0)
    throw new CheckerConfigError('urls', 'at least one url');
  const protocol = opts.httpProtocol ?? '1.0';
  if (protocol !== '1.0' && protocol !== '1.0C' && protocol !== '1.1') {
    throw new CheckerConfigError('httpProtocol', `must be 1.0, 1.0C or 1.1, got ${String(protocol)}`);
  }
  return opts.urls.map((u, i) => {
    const o = `urls[${i}]`;
    if (typeof u.path !== 'string' || !/^\/[^\s]*$/.test(u.path)) {
      throw new CheckerConfigError(
        `${o}.path`,
        `must start with '/' and contain no whitespace, got '${u.path}'`,
      );
    }
    if (u.digest !== undefined && !/^[0-9a-fA-F]{32}$/.test(u.digest)) {
      throw new CheckerConfigError(`${o}.digest`, 'must be 32 hex digits (MD5)');
    }
    const vhost = u.virtualhost ?? opts.virtualhost;
    if (vhost !== undefined && /[\s]/.test(vhost))
      throw new CheckerConfigError(`${o}.virtualhost`, 'no whitespace');
    const hostHeader = vhost ?? hostPort(opts.host, opts.port);
    const minOffset = offset(u.regexMinOffset, `${o}.regexMinOffset`) ?? 0;
    const maxOffset = offset(u.regexMaxOffset, `${o}.regexMaxOffset`);
    return {
      path: u.path,
      ranges: parseStatusCodes(u.statusCode, `${o}.statusCode`),
      digest: u.digest?.toLowerCase(),
      hostHeader,
      virtualhost: vhost,
      regex: compileRegex(u, o),
      noMatch: u.regexNoMatch === true,
      minOffset,
      maxOffset,
      request: Buffer.from(buildHttpRequest(u.path, hostHeader, protocol), 'latin1'),
      passed: new Map(),
    };
  });
}

/** Wraps a connected TCP socket (SSL_GET: in TLS); internal hook of the shared engine. */
export type HttpUpgrade = (
  socket: Socket,
  ctx: AttemptContext,
  url: { virtualhost: string | undefined },
) => Promise<Connected>;

/**
 * Judges one URL's response from the bytes as they arrive, whatever carries them (a `node:net` or
 * TLS socket, or the native engine): `data` / `closed` / `failed` return the outcome once it is
 * decided, `undefined` while more bytes are needed.
 */
class ResponseJudge {
  readonly #url: CompiledUrl;
  readonly #maxBody: number;
  readonly #reader = new HttpResponseReader();
  readonly #md5: Hash | undefined;
  readonly #statusOnly: boolean;
  #kept: Buffer[] | undefined;
  #keptBytes = 0;

  constructor(url: CompiledUrl, maxBody: number) {
    this.#url = url;
    this.#maxBody = maxBody;
    this.#md5 = url.digest !== undefined ? createHash('md5') : undefined;
    this.#statusOnly = this.#md5 === undefined && url.regex === undefined;
  }

  /** True once the status line and headers have been read. */
  get hasHead(): boolean {
    return this.#reader.head !== undefined;
  }

  /** The phase for timeout reasons. */
  phase(): string {
    return this.hasHead
      ? `reading the body of ${this.#url.path}`
      : `waiting for the response to GET ${this.#url.path}`;
  }

  /** Bytes received. */
  data(d: Buffer): Outcome | undefined {
    const url = this.#url;
    const reader = this.#reader;
    let body: Buffer;
    const hadHead = reader.head !== undefined;
    try {
      body = reader.feed(d);
    } catch (e) {
      return fail('protocol', `${e instanceof Error ? e.message : String(e)} on ${url.path}`);
    }
    const head = reader.head;
    if (head === undefined) return undefined;
    if (!hadHead && !statusAccepted(head.status, url.ranges))
      return fail('status', `status ${head.status} on ${url.path}`);
    if (body.length > 0) {
      this.#md5?.update(body);
      if (url.regex !== undefined) {
        this.#keptBytes += body.length;
        if (this.#keptBytes > this.#maxBody)
          return fail(
            'too-large',
            `body over ${this.#maxBody} bytes (maxBodyBytes) for regex on ${url.path}`,
          );
        if (this.#kept === undefined) this.#kept = [body];
        else this.#kept.push(body);
      }
    }
    if (reader.complete) return this.#evaluate();
    if (this.#statusOnly && reader.bodyBytes > STATUS_ONLY_DRAIN_BYTES) return this.#evaluate();
    return undefined;
  }

  /** The server closed the connection (FIN). */
  closed(): Outcome {
    if (this.#statusOnly && this.#reader.head !== undefined) {
      // The status has passed; a short or cut body does not matter to a status-only URL.
      return this.#evaluate();
    }
    const t = this.#reader.truncation();
    if (t === undefined) return this.#evaluate();
    return fail(this.#reader.head === undefined ? 'protocol' : 'truncated', `${t} on ${this.#url.path}`);
  }

  /** The connection failed (reset, …) while reading. */
  failed(err: { code?: string; message: string }): Outcome {
    return this.#statusOnly && this.#reader.head !== undefined
      ? this.closed()
      : errorOutcome(err, `GET ${this.#url.path}`);
  }

  #evaluate(): Outcome {
    const url = this.#url;
    const status = this.#reader.head?.status ?? 0;
    if (this.#md5 !== undefined) {
      const got = this.#md5.digest('hex');
      if (got !== url.digest) return fail('digest', `digest ${got} != ${url.digest} on ${url.path}`);
    }
    if (url.regex !== undefined) {
      const subject = Buffer.concat(this.#kept ?? [], this.#keptBytes).toString('latin1');
      url.regex.lastIndex = url.minOffset;
      const m = url.regex.exec(subject);
      const hit = m !== null && (url.maxOffset === undefined || m.index <= url.maxOffset);
      if (hit && url.noMatch)
        return fail('regex', `regex ${url.regex.source} matched at ${m.index} on ${url.path}`);
      if (!hit && !url.noMatch)
        return fail('regex', `regex ${url.regex.source} did not match on ${url.path}`);
    }
    let o = url.passed.get(status);
    if (o === undefined) {
      o = pass(`status ${status} on ${url.path}`);
      url.passed.set(status, o);
    }
    return o;
  }
}

function exchange(
  socket: Socket,
  url: CompiledUrl,
  maxBody: number,
  reset: boolean,
  ctx: AttemptContext,
): Promise<Outcome> {
  const judge = new ResponseJudge(url, maxBody);
  ctx.phase(judge.phase());
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (o: Outcome | undefined): void => {
      if (settled || o === undefined) return;
      settled = true;
      if (reset && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
      resolve(o);
    };
    socket.on('data', (d: Buffer) => {
      if (settled) return;
      const hadHead = judge.hasHead;
      done(judge.data(d));
      if (!hadHead && judge.hasHead) ctx.phase(judge.phase());
    });
    const ended = (): void => {
      if (!settled) done(judge.closed());
    };
    // The server's FIN ends a body without length; no need to wait for our side to close too.
    socket.on('end', ended);
    socket.on('close', ended);
    socket.on('error', (e) => done(judge.failed(e)));
    socket.write(url.request);
  });
}

/** What every native attempt of one URL shares. */
interface NativeUrl {
  readonly engine: Engine;
  readonly target: EngineTcpTarget;
  readonly url: CompiledUrl;
  readonly timeoutMs: number;
  readonly maxBody: number;
  readonly where: string;
  readonly connectPhase: string;
  readonly what: string;
  readonly options: EngineTcpOptions;
}

/** One URL fetched on the native engine: connect, send the request, judge the reply as it streams. */
class NativeHttpAttempt extends NativeAttempt implements EngineTcpHandler {
  readonly #def: NativeUrl;
  readonly #judge: ResponseJudge;

  constructor(def: NativeUrl, signal: AbortSignal, resolve: (r: CheckResult) => void) {
    super(def.engine, signal, def.timeoutMs, def.what, resolve);
    this.#def = def;
    this.#judge = new ResponseJudge(def.url, def.maxBody);
    this.id = def.engine.tcp(def.target, def.timeoutMs, def.url.request, this, def.options);
  }

  protected phaseText(enginePhase?: string): string {
    return enginePhase === 'connect' ? this.#def.connectPhase : this.#judge.phase();
  }

  onConnected(): void {}

  onData(chunk: Buffer): void {
    const o = this.#judge.data(chunk);
    if (o !== undefined) this.finish(o, true);
  }

  onEnd(): void {
    // The engine reports the end after the last data even when that data already decided.
    if (!this.settled) this.finish(this.#judge.closed());
  }

  onError(_errno: number, code: string, phase: string): void {
    const d = this.#def;
    if (phase === 'connect' || phase === 'setup') {
      this.finish(engineConnectError(code, phase, d.where));
    } else {
      this.finish(this.#judge.failed({ code, message: `${phase === 'send' ? 'write' : 'read'} ${code}` }));
    }
  }

  onTimeout(phase: string): void {
    this.timedOut(phase);
  }
}

/** The engine behind HTTP_GET and SSL_GET. */
export function createHttpProbe(opts: HttpGetOptions, checker: string, upgrade?: HttpUpgrade): Probe {
  const timeoutMs = checkConnectOptions(opts, checker);
  const urls = compile(opts);
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBody) || maxBody <= 0) throw new CheckerConfigError('maxBodyBytes', 'must be > 0');
  const target = connectTarget(opts);
  const where = hostPort(opts.host, opts.port);
  const reset = booleanOption(opts.resetOnClose, 'resetOnClose', upgrade === undefined);
  if (upgrade !== undefined && reset)
    throw new CheckerConfigError('resetOnClose', `${checker} closes TLS in order (close_notify, FIN)`);
  /** Runs the URLs in order, one attempt (and connection) each, stopping at the first failure. */
  const eachUrl = (
    one: (url: CompiledUrl, i: number, signal: AbortSignal) => Promise<CheckResult>,
  ): Probe => {
    const only = urls.length === 1 ? urls[0] : undefined;
    if (only !== undefined) return (signal) => one(only, 0, signal);
    return async (signal) => {
      let latency = 0;
      let last: CheckResult | undefined;
      for (let i = 0; i < urls.length; i++) {
        last = await one(urls[i]!, i, signal);
        latency += last.latencyMs;
        if (!last.ok) break;
      }
      const r = last!;
      return withLatency(r.ok ? { ok: true, reason: `${urls.length} urls ok` } : r, latency);
    };
  };
  const node = eachUrl((url, _i, signal) =>
    runAttempt(
      signal,
      timeoutMs,
      async (ctx) => {
        const c = await connectTcp(opts, ctx, target);
        if (c.outcome) return c.outcome;
        let socket = c.socket;
        if (upgrade !== undefined) {
          const u = await upgrade(socket, ctx, url);
          if (u.outcome) return u.outcome;
          socket = u.socket;
        }
        return exchange(socket, url, maxBody, reset, ctx);
      },
      `${checker} ${url.path}`,
    ),
  );
  const useNative = wantsNative(
    opts.engine,
    upgrade !== undefined ? `${checker} runs TLS on node:tls` : nativeUnsupported(opts),
  );
  return engineProbe(
    useNative,
    opts.engine === 'native',
    checker,
    (mod) => {
      const engine = mod.sharedProbeEngine();
      const tcp = mod.tcpTarget(engineTargetOptions(opts));
      const defs: NativeUrl[] = urls.map((url) => ({
        engine,
        target: tcp,
        url,
        timeoutMs,
        maxBody,
        where,
        connectPhase: target.phase,
        what: `${checker} ${url.path}`,
        options: { reset },
      }));
      return eachUrl((_url, i, signal) => {
        const def = defs[i]!;
        return startNative(NativeHttpAttempt, def, signal, def.what);
      });
    },
    node,
  );
}

/**
 * keepalived's `HTTP_GET`: GET every url on a fresh TCP connection; the probe passes when every url's
 * status is accepted and its digest / regex (if set) hold. Failure codes: `refused`, `timeout`,
 * `status`, `digest`, `regex`, `protocol` (not HTTP), `truncated`, `too-large`, `reset`, `aborted`.
 */
export function createHttpGetCheck(opts: HttpGetOptions): Probe {
  return createHttpProbe(opts, 'HTTP_GET');
}
