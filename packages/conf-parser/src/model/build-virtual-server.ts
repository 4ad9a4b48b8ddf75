/**
 * Builds virtual_server (with real servers and checkers), virtual_server_group and SSL.
 *
 * @module
 */
import { Address4, Address6 } from 'ip-address';
import { wordsOf } from '../preprocess/plain-node.js';
import type { ConfNode } from '../types.js';
import { BlockReader, type Statement } from './block-reader.js';
import { buildChecker, type CheckerInheritance, isCheckerKeyword, parsePort } from './build-checkers.js';
import { parseIp, parsePrefix } from './ip.js';
import type { Reporter } from './reporter.js';
import type { Checker } from './types-checkers.js';
import type {
  ForwardingMethod,
  LbAlgo,
  LbKind,
  RealServer,
  SslConfig,
  TunnelOptions,
  VirtualServer,
  VirtualServerGroup,
  VirtualServerGroupEntry,
  VirtualServerTarget,
  VsProtocol,
} from './types-lvs.js';
import { lineWords } from './value-lines.js';
import { parseIntStrict, setIfDefined } from './values.js';

/** Parse the words of `lvs_method` / `lb_kind` / `sorry_server_lvs_method`. */
export function parseMethod(st: Statement, rep: Reporter): ForwardingMethod | undefined {
  const kind = String(st.values[0] ?? '').toUpperCase() as LbKind;
  const m: ForwardingMethod = { kind };
  if (kind !== 'TUN') return m;
  const a = st.node.args;
  const tunnel: TunnelOptions = { type: 'ipip' };
  for (let i = 1; i < a.length; i++) {
    const w = a[i];
    if (w === 'type') {
      const t = a[++i];
      if (t === 'ipip' || t === 'gue' || t === 'gre') tunnel.type = t;
      else rep.report('KM007', st.node.origin, `Unknown tunnel type '${t}'`);
    } else if (w === 'port') {
      const p = parsePort(a[++i]);
      if (p === undefined) rep.report('KM005', st.node.origin, `Invalid tunnel port '${a[i]}'`);
      else tunnel.port = p;
    } else if (w === 'nocsum' || w === 'csum' || w === 'remcsum') tunnel.csum = w;
    else rep.report('KM007', st.node.origin, `Unknown tunnel option '${w}'`);
  }
  m.tunnel = tunnel;
  return m;
}

function parseTarget(node: ConfNode, rep: Reporter): VirtualServerTarget | undefined {
  const [a0, a1] = wordsOf(node);
  if (a0 === 'fwmark') {
    const n = parseIntStrict(a1 ?? '');
    if (n === undefined || n < 1 || n > 4294967295) {
      rep.report('KM005', node.argOrigins[1] ?? node.origin, `Invalid virtual server fwmark '${a1}'`);
      return undefined;
    }
    return { kind: 'fwmark', fwmark: n };
  }
  if (a0 === 'group') {
    if (a1 === undefined) {
      rep.report('KM014', node.origin, 'virtual_server group is missing the group name');
      return undefined;
    }
    return { kind: 'group', group: a1 };
  }
  const ip = parseIp(a0 ?? '');
  const port = a1 === undefined ? undefined : parsePort(a1);
  if (!ip || (a1 !== undefined && port === undefined)) {
    rep.report('KM008', node.origin, `Invalid virtual server IP address/port ${a0}/${a1 ?? ''} - skipping`);
    return undefined;
  }
  const t: VirtualServerTarget = { kind: 'address', address: ip.address, family: ip.family };
  if (port !== undefined) t.port = port;
  return t;
}

function isCheckerStatement(s: Statement): boolean {
  return s.valid && s.node.children !== undefined && isCheckerKeyword(s.name);
}

function buildRealServer(st: Statement, vs: VirtualServer, rep: Reporter): RealServer {
  const node = st.node;
  const r = new BlockReader('real_server', node.children ?? [], rep);
  const address = wordsOf(node)[0];
  const ip = parseIp(address ?? '');
  const method = r.last('lvs_method');
  const rsMethod = (method && parseMethod(method, rep)) ?? vs.method;
  const rsAddress = ip?.address ?? address ?? '';
  const family = ip?.family ?? 4;
  const weight = r.num('weight') ?? 1;
  const inhibitOnFailure = r.bool('inhibit_on_failure') ?? vs.inhibitOnFailure;
  const alpha = r.bool('alpha') ?? vs.alpha;
  const connectTimeoutMs = r.num('connect_timeout') ?? vs.connectTimeoutMs;
  const delayLoopMs = r.num('delay_loop') ?? vs.delayLoopMs;
  const port =
    typeof st.values[1] === 'number'
      ? st.values[1]
      : vs.target.kind === 'address'
        ? vs.target.port
        : undefined;
  // One literal per shape (a property added later would cost the object a second allocation).
  const rs: RealServer =
    port === undefined
      ? {
          address: rsAddress,
          family,
          weight,
          method: rsMethod,
          lbKind: rsMethod.kind,
          inhibitOnFailure,
          alpha,
          connectTimeoutMs,
          delayLoopMs,
          checkers: [],
          unknown: r.unknown,
          origin: node.origin,
        }
      : {
          address: rsAddress,
          family,
          weight,
          method: rsMethod,
          lbKind: rsMethod.kind,
          inhibitOnFailure,
          alpha,
          connectTimeoutMs,
          delayLoopMs,
          checkers: [],
          unknown: r.unknown,
          origin: node.origin,
          port,
        };
  setIfDefined(rs, 'uthreshold', r.num('uthreshold'));
  setIfDefined(rs, 'lthreshold', r.num('lthreshold'));
  setIfDefined(rs, 'notifyUp', r.script('notify_up'));
  setIfDefined(rs, 'notifyDown', r.script('notify_down'));
  setIfDefined(rs, 'smtpAlert', r.bool('smtp_alert'));
  setIfDefined(rs, 'virtualhost', r.str('virtualhost') ?? vs.virtualhost);
  setIfDefined(rs, 'snmpName', r.str('snmp_name'));
  setIfDefined(rs, 'retry', r.num('retry') ?? vs.retry);
  setIfDefined(rs, 'delayBeforeRetryMs', r.num('delay_before_retry') ?? vs.delayBeforeRetryMs);
  setIfDefined(rs, 'warmupMs', r.num('warmup') ?? vs.warmupMs);
  const inh: CheckerInheritance = {
    address: rs.address,
    connectTimeoutMs: rs.connectTimeoutMs,
    delayLoopMs: rs.delayLoopMs,
    alpha: rs.alpha,
  };
  if (rs.port !== undefined) inh.port = rs.port;
  if (rs.retry !== undefined) inh.retry = rs.retry;
  if (rs.delayBeforeRetryMs !== undefined) inh.delayBeforeRetryMs = rs.delayBeforeRetryMs;
  if (rs.warmupMs !== undefined) inh.warmupMs = rs.warmupMs;
  if (rs.virtualhost !== undefined) inh.virtualhost = rs.virtualhost;
  let count = 0;
  for (const s of r.statements) if (isCheckerStatement(s)) count++;
  if (count > 0) {
    // Exact size (an array grown by push keeps spare capacity for the life of the model).
    const checkers = new Array<Checker>(count);
    count = 0;
    for (const s of r.statements)
      if (isCheckerStatement(s)) checkers[count++] = buildChecker(s.node, inh, rep);
    rs.checkers = checkers;
  }
  return rs;
}

const INET_ATON = /^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}$/i;

/** keepalived's keyword-time checks of scheduler flags, granularity and sorry-server options. */
function checkVsOptions(r: BlockReader, vs: VirtualServer, rep: Reporter): void {
  const algos = r.all('lb_algo', 'lvs_sched').filter((s) => s.valid);
  for (const st of r.all('hashed', 'sh-port', 'sh-fallback', 'mh-port', 'mh-fallback')) {
    const want = st.spec.name.startsWith('mh-') ? 'mh' : 'sh';
    // keepalived checks the scheduler set so far, and says "sh scheduler" for the mh flags too.
    const algoSoFar = algos.filter((a) => a.index < st.index).at(-1)?.values[0];
    if (algoSoFar !== want)
      rep.report('KM018', st.node.origin, `${st.spec.name} only applies to sh scheduler - ignoring`);
  }
  const gran = r.last('persistence_granularity');
  const g = gran?.node.args[0] ?? '';
  if (gran) {
    const isV6 = vs.target.kind === 'address' && vs.target.family === 6;
    const n = parseIntStrict(g);
    // IPv4: keepalived uses inet_aton, which also takes short forms such as 255.255.0
    const ok = isV6 ? n !== undefined && n >= 1 && n <= 128 : INET_ATON.test(g);
    if (!ok) {
      rep.report(
        'KM008',
        gran.node.origin,
        `Invalid IPv${isV6 ? 6 : 4} persistence_granularity specified - ${g}`,
      );
    }
  }
  const sorryAt = r.all('sorry_server')[0]?.index ?? Number.POSITIVE_INFINITY;
  for (const st of r.all('sorry_server_inhibit')) {
    if (st.index < sorryAt) {
      rep.report(
        'KM018',
        st.node.origin,
        'Ignoring sorry_server inhibit used before or without sorry_server',
      );
    }
  }
  for (const st of r.all('sorry_server_lvs_method')) {
    if (st.index < sorryAt)
      rep.report('KM018', st.node.origin, 'sorry_server forwarding used without sorry_server');
  }
}

const FLAG_WORDS = [
  'hashed',
  'ops',
  'flag-1',
  'flag-2',
  'flag-3',
  'sh-port',
  'sh-fallback',
  'mh-port',
  'mh-fallback',
];

/** How diagnostics name a virtual server (built only when one is reported). */
function vsLabel(node: ConfNode): string {
  return `Virtual server ${wordsOf(node).join(' ')}`;
}

/** Build one `virtual_server`; `undefined` when its header is invalid (keepalived skips it). */
export function buildVirtualServer(node: ConfNode, rep: Reporter): VirtualServer | undefined {
  const target = parseTarget(node, rep);
  const r = new BlockReader('virtual_server', node.children ?? [], rep);
  if (!target) return undefined;
  const algo = r.last('lb_algo', 'lvs_sched');
  if (!algo) rep.report('KM011', node.origin, `${vsLabel(node)}: no scheduler set, setting default 'wlc'`);
  const kindSt = r.last('lb_kind', 'lvs_method');
  if (!kindSt)
    rep.report('KM011', node.origin, `${vsLabel(node)}: no forwarding method set, setting default NAT`);
  const proto = r.str('protocol')?.toUpperCase() as VsProtocol | undefined;
  const vsMethod = (kindSt && parseMethod(kindSt, rep)) ?? { kind: 'NAT' };
  const vs: VirtualServer = {
    target,
    lbAlgo: (algo?.values[0] as LbAlgo | undefined) ?? 'wlc',
    method: vsMethod,
    lbKind: vsMethod.kind,
    flags: FLAG_WORDS.filter((f) => r.flag(f)),
    ops: r.flag('ops'),
    quorum: r.num('quorum') ?? 1,
    hysteresis: r.num('hysteresis') ?? 0,
    alpha: r.bool('alpha') ?? false,
    omega: r.bool('omega') ?? false,
    haSuspend: r.flag('ha_suspend'),
    inhibitOnFailure: r.flag('inhibit_on_failure'),
    weight: r.num('weight') ?? 1,
    connectTimeoutMs: r.num('connect_timeout') ?? 5000,
    delayLoopMs: r.num('delay_loop') ?? 60000,
    realServers: [],
    unknown: r.unknown,
    origin: node.origin,
  };
  if (proto) vs.protocol = proto;
  else if (target.kind !== 'fwmark') {
    rep.report('KM011', node.origin, `${vsLabel(node)}: no protocol set - defaulting to UDP`);
    vs.protocol = 'UDP';
  }
  checkVsOptions(r, vs, rep);
  const pt = r.last('persistence_timeout');
  if (pt) vs.persistenceTimeoutMs = typeof pt.values[0] === 'number' ? pt.values[0] * 1000 : 360000;
  setIfDefined(vs, 'persistenceGranularity', r.str('persistence_granularity'));
  setIfDefined(vs, 'persistenceEngine', r.str('persistence_engine'));
  setIfDefined(vs, 'ipFamily', r.str('ip_family') as 'inet' | 'inet6' | undefined);
  setIfDefined(vs, 'quorumUp', r.script('quorum_up'));
  setIfDefined(vs, 'quorumDown', r.script('quorum_down'));
  setIfDefined(vs, 'smtpAlert', r.bool('smtp_alert'));
  setIfDefined(vs, 'virtualhost', r.str('virtualhost'));
  setIfDefined(vs, 'snmpName', r.str('snmp_name'));
  setIfDefined(vs, 'retry', r.num('retry'));
  setIfDefined(vs, 'delayBeforeRetryMs', r.num('delay_before_retry'));
  setIfDefined(vs, 'warmupMs', r.num('warmup'));
  const sorry = r.last('sorry_server');
  if (sorry) {
    const sm = r.last('sorry_server_lvs_method');
    vs.sorryServer = {
      address: String(sorry.values[0]),
      method: (sm && parseMethod(sm, rep)) ?? vs.method,
      inhibit: r.flag('sorry_server_inhibit'),
      origin: sorry.node.origin,
    };
    if (typeof sorry.values[1] === 'number') vs.sorryServer.port = sorry.values[1];
  }
  vs.realServers = r.blocks('real_server').map((s) => buildRealServer(s, vs, rep));
  return vs;
}

function rangeOf(text: string): { first: string; last: string; family: 4 | 6 } | undefined {
  if (text.includes('/')) {
    const p = parsePrefix(text);
    if (!p) return undefined;
    if (p.family === 4) {
      const a = new Address4(`${p.address}/${p.prefix}`);
      return { first: a.startAddress().correctForm(), last: a.endAddress().correctForm(), family: 4 };
    }
    const a = new Address6(`${p.address}/${p.prefix}`);
    return { first: a.startAddress().correctForm(), last: a.endAddress().correctForm(), family: 6 };
  }
  const dash = text.indexOf('-');
  if (dash < 0) {
    const ip = parseIp(text);
    return ip && { first: ip.address, last: ip.address, family: ip.family };
  }
  const first = parseIp(text.slice(0, dash));
  const tail = text.slice(dash + 1);
  if (!first) return undefined;
  const full = parseIp(tail, first.family);
  if (full) return { first: first.address, last: full.address, family: first.family };
  if (first.family === 4 && /^\d{1,3}$/.test(tail) && Number(tail) <= 255) {
    const parts = first.address.split('.');
    parts[3] = tail;
    return { first: first.address, last: parts.join('.'), family: 4 };
  }
  if (first.family === 6 && /^[0-9a-fA-F]{1,4}$/.test(tail)) {
    const groups = new Address6(first.address).canonicalForm().split(':');
    groups[7] = tail;
    return { first: first.address, last: new Address6(groups.join(':')).correctForm(), family: 6 };
  }
  return undefined;
}

/** Build a `virtual_server_group`. */
export function buildVirtualServerGroup(node: ConfNode, rep: Reporter): VirtualServerGroup {
  const entries: VirtualServerGroupEntry[] = [];
  for (const line of node.children ?? []) {
    const [w0, w1, w2] = lineWords(line);
    if (w0 === 'fwmark') {
      const n = parseIntStrict(w1 ?? '');
      if (n === undefined || n < 1) {
        rep.report('KM005', line.origin, `virtual_server_group: invalid fwmark '${w1}'`);
        continue;
      }
      const e: VirtualServerGroupEntry = { kind: 'fwmark', fwmark: n, origin: line.origin };
      if (w2 === 'inet' || w2 === 'inet6') e.family = w2;
      entries.push(e);
      continue;
    }
    const range = rangeOf(w0 ?? '');
    const port = w1 === undefined ? undefined : parsePort(w1);
    if (!range || (w1 !== undefined && port === undefined)) {
      rep.report(
        'KM008',
        line.origin,
        `virtual_server_group: invalid address/range '${lineWords(line).join(' ')}'`,
      );
      continue;
    }
    const e: VirtualServerGroupEntry = { kind: 'range', ...range, origin: line.origin };
    if (port !== undefined) e.port = port;
    entries.push(e);
  }
  return { name: node.args[0] ?? '', entries, origin: node.origin };
}

/** Build the `SSL` block. */
export function buildSsl(node: ConfNode, rep: Reporter): SslConfig {
  const r = new BlockReader('SSL', node.children ?? [], rep);
  const s: SslConfig = { unknown: r.unknown, origin: node.origin };
  const opt = (k: 'password' | 'ca' | 'certificate' | 'key') => {
    const v = r.str(k);
    if (v !== undefined) s[k] = v;
  };
  opt('password');
  opt('ca');
  opt('certificate');
  opt('key');
  return s;
}
