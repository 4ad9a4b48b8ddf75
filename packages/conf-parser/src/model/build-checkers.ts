/**
 * Builds checkers, resolving inherited settings (checker ← real server ← virtual server ←
 * keepalived's per-checker defaults).
 *
 * @module
 */
import { CHECKER_NAMES } from '../schema/lvs.js';
import type { ConfNode } from '../types.js';
import { BlockReader, type Statement } from './block-reader.js';
import { checkerDefaults } from './checker-defaults.js';
import type { Reporter } from './reporter.js';
import type {
  Checker,
  CheckerBase,
  CheckerConnection,
  CheckerTiming,
  CheckerType,
  DnsQueryType,
  HttpChecker,
  HttpUrl,
  SmtpHost,
  StatusRange,
} from './types-checkers.js';
import { parseIntStrict } from './values.js';

/** What a checker inherits from its real server (already merged with the virtual server). */
export interface CheckerInheritance {
  /** Real server address. */
  address: string;
  /** Real server port. */
  port?: number;
  /** RS/VS retry. */
  retry?: number;
  /** RS/VS delay_before_retry in ms. */
  delayBeforeRetryMs?: number;
  /** RS/VS warmup in ms. */
  warmupMs?: number;
  /** RS/VS connect_timeout in ms. */
  connectTimeoutMs: number;
  /** RS/VS delay_loop in ms. */
  delayLoopMs: number;
  /** RS/VS alpha. */
  alpha: boolean;
  /** RS/VS virtualhost. */
  virtualhost?: string;
}

/** True when `keyword` names a checker block. */
export function isCheckerKeyword(keyword: string): keyword is CheckerType {
  return (CHECKER_NAMES as readonly string[]).includes(keyword);
}

function timing(r: BlockReader, type: CheckerType, inh: CheckerInheritance): CheckerTiming {
  const delayLoopMs = r.num('delay_loop') ?? inh.delayLoopMs;
  const d = checkerDefaults(type, delayLoopMs);
  return {
    retry: r.num('retry', 'nb_get_retry') ?? inh.retry ?? d.retry,
    delayBeforeRetryMs: r.num('delay_before_retry') ?? inh.delayBeforeRetryMs ?? d.delayBeforeRetryMs,
    warmupMs: r.num('warmup') ?? inh.warmupMs ?? delayLoopMs,
    delayLoopMs,
    alpha: r.bool('alpha') ?? inh.alpha,
    logAllFailures: r.bool('log_all_failures') ?? false,
  };
}

/** Sets the source options (`bindto`, `bind_port`, `bind_if`, `fwmark`) that are configured. */
function setBindOptions(c: CheckerConnection, r: BlockReader): void {
  const bindto = r.str('bindto');
  if (bindto !== undefined) c.bindto = bindto;
  const bindPort = r.num('bind_port');
  if (bindPort !== undefined) c.bindPort = bindPort;
  const bindIf = r.str('bind_if');
  if (bindIf !== undefined) c.bindIf = bindIf;
  const fwmark = r.num('fwmark');
  if (fwmark !== undefined) c.fwmark = fwmark;
}

/** True when one of the source options of {@link setBindOptions} is configured. */
function hasBindOptions(r: BlockReader): boolean {
  return r.has('bindto', 'bind_port', 'bind_if', 'fwmark');
}

/** Sets the connection options that are present only when configured (no `undefined` keys). */
function setOptionalConnection(c: CheckerConnection, r: BlockReader, inh: CheckerInheritance): void {
  const port = r.num('connect_port') ?? inh.port;
  if (port !== undefined) c.connectPort = port;
  setBindOptions(c, r);
}

function connection(r: BlockReader, inh: CheckerInheritance): CheckerConnection {
  const c: CheckerConnection = {
    connectIp: r.str('connect_ip') ?? inh.address,
    connectTimeoutMs: r.num('connect_timeout') ?? inh.connectTimeoutMs,
  };
  setOptionalConnection(c, r, inh);
  return c;
}

/** A checker with timing and connection options, built as one object (no spreads). */
type NetworkChecker<T extends CheckerType> = CheckerBase & CheckerTiming & CheckerConnection & { type: T };

/** The fields `HTTP_GET` / `SSL_GET` add after the connection options, in output order. */
interface HttpFields {
  httpProtocol: HttpChecker['httpProtocol'];
  enableSni: boolean;
  fastRecovery: boolean;
  urls: HttpUrl[];
}

/**
 * A network checker (timing and connection options, then `http`'s fields when given). The
 * usual shapes are built as one literal each: a property added to an object after its literal
 * costs it a second allocation.
 */
function networkChecker<T extends CheckerType>(
  type: T,
  r: BlockReader,
  inh: CheckerInheritance,
  base: CheckerBase,
  http: HttpFields | undefined,
): NetworkChecker<T> & Partial<HttpFields> {
  const delayLoopMs = r.num('delay_loop') ?? inh.delayLoopMs;
  const d = checkerDefaults(type, delayLoopMs);
  const unknown = base.unknown;
  const origin = base.origin;
  const retry = r.num('retry', 'nb_get_retry') ?? inh.retry ?? d.retry;
  const delayBeforeRetryMs = r.num('delay_before_retry') ?? inh.delayBeforeRetryMs ?? d.delayBeforeRetryMs;
  const warmupMs = r.num('warmup') ?? inh.warmupMs ?? delayLoopMs;
  const alpha = r.bool('alpha') ?? inh.alpha;
  const logAllFailures = r.bool('log_all_failures') ?? false;
  const connectIp = r.str('connect_ip') ?? inh.address;
  const connectTimeoutMs = r.num('connect_timeout') ?? inh.connectTimeoutMs;
  const port = r.num('connect_port') ?? inh.port;
  if (hasBindOptions(r)) {
    const c: NetworkChecker<T> = {
      type,
      unknown,
      origin,
      retry,
      delayBeforeRetryMs,
      warmupMs,
      delayLoopMs,
      alpha,
      logAllFailures,
      connectIp,
      connectTimeoutMs,
    };
    if (port !== undefined) c.connectPort = port;
    setBindOptions(c, r);
    return http === undefined ? c : Object.assign(c, http);
  }
  if (http !== undefined) {
    const { httpProtocol, enableSni, fastRecovery, urls } = http;
    if (port === undefined) {
      return {
        type,
        unknown,
        origin,
        retry,
        delayBeforeRetryMs,
        warmupMs,
        delayLoopMs,
        alpha,
        logAllFailures,
        connectIp,
        connectTimeoutMs,
        httpProtocol,
        enableSni,
        fastRecovery,
        urls,
      };
    }
    return {
      type,
      unknown,
      origin,
      retry,
      delayBeforeRetryMs,
      warmupMs,
      delayLoopMs,
      alpha,
      logAllFailures,
      connectIp,
      connectTimeoutMs,
      connectPort: port,
      httpProtocol,
      enableSni,
      fastRecovery,
      urls,
    };
  }
  if (port === undefined) {
    return {
      type,
      unknown,
      origin,
      retry,
      delayBeforeRetryMs,
      warmupMs,
      delayLoopMs,
      alpha,
      logAllFailures,
      connectIp,
      connectTimeoutMs,
    };
  }
  return {
    type,
    unknown,
    origin,
    retry,
    delayBeforeRetryMs,
    warmupMs,
    delayLoopMs,
    alpha,
    logAllFailures,
    connectIp,
    connectTimeoutMs,
    connectPort: port,
  };
}

/** A checker with timing and connection options. */
function network<T extends CheckerType>(
  type: T,
  r: BlockReader,
  inh: CheckerInheritance,
  base: CheckerBase,
): NetworkChecker<T> {
  return networkChecker(type, r, inh, base, undefined);
}

/** An `HTTP_GET` / `SSL_GET` checker: {@link network}'s fields, then `http`'s. */
function httpChecker(
  type: HttpChecker['type'],
  r: BlockReader,
  inh: CheckerInheritance,
  base: CheckerBase,
  http: HttpFields,
): HttpChecker {
  // networkChecker sets every field of `http` when it is given.
  return networkChecker(type, r, inh, base, http) as HttpChecker;
}

/** Parse `status_code` words: `200`, `200-299`. */
export function parseStatusCodes(words: readonly string[]): StatusRange[] | undefined {
  const out: StatusRange[] = [];
  for (const w of words) {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(w);
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : Number(m[2]);
    if (min < 100 || max > 599 || max < min) return undefined;
    out.push({ min, max });
  }
  return out;
}

function buildUrl(node: ConfNode, rep: Reporter): HttpUrl {
  const r = new BlockReader('url', node.children ?? [], rep);
  const sc = r.last('status_code');
  const codes = sc ? parseStatusCodes(sc.node.args) : undefined;
  const statusCodes = codes ?? [{ min: 200, max: 299 }];
  const regexNoMatch = r.flag('regex_no_match');
  const regexOptions = r.last('regex_options')?.node.args.slice() ?? [];
  const path = r.str('path');
  // One literal per shape (a property added later would cost the object a second allocation).
  const url: HttpUrl =
    path === undefined
      ? { statusCodes, regexNoMatch, regexOptions, unknown: r.unknown, origin: node.origin }
      : { statusCodes, regexNoMatch, regexOptions, unknown: r.unknown, origin: node.origin, path };
  const digest = r.str('digest');
  if (digest !== undefined) {
    if (/^[0-9a-fA-F]{32}$/.test(digest)) url.digest = digest.toLowerCase();
    else
      rep.report(
        'KM007',
        r.last('digest')?.node.origin ?? node.origin,
        `digest '${digest}' is not 32 hex digits`,
      );
  }
  if (sc && !codes) {
    rep.report('KM007', sc.node.origin, `Invalid status_code '${sc.node.args.join(' ')}'`);
  }
  const vh = r.str('virtualhost');
  if (vh !== undefined) url.virtualhost = vh;
  const regex = r.str('regex');
  if (regex !== undefined) url.regex = regex;
  // keepalived reads these leniently (no diagnostics for bad numbers).
  const minOff = parseIntStrict(r.str('regex_min_offset') ?? '');
  if (minOff !== undefined) url.regexMinOffset = minOff;
  const maxOff = parseIntStrict(r.str('regex_max_offset') ?? '');
  if (maxOff !== undefined) url.regexMaxOffset = maxOff;
  const stack = r.last('regex_stack')?.node.args.map((a) => parseIntStrict(a));
  if (stack?.[0] !== undefined && stack[1] !== undefined) url.regexStack = { start: stack[0], max: stack[1] };
  return url;
}

/**
 * keepalived's free-format hex: each word is read in pairs of digits from the left and a final
 * single digit is one byte (`Ab12f 3 456` → `ab 12 0f 03 45 06`).
 */
export function hexOf(words: readonly string[]): string {
  const bytes: string[] = [];
  for (const w of words.join(' ').split(/\s+/)) {
    for (let i = 0; i < w.length; i += 2) {
      const pair = w.slice(i, i + 2);
      bytes.push(pair.length === 1 ? `0${pair}` : pair);
    }
  }
  return bytes.join('').toLowerCase();
}

/** Build one checker block of a real server. */
export function buildChecker(node: ConfNode, inh: CheckerInheritance, rep: Reporter): Checker {
  const type = node.keyword as CheckerType;
  const r = new BlockReader(type, node.children ?? [], rep);
  const base = { unknown: r.unknown, origin: node.origin };
  switch (type) {
    case 'HTTP_GET':
    case 'SSL_GET': {
      const proto = r.str('http_protocol');
      const urlBlocks = r.blocks('url');
      const urls = new Array<HttpUrl>(urlBlocks.length);
      for (let i = 0; i < urlBlocks.length; i++) urls[i] = buildUrl((urlBlocks[i] as Statement).node, rep);
      const c = httpChecker(type, r, inh, base, {
        httpProtocol: proto === '1.1' ? '1.1' : proto === '1.0C' || proto === '1.0c' ? '1.0C' : '1.0',
        enableSni: r.flag('enable_sni'),
        fastRecovery: r.bool('fast_recovery') ?? false,
        urls,
      });
      const vh = r.str('virtualhost') ?? inh.virtualhost;
      if (vh !== undefined) c.virtualhost = vh;
      return c;
    }
    case 'TCP_CHECK':
    case 'PING_CHECK':
      return network(type, r, inh, base);
    case 'SMTP_CHECK': {
      const hosts: SmtpHost[] = r.blocks('host').map((s) => {
        const hr = new BlockReader('host', s.node.children ?? [], rep);
        return { ...connection(hr, inh), origin: s.node.origin };
      });
      const c: Checker = { type, ...base, ...timing(r, type, inh), ...connection(r, inh), hosts };
      const helo = r.str('helo_name');
      if (helo !== undefined) c.heloName = helo;
      return c;
    }
    case 'MISC_CHECK': {
      const t = timing(r, type, inh);
      const c: Checker = {
        type,
        ...base,
        ...t,
        miscTimeoutMs: r.num('misc_timeout') ?? t.delayLoopMs,
        miscDynamic: r.flag('misc_dynamic'),
      };
      const path = r.last('misc_path');
      if (path) c.miscPath = path.node.args.join(' ');
      const user = r.last('user');
      if (user?.node.args[0] !== undefined) c.user = user.node.args[0];
      if (user?.node.args[1] !== undefined) c.group = user.node.args[1];
      return c;
    }
    case 'DNS_CHECK':
      return {
        type,
        ...base,
        ...timing(r, type, inh),
        ...connection(r, inh),
        queryType: (r.str('type')?.toUpperCase() as DnsQueryType | undefined) ?? 'SOA',
        name: r.str('name') ?? '.',
      };
    case 'UDP_CHECK': {
      const rr = r.last('require_reply');
      const c: Checker = {
        type,
        ...base,
        ...timing(r, type, inh),
        ...connection(r, inh),
        requireReply: rr !== undefined,
        minReplyLength: r.num('min_reply_length') ?? 0,
        maxReplyLength: r.num('max_reply_length') ?? 255,
      };
      const payload = r.last('payload');
      if (payload) {
        if (payload.node.args.every((w) => /^[0-9a-fA-F]+$/.test(w))) c.payload = hexOf(payload.node.args);
        else rep.report('KM007', payload.node.origin, 'Invalid hex string for UDP_CHECK payload');
      }
      if (rr && rr.node.args.length > 0) {
        if (rr.node.args.every((w) => /^[0-9a-fA-FxX]+$/.test(w)))
          c.requireReplyPattern = hexOf(rr.node.args);
        else rep.report('KM007', rr.node.origin, 'Invalid hex string for UDP_CHECK reply');
      }
      return c;
    }
    case 'FILE_CHECK': {
      const w = r.last('weight');
      const c: Checker = {
        type,
        ...base,
        reverse: w?.values[1] === 'reverse',
        dynamic: r.flag('dynamic'),
      };
      const tf = r.str('track_file');
      if (tf !== undefined) c.trackFile = tf;
      if (typeof w?.values[0] === 'number') c.weight = w.values[0];
      return c;
    }
    default: {
      const c: Checker = { type: 'BFD_CHECK', ...base, alpha: r.bool('alpha') ?? inh.alpha };
      const name = r.str('name');
      if (name !== undefined) c.name = name;
      return c;
    }
  }
}

/** Parse a port argument (1..65535, 0 allowed as "no port"). */
export function parsePort(text: string | undefined): number | undefined {
  const n = parseIntStrict(text ?? '');
  return n !== undefined && n >= 0 && n <= 65535 ? n : undefined;
}
