/**
 * keepalived.conf model → check definitions: one {@link ConfCheck} per checker of a real server,
 * every option mapped one to one.
 *
 * @module
 */
import type { ConnectOptions, HttpGetOptions, UrlCheck } from '../checkers/index.js';
import type { CheckSpec } from '../core/spec.js';
import type { CheckTarget } from '../types.js';
import type { ConfCheckType, ConfOptionsByType } from './options.js';
import type {
  ConfChecker,
  ConfCheckerConnection,
  ConfCheckerTiming,
  ConfHttpChecker,
  ConfRealServer,
  ConfSsl,
  ConfTrackFile,
  ConfVirtualServer,
} from './shape.js';

/** A check definition from keepalived.conf, discriminated by `type`. */
export type ConfCheck = {
  [T in ConfCheckType]: CheckSpec & {
    /** Checker type. */
    type: T;
    /** Options for the checker factory. */
    options: ConfOptionsByType[T];
    /** Keywords accepted by keepalived that this library parses but does not apply (with why). */
    ignored: string[];
  };
}[ConfCheckType];

/** Extra context the mapping needs from the rest of the configuration. */
export interface ConfContext {
  /** `track_file` blocks (for FILE_CHECK). */
  trackFiles?: readonly ConfTrackFile[];
  /** The global `SSL { }` block (for SSL_GET). */
  ssl?: ConfSsl;
}

/** The port of a real server (its own, else the virtual server's). */
export function realServerPort(vs: ConfVirtualServer, rs: ConfRealServer): number | undefined {
  return rs.port ?? (vs.target.kind === 'address' ? vs.target.port : undefined);
}

/** `address:port`, IPv6 bracketed; the address alone when there is no port. */
export function hostPortId(address: string, port: number | undefined): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}

function timing(
  t: ConfCheckerTiming,
): Pick<CheckSpec, 'delayLoopMs' | 'retry' | 'delayBeforeRetryMs' | 'warmupMs' | 'alpha'> {
  return {
    delayLoopMs: t.delayLoopMs,
    retry: t.retry,
    delayBeforeRetryMs: t.delayBeforeRetryMs,
    warmupMs: t.warmupMs,
    alpha: t.alpha,
  };
}

function connect(c: ConfCheckerConnection, port: number): ConnectOptions {
  const o: ConnectOptions = {
    host: c.connectIp,
    port: c.connectPort ?? port,
    connectTimeoutMs: c.connectTimeoutMs,
  };
  if (c.bindto !== undefined) o.bindto = c.bindto;
  if (c.bindPort !== undefined) o.bindPort = c.bindPort;
  if (c.bindIf !== undefined) o.bindIf = c.bindIf;
  if (c.fwmark !== undefined) o.fwmark = c.fwmark;
  return o;
}

function http(c: ConfHttpChecker, port: number, ignored: string[]): HttpGetOptions {
  const urls: UrlCheck[] = c.urls.map((u, i) => {
    const url: UrlCheck = { path: u.path ?? '/' };
    if (u.path === undefined) ignored.push(`url[${i}]: no path given; '/' used`);
    if (u.statusCodes.length > 0)
      url.statusCode = u.statusCodes.map((r) => (r.min === r.max ? r.min : `${r.min}-${r.max}`));
    if (u.digest !== undefined) url.digest = u.digest;
    if (u.virtualhost !== undefined) url.virtualhost = u.virtualhost;
    if (u.regex !== undefined) url.regex = u.regex;
    if (u.regexNoMatch) url.regexNoMatch = true;
    if (u.regexOptions.length > 0) url.regexOptions = u.regexOptions.join(' ');
    if (u.regexMinOffset !== undefined) url.regexMinOffset = u.regexMinOffset;
    if (u.regexMaxOffset !== undefined) url.regexMaxOffset = u.regexMaxOffset;
    if (u.regexStack !== undefined)
      ignored.push(`url[${i}].regex_stack: PCRE2 JIT stack has no JavaScript equivalent`);
    return url;
  });
  const o: HttpGetOptions = { ...connect(c, port), urls, httpProtocol: c.httpProtocol };
  if (c.virtualhost !== undefined) o.virtualhost = c.virtualhost;
  if (c.fastRecovery)
    ignored.push('fast_recovery: every URL is checked within one probe, so recovery is always fast');
  return o;
}

function target(o: { host: string; port: number }): CheckTarget {
  return { host: o.host, port: o.port };
}

/**
 * Turn one checker of a real server into a check definition.
 *
 * @param vs - the virtual server
 * @param rs - the real server
 * @param c - the checker
 * @param ctx - track files and SSL settings
 */
export function checkFromChecker(
  vs: ConfVirtualServer,
  rs: ConfRealServer,
  c: ConfChecker,
  ctx: ConfContext = {},
): ConfCheck[] {
  const port = realServerPort(vs, rs) ?? 0;
  const ignored: string[] = [];
  switch (c.type) {
    case 'HTTP_GET': {
      const options = http(c, port, ignored);
      return [
        {
          type: 'HTTP_GET',
          target: target(options),
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'SSL_GET': {
      const options: ConfOptionsByType['SSL_GET'] = { ...http(c, port, ignored), enableSni: c.enableSni };
      if (ctx.ssl?.ca !== undefined) options.ca = ctx.ssl.ca;
      if (ctx.ssl?.certificate !== undefined) options.certificate = ctx.ssl.certificate;
      if (ctx.ssl?.key !== undefined) options.key = ctx.ssl.key;
      if (ctx.ssl?.password !== undefined) options.password = ctx.ssl.password;
      return [
        {
          type: 'SSL_GET',
          target: target(options),
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'TCP_CHECK': {
      const options = connect(c, port);
      return [
        {
          type: 'TCP_CHECK',
          target: target(options),
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'PING_CHECK': {
      const options: ConfOptionsByType['PING_CHECK'] = {
        host: c.connectIp,
        connectTimeoutMs: c.connectTimeoutMs,
      };
      for (const k of ['bindto', 'bindPort', 'bindIf', 'fwmark'] as const)
        if (c[k] !== undefined) ignored.push(`${k}: not supported by PING_CHECK here`);
      return [
        {
          type: 'PING_CHECK',
          target: { host: c.connectIp, port: c.connectPort ?? port },
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'SMTP_CHECK': {
      // Deprecated `host { }` blocks: each is checked; all must pass (one check per host).
      const conns = c.hosts.length > 0 ? c.hosts : [c];
      return conns.map((h) => {
        const options: ConfOptionsByType['SMTP_CHECK'] = connect(h, port);
        if (c.heloName !== undefined) options.heloName = c.heloName;
        return {
          type: 'SMTP_CHECK' as const,
          target: target(options),
          options,
          connectTimeoutMs: h.connectTimeoutMs,
          ...timing(c),
          ignored: [...ignored],
        };
      });
    }
    case 'MISC_CHECK': {
      const options: ConfOptionsByType['MISC_CHECK'] = {
        miscPath: c.miscPath ?? '',
        miscTimeoutMs: c.miscTimeoutMs,
        miscDynamic: c.miscDynamic,
      };
      if (c.user !== undefined) options.user = c.user;
      if (c.group !== undefined) options.group = c.group;
      const spec: ConfCheck = {
        type: 'MISC_CHECK',
        target: { host: rs.address, port },
        options,
        connectTimeoutMs: c.miscTimeoutMs,
        ...timing(c),
        ignored,
      };
      if (c.miscDynamic) spec.dynamicWeight = 'set';
      return [spec];
    }
    case 'DNS_CHECK': {
      const options: ConfOptionsByType['DNS_CHECK'] = {
        ...connect(c, port),
        type: c.queryType,
        name: c.name,
      };
      return [
        {
          type: 'DNS_CHECK',
          target: target(options),
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'UDP_CHECK': {
      const options: ConfOptionsByType['UDP_CHECK'] = {
        ...connect(c, port),
        requireReply: c.requireReplyPattern ?? c.requireReply,
        minReplyLength: c.minReplyLength,
        maxReplyLength: c.maxReplyLength,
      };
      if (c.payload !== undefined) options.payload = c.payload;
      return [
        {
          type: 'UDP_CHECK',
          target: target(options),
          options,
          connectTimeoutMs: c.connectTimeoutMs,
          ...timing(c),
          ignored,
        },
      ];
    }
    case 'FILE_CHECK': {
      const tf = ctx.trackFiles?.find((t) => t.name === c.trackFile);
      const options: ConfOptionsByType['FILE_CHECK'] = {
        file: tf?.file ?? '',
        weight: c.weight ?? tf?.weight ?? 1,
        reverse: c.reverse || (c.weight === undefined && (tf?.reverse ?? false)),
        dynamic: c.dynamic,
      };
      if (tf?.file === undefined) ignored.push(`track_file ${c.trackFile ?? '?'}: no file path found`);
      // FILE_CHECK has no timing options: keepalived re-reads the file when it changes; here it is
      // polled every delay_loop of the real server, with no retries and no warmup.
      return [
        {
          type: 'FILE_CHECK',
          target: { host: rs.address, port },
          options,
          delayLoopMs: rs.delayLoopMs,
          retry: 0,
          warmupMs: 0,
          alpha: rs.alpha,
          dynamicWeight: 'add',
          ignored,
        },
      ];
    }
    case 'BFD_CHECK':
      return [
        {
          type: 'BFD_CHECK',
          target: { host: rs.address, port },
          options: { name: c.name ?? '' },
          delayLoopMs: rs.delayLoopMs,
          retry: 0,
          warmupMs: 0,
          alpha: c.alpha,
          ignored: ['BFD_CHECK: needs a BFD session source; supply a probe factory for it'],
        },
      ];
  }
}

/**
 * All check definitions of a real server, in configuration order.
 *
 * @param vs - the virtual server
 * @param rs - the real server
 * @param ctx - track files and SSL settings
 */
export function checksFromRealServer(
  vs: ConfVirtualServer,
  rs: ConfRealServer,
  ctx: ConfContext = {},
): ConfCheck[] {
  return rs.checkers.flatMap((c) => checkFromChecker(vs, rs, c, ctx));
}
