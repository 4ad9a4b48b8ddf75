/**
 * The facts the linter's cross-keyword checks need, extracted from the resolved statement
 * tree: global switches, VRRP instances, scripts, sync groups and virtual servers. This is a
 * deliberately small, forgiving view (the typed model lives in `../model`); it keeps the
 * linter independent of the model's shape and is shared with the cluster lint.
 *
 * @module
 */

import { wordsOf } from '../preprocess/plain-node.js';
import { CHECKER_NAMES } from '../schema/index.js';
import type { ConfNode, Origin } from '../types.js';
import { type Family, isIPv4, isIPv6 } from './address.js';
import { arg, child, childrenOf, flag, kids, lastChild } from './nodes.js';

/** An address line of a value block (VIP, eVIP, unicast peer). */
export interface AddressFact {
  /** The address text as written (with `/prefix` when given). */
  text: string;
  /** Address without the prefix, lower-cased. */
  key: string;
  /** Family, or undefined when the address is not valid. */
  family?: Family;
  /** Prefix length when `/N` was given as a number. */
  prefix?: number;
  /** `dev NAME` when given. */
  dev?: string;
  /** Where the line is. */
  origin: Origin;
  /** Where `dev`'s argument is. */
  devOrigin?: Origin;
}

/** A reference to a tracked script, interface, file or process. */
export interface TrackFact {
  /** Name referenced. */
  name: string;
  /** `weight N` on the track line, when given. */
  weight?: number;
  /** Where the line is. */
  origin: Origin;
}

/** What the linter knows about one `vrrp_instance`. */
export interface InstanceFact {
  /** Instance name (empty when missing). */
  name: string;
  /** The block statement. */
  node: ConfNode;
  /** `interface` argument and statement. */
  iface?: { name: string; node: ConfNode };
  /** Parsed `virtual_router_id` (undefined when missing or not an integer 1-255). */
  vrid?: number;
  /** Raw `virtual_router_id` statement. */
  vridNode?: ConfNode;
  /** Parsed priority when valid (1-255), else the default 100. */
  priority: number;
  /** Statement of priority. */
  priorityNode?: ConfNode;
  /** `state` value upper-cased (MASTER / BACKUP / other). */
  state?: string;
  /** Statement of state. */
  stateNode?: ConfNode;
  /** `nopreempt` statement. */
  nopreempt?: ConfNode;
  /** `preempt_delay` statement (with its value when valid). */
  preemptDelay?: { node: ConfNode; seconds?: number };
  /** Configured `version` (instance, else global `vrrp_version`, else 2). */
  version: 2 | 3;
  /** True when `version` was set on the instance itself. */
  versionExplicit: boolean;
  /** `advert_int` value in seconds when parseable. */
  advertInt?: number;
  /** Statement of advert_int. */
  advertIntNode?: ConfNode;
  /** `authentication` block facts. */
  auth?: { type?: string; pass?: string; node: ConfNode };
  /** Strict mode (instance `strict_mode`, else global `vrrp_strict`). */
  strict: boolean;
  /** `accept` / `no_accept` as configured (undefined when neither). */
  accept?: boolean;
  /** `virtual_ipaddress` lines. */
  vips: AddressFact[];
  /** `virtual_ipaddress_excluded` lines. */
  evips: AddressFact[];
  /** Family of the instance: of the first valid VIP or unicast peer (file order), else of the first eVIP, else 4. */
  family: Family;
  /** `unicast_src_ip` statement. */
  unicastSrc?: ConfNode;
  /** `unicast_peer` block, when present. */
  unicastPeerBlock?: ConfNode;
  /** `unicast_peer` lines. */
  unicastPeers: AddressFact[];
  /** `track_script` lines. */
  trackScripts: TrackFact[];
  /** `track_interface` lines. */
  trackInterfaces: TrackFact[];
  /** Notify script statements (`notify`, `notify_master`, …). */
  notify: ConfNode[];
  /** `virtual_routes` / `virtual_rules` lines naming a `dev`. */
  routeDevs: TrackFact[];
  /** Addresses after `src` / `via` / `gw` in `virtual_routes`. */
  routeAddrs: TrackFact[];
  /** `use_vmac` statement. */
  useVmac?: ConfNode;
}

/** A `vrrp_script` block. */
export interface ScriptFact {
  /** Script name. */
  name: string;
  /** Block statement. */
  node: ConfNode;
  /** The `script` command line (unquoted), when given. */
  script?: string;
  /** `weight` of the script (default 0). */
  weight: number;
}

/** A `vrrp_sync_group` block. */
export interface SyncGroupFact {
  /** Group name. */
  name: string;
  /** Block statement. */
  node: ConfNode;
  /** Members listed in `group { … }`. */
  members: TrackFact[];
  /** True when `sync_group_tracking_weight` is set. */
  trackingWeight: boolean;
  /** Notify scripts of the group. */
  notify: ConfNode[];
}

/** A checker block inside a real server. */
export interface CheckerFact {
  /** Checker keyword (TCP_CHECK, HTTP_GET, …). */
  kind: string;
  /** Block statement. */
  node: ConfNode;
}

/** A `real_server` block. */
export interface RealServerFact {
  /** Block statement. */
  node: ConfNode;
  /** Address text. */
  address: string;
  /** True when the address (and port, when given) are valid. */
  valid: boolean;
  /** Address family when valid. */
  family?: Family;
  /** True when the real server is tunnelled (`lb_kind`/`lvs_method TUN` on it). */
  tunnel: boolean;
  /** Checkers configured on it. */
  checkers: CheckerFact[];
  /** Notify scripts (`notify_up`, `notify_down`). */
  notify: ConfNode[];
}

/** A `virtual_server` block. */
export interface VirtualServerFact {
  /** Block statement. */
  node: ConfNode;
  /** `ip port`, `fwmark N` or `group NAME`. */
  kind: 'ip' | 'fwmark' | 'group';
  /** Group name for `virtual_server group NAME`. */
  group?: string;
  /** True when the address / port / fwmark is valid. */
  valid: boolean;
  /** Address family of an `ip port` virtual server. */
  family?: Family;
  /** True when the virtual server's `lb_kind` is TUN. */
  tunnel: boolean;
  /** Last `lb_algo` / `lvs_sched` statement. */
  scheduler?: ConfNode;
  /** Last `lb_kind` / `lvs_method` statement. */
  method?: ConfNode;
  /** Last `protocol` statement. */
  protocol?: ConfNode;
  /** Real servers. */
  realServers: RealServerFact[];
  /** Scripts (`quorum_up`, `quorum_down`). */
  notify: ConfNode[];
}

/** Everything the linter checks across keywords. */
export interface ConfigFacts {
  /** Global `vrrp_strict`. */
  strict: boolean;
  /** Global `vrrp_version` (default 2). */
  version: 2 | 3;
  /** `enable_script_security` statement. */
  scriptSecurity?: ConfNode;
  /** Global notify scripts. */
  globalNotify: ConfNode[];
  /** VRRP instances in file order. */
  instances: InstanceFact[];
  /** vrrp_script blocks. */
  scripts: ScriptFact[];
  /** Sync groups. */
  syncGroups: SyncGroupFact[];
  /** Virtual servers. */
  virtualServers: VirtualServerFact[];
  /** virtual_server_group blocks by name, with their entry lines. */
  vsGroups: Map<string, { node: ConfNode; lines: ConfNode[] }>;
}

const CHECKERS: ReadonlySet<string> = new Set<string>(CHECKER_NAMES);

/** Checker keywords keepalived knows. */
export const CHECKER_KEYWORDS: ReadonlySet<string> = CHECKERS;

const INSTANCE_NOTIFY = [
  'notify',
  'notify_master',
  'notify_backup',
  'notify_fault',
  'notify_stop',
  'notify_deleted',
  'notify_master_rx_lower_pri',
];

function intArg(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

function numArg(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?(\d+\.?\d*|\.\d+)$/.test(text)) return undefined;
  return Number(text);
}

function familyOf(text: string): Family | undefined {
  const slash = text.indexOf('/');
  if (slash >= 0 && !/^\d{1,3}$/.test(text.slice(slash + 1))) return undefined;
  const a = slash >= 0 ? text.slice(0, slash) : text;
  if (isIPv4(a)) return 4;
  if (isIPv6(a)) return 6;
  return undefined;
}

function addressFacts(block: ConfNode | undefined): AddressFact[] {
  if (block === undefined) return [];
  const out: AddressFact[] = [];
  for (const line of kids(block)) {
    const text = line.keyword;
    const slash = text.indexOf('/');
    const bare = (slash >= 0 ? text.slice(0, slash) : text).toLowerCase();
    const fact: AddressFact = { text, key: bare, origin: line.origin };
    const fam = familyOf(text);
    if (fam !== undefined) fact.family = fam;
    if (slash >= 0 && /^\d+$/.test(text.slice(slash + 1))) fact.prefix = Number(text.slice(slash + 1));
    const devAt = line.args.indexOf('dev');
    if (devAt >= 0 && line.args[devAt + 1] !== undefined) {
      fact.dev = line.args[devAt + 1]!;
      fact.devOrigin = line.argOrigins[devAt + 1] ?? line.origin;
    }
    out.push(fact);
  }
  return out;
}

function trackFacts(block: ConfNode | undefined): TrackFact[] {
  if (block === undefined) return [];
  return kids(block).map((line) => {
    const fact: TrackFact = { name: line.keyword, origin: line.origin };
    const w = line.args.indexOf('weight');
    const wv = w >= 0 ? intArg(line.args[w + 1]) : undefined;
    if (wv !== undefined) fact.weight = wv;
    return fact;
  });
}

function instanceFact(node: ConfNode, globalStrict: boolean, globalVersion: 2 | 3): InstanceFact {
  const vridNode = lastChild(node, 'virtual_router_id');
  const vridVal = intArg(vridNode?.args[0]);
  const priorityNode = lastChild(node, 'priority');
  const prio = intArg(priorityNode?.args[0]);
  const versionNode = lastChild(node, 'version');
  const version = intArg(versionNode?.args[0]);
  const strictNode = lastChild(node, 'strict_mode');
  const vips = addressFacts(child(node, 'virtual_ipaddress'));
  const evips = addressFacts(child(node, 'virtual_ipaddress_excluded'));
  const peerFacts = addressFacts(child(node, 'unicast_peer'));
  let firstFamily: Family | undefined;
  for (const c of kids(node)) {
    const list =
      c.keyword === 'virtual_ipaddress' ? vips : c.keyword === 'unicast_peer' ? peerFacts : undefined;
    const fam = list?.find((v) => v.family !== undefined)?.family;
    if (fam !== undefined) {
      firstFamily = fam;
      break;
    }
  }
  firstFamily ??= evips.find((v) => v.family)?.family;
  const fact: InstanceFact = {
    name: node.args[0] ?? '',
    node,
    priority: prio !== undefined && prio >= 1 && prio <= 255 ? prio : 100,
    version: version === 3 || version === 2 ? version : globalVersion,
    versionExplicit: version === 2 || version === 3,
    strict: strictNode !== undefined ? flag(strictNode) === true : globalStrict,
    vips,
    evips,
    family: firstFamily ?? 4,
    unicastPeers: [],
    trackScripts: trackFacts(child(node, 'track_script')),
    trackInterfaces: trackFacts(child(node, 'track_interface')),
    notify: childrenOf(node, ...INSTANCE_NOTIFY),
    routeDevs: [],
    routeAddrs: [],
  };
  const ifNode = lastChild(node, 'interface');
  if (ifNode?.args[0] !== undefined) fact.iface = { name: ifNode.args[0], node: ifNode };
  if (vridNode !== undefined) fact.vridNode = vridNode;
  if (vridVal !== undefined && vridVal >= 1 && vridVal <= 255) fact.vrid = vridVal;
  if (priorityNode !== undefined) fact.priorityNode = priorityNode;
  const stateNode = lastChild(node, 'state');
  if (stateNode !== undefined) {
    fact.stateNode = stateNode;
    const s = stateNode.args[0]?.toUpperCase();
    if (s !== undefined) fact.state = s;
  }
  const nopreempt = lastChild(node, 'nopreempt');
  if (nopreempt !== undefined) fact.nopreempt = nopreempt;
  const pd = lastChild(node, 'preempt_delay');
  if (pd !== undefined) {
    const s = numArg(pd.args[0]);
    fact.preemptDelay = s !== undefined && s >= 0 && s <= 1000 ? { node: pd, seconds: s } : { node: pd };
  }
  const adv = lastChild(node, 'advert_int');
  if (adv !== undefined) {
    fact.advertIntNode = adv;
    const a = numArg(adv.args[0]);
    if (a !== undefined && a > 0) fact.advertInt = a;
  }
  const authNode = lastChild(node, 'authentication');
  if (authNode !== undefined) {
    const auth: { type?: string; pass?: string; node: ConfNode } = { node: authNode };
    const t = arg(authNode, 'auth_type');
    const p = arg(authNode, 'auth_pass');
    if (t !== undefined) auth.type = t.toUpperCase();
    if (p !== undefined) auth.pass = p;
    fact.auth = auth;
  }
  for (const c of kids(node)) {
    if (c.keyword === 'accept') fact.accept = true;
    else if (c.keyword === 'no_accept') fact.accept = false;
  }
  const src = lastChild(node, 'unicast_src_ip');
  if (src !== undefined) fact.unicastSrc = src;
  const peers = child(node, 'unicast_peer');
  if (peers !== undefined) {
    fact.unicastPeerBlock = peers;
    fact.unicastPeers = peerFacts;
  }
  for (const kw of ['virtual_routes', 'virtual_rules']) {
    const block = child(node, kw);
    if (block === undefined) continue;
    for (const line of kids(block)) {
      const words = [line.keyword, ...line.args];
      for (let i = 0; i < words.length - 1; i++) {
        if (words[i] === 'dev' || words[i] === 'oif') {
          fact.routeDevs.push({ name: words[i + 1]!, origin: line.argOrigins[i] ?? line.origin });
        } else if (
          kw === 'virtual_routes' &&
          (words[i] === 'src' || words[i] === 'via' || words[i] === 'gw')
        ) {
          fact.routeAddrs.push({ name: words[i + 1]!, origin: line.argOrigins[i] ?? line.origin });
        }
      }
    }
  }
  const vmac = lastChild(node, 'use_vmac');
  if (vmac !== undefined) fact.useVmac = vmac;
  return fact;
}

function validPort(p: string | undefined): boolean {
  if (p === undefined) return true;
  if (p.length === 0 || p.length > 5) return false;
  let v = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    v = v * 10 + (c - 48);
  }
  return v >= 1 && v <= 65535;
}

/**
 * Shared empty lists of the facts of large blocks (never written: facts are read only once
 * collected), so that a real server without notify scripts costs no array.
 */
const NO_NODES: ConfNode[] = [];
const NO_CHECKERS: CheckerFact[] = [];

function realServerFact(node: ConfNode): RealServerFact {
  const words = wordsOf(node);
  const address = words[0] ?? '';
  let kind: string | undefined;
  let checkers = NO_CHECKERS;
  let notify = NO_NODES;
  for (const c of kids(node)) {
    const k = c.keyword;
    if (CHECKERS.has(k)) {
      if (checkers === NO_CHECKERS) checkers = [];
      checkers.push({ kind: k, node: c });
    } else if (k === 'lvs_method' || k === 'lb_kind') kind = wordsOf(c)[0];
    else if (k === 'notify_up' || k === 'notify_down') {
      if (notify === NO_NODES) notify = [];
      notify.push(c);
    }
  }
  const family = familyOf(address);
  const valid = family !== undefined && !address.includes('/') && validPort(words[1]);
  const tunnel = kind?.toUpperCase() === 'TUN';
  // Exact-size lists (an array grown by push keeps spare capacity).
  if (checkers.length > 0) checkers = checkers.slice();
  if (notify.length > 0) notify = notify.slice();
  return family === undefined
    ? { node, address, tunnel, valid, checkers, notify }
    : { node, address, tunnel, valid, checkers, notify, family };
}

function virtualServerFact(node: ConfNode): VirtualServerFact {
  const words = wordsOf(node);
  const a0 = words[0];
  const a1 = words[1];
  const fact: VirtualServerFact = {
    node,
    kind: 'ip',
    valid: false,
    tunnel: false,
    realServers: [],
    notify: [],
  };
  if (a0 === 'fwmark') {
    fact.kind = 'fwmark';
    fact.valid = a1 !== undefined && /^\d+$/.test(a1) && Number(a1) > 0;
  } else if (a0 === 'group') {
    fact.kind = 'group';
    fact.valid = a1 !== undefined;
    if (a1 !== undefined) fact.group = a1;
  } else if (a0 !== undefined) {
    const fam = familyOf(a0);
    fact.valid = fam !== undefined && !a0.includes('/') && validPort(a1);
    if (fam !== undefined) fact.family = fam;
  }
  const children = kids(node);
  let count = 0;
  for (const c of children) if (c.keyword === 'real_server') count++;
  if (count > 0) fact.realServers = new Array<RealServerFact>(count);
  count = 0;
  for (const c of children) {
    switch (c.keyword) {
      case 'real_server':
        fact.realServers[count++] = realServerFact(c);
        break;
      case 'quorum_up':
      case 'quorum_down':
        fact.notify.push(c);
        break;
      case 'lb_algo':
      case 'lvs_sched':
        fact.scheduler = c;
        break;
      case 'lb_kind':
      case 'lvs_method':
        fact.method = c;
        fact.tunnel = wordsOf(c)[0]?.toUpperCase() === 'TUN';
        break;
      case 'protocol':
        fact.protocol = c;
        break;
      default:
        break;
    }
  }
  return fact;
}

/** Extracts the cross-keyword facts from a resolved statement tree. */
export function collectFacts(nodes: readonly ConfNode[]): ConfigFacts {
  let strict = false;
  let version: 2 | 3 = 2;
  let scriptSecurity: ConfNode | undefined;
  const globalNotify: ConfNode[] = [];
  for (const top of nodes) {
    if (top.keyword !== 'global_defs') continue;
    for (const c of kids(top)) {
      if (c.keyword === 'vrrp_strict') strict = true;
      else if (c.keyword === 'vrrp_version') {
        const v = intArg(c.args[0]);
        if (v === 2 || v === 3) version = v;
      } else if (c.keyword === 'enable_script_security') scriptSecurity = c;
      else if (
        c.keyword === 'notify_fifo_script' ||
        c.keyword === 'vrrp_notify_fifo_script' ||
        c.keyword === 'lvs_notify_fifo_script'
      )
        globalNotify.push(c);
    }
  }
  const facts: ConfigFacts = {
    strict,
    version,
    globalNotify,
    instances: [],
    scripts: [],
    syncGroups: [],
    virtualServers: [],
    vsGroups: new Map(),
  };
  if (scriptSecurity !== undefined) facts.scriptSecurity = scriptSecurity;
  for (const top of nodes) {
    switch (top.keyword) {
      case 'vrrp_instance':
        facts.instances.push(instanceFact(top, strict, version));
        break;
      case 'vrrp_script': {
        const s: ScriptFact = {
          name: top.args[0] ?? '',
          node: top,
          weight: intArg(arg(top, 'weight')) ?? 0,
        };
        const sc = lastChild(top, 'script');
        if (sc !== undefined && sc.args.length > 0) s.script = sc.args.join(' ');
        facts.scripts.push(s);
        break;
      }
      case 'vrrp_sync_group':
        facts.syncGroups.push({
          name: top.args[0] ?? '',
          node: top,
          members: trackFacts(child(top, 'group')),
          trackingWeight: child(top, 'sync_group_tracking_weight') !== undefined,
          notify: childrenOf(top, ...INSTANCE_NOTIFY),
        });
        break;
      case 'virtual_server':
        facts.virtualServers.push(virtualServerFact(top));
        break;
      case 'virtual_server_group':
        if (top.args[0] !== undefined) {
          facts.vsGroups.set(top.args[0], { node: top, lines: kids(top) });
        }
        break;
      default:
        break;
    }
  }
  return facts;
}
