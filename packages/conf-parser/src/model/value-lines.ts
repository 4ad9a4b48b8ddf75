/**
 * Parsers for the free-form lines of VRRP value blocks: virtual/static addresses, routes and
 * rules, unicast peers, tracking lists.
 *
 * @module
 */
import type { ConfNode } from '../types.js';
import { argOrigin } from './block-reader.js';
import { parseIp, parsePrefix } from './ip.js';
import type { Reporter } from './reporter.js';
import type { IpRouteOrRule, TrackRef, VirtualIpAddress } from './types-common.js';
import type { UnicastPeer } from './types-vrrp.js';
import { parseIntStrict } from './values.js';

/** The words of a value-block line: its keyword followed by its arguments. */
export function lineWords(node: ConfNode): string[] {
  return [node.keyword, ...node.args];
}

/** Origin of word `i` of a line (0 = the keyword). */
function wordOrigin(node: ConfNode, i: number) {
  return i === 0 ? node.origin : argOrigin(node, i - 1);
}

const SCOPES = new Set(['site', 'link', 'host', 'nowhere', 'global']);
const VALUE_OPTS = new Set([
  'brd',
  'broadcast',
  'dev',
  'scope',
  'label',
  'peer',
  'preferred_lft',
  'track_group',
]);
const FLAG_OPTS = new Set([
  'home',
  '-nodad',
  'mngtmpaddr',
  'noprefixroute',
  'autojoin',
  'no_track',
  'use_vmac',
]);

/** Parse one virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress line. */
export function parseAddressLine(
  node: ConfNode,
  rep: Reporter,
  isStatic = false,
): VirtualIpAddress | undefined {
  const words = lineWords(node);
  const first = words[0] as string;
  const p = parsePrefix(first);
  if (!p) {
    rep.report('KM008', node.origin, `VRRP parsed invalid IP ${first}. skipping IP...`);
    return undefined;
  }
  const vip: VirtualIpAddress = {
    address: p.address,
    family: p.family,
    prefix: p.prefix,
    home: false,
    nodad: false,
    mngtmpaddr: false,
    noprefixroute: false,
    autojoin: false,
    noTrack: false,
    origin: node.origin,
  };
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'track_group' && !isStatic) {
      rep.report(
        'KM013',
        wordOrigin(node, i),
        `Unknown configuration entry '${w}' for ip address - ignoring`,
      );
      continue;
    }
    if (VALUE_OPTS.has(w)) {
      const v = words[i + 1];
      if (v === undefined) {
        rep.report('KM013', wordOrigin(node, i), `No ${w} parameter specified for ${first}`);
        break;
      }
      i++;
      if (w === 'brd' || w === 'broadcast') {
        if (v === '+' || v === '-' || parseIp(v, p.family)) vip.broadcast = parseIp(v)?.address ?? v;
        else rep.report('KM008', wordOrigin(node, i), `Invalid broadcast address '${v}' for ${first}`);
      } else if (w === 'dev') vip.dev = v;
      else if (w === 'scope') {
        if (SCOPES.has(v) || parseIntStrict(v) !== undefined) vip.scope = v;
        else
          rep.report('KM013', wordOrigin(node, i), `Invalid scope '${v}' specified for ${first} - ignoring`);
      } else if (w === 'label') vip.label = v;
      else if (w === 'peer') {
        const peer = parsePrefix(v);
        if (!peer) rep.report('KM008', wordOrigin(node, i), `Invalid peer address '${v}' for ${first}`);
        else if (p.explicitPrefix) {
          rep.report(
            'KM013',
            wordOrigin(node, i - 1),
            'Cannot specify address prefix when specifying peer address - ignoring',
          );
        } else vip.peer = peer.address;
      } else if (w === 'preferred_lft') {
        const n = parseIntStrict(v);
        if (v === 'forever') vip.preferredLft = 'forever';
        else if (n !== undefined && n >= 0) vip.preferredLft = n;
        else rep.report('KM013', wordOrigin(node, i), `Invalid preferred_lft '${v}' for ${first}`);
      } else vip.trackGroup = v;
    } else if (FLAG_OPTS.has(w)) {
      if (w === 'home') vip.home = true;
      else if (w === '-nodad') vip.nodad = true;
      else if (w === 'mngtmpaddr') vip.mngtmpaddr = true;
      else if (w === 'noprefixroute') vip.noprefixroute = true;
      else if (w === 'autojoin') vip.autojoin = true;
      else if (w === 'no_track') vip.noTrack = true;
      else {
        const next = words[i + 1];
        if (next !== undefined && !VALUE_OPTS.has(next) && !FLAG_OPTS.has(next)) {
          vip.useVmac = next;
          i++;
        } else vip.useVmac = true;
      }
    } else {
      rep.report(
        'KM013',
        wordOrigin(node, i),
        `Unknown configuration entry '${w}' for ip address - ignoring`,
      );
    }
  }
  return vip;
}

/** Parse a route or rule line, keeping its words. */
export function parseRouteOrRuleLine(node: ConfNode): IpRouteOrRule {
  const words = lineWords(node);
  const r: IpRouteOrRule = { words, noTrack: words.includes('no_track'), origin: node.origin };
  const tg = words.indexOf('track_group');
  if (tg >= 0 && words[tg + 1] !== undefined) r.trackGroup = words[tg + 1];
  const table = words.indexOf('table');
  if (table >= 0 && words[table + 1] !== undefined) r.table = words[table + 1];
  return r;
}

/** Parse a `unicast_peer` line: `IP [min_ttl N] [max_ttl N]`. */
export function parseUnicastPeerLine(node: ConfNode, rep: Reporter, owner: string): UnicastPeer | undefined {
  const words = lineWords(node);
  const ip = parseIp(words[0] as string);
  if (!ip) {
    rep.report(
      'KM008',
      node.origin,
      `Configuration error: VRRP instance[${owner}] malformed unicast peer address[${words[0]}]. Skipping...`,
    );
    return undefined;
  }
  const peer: UnicastPeer = { address: ip.address, family: ip.family, origin: node.origin };
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'min_ttl' || w === 'max_ttl') {
      const n = parseIntStrict(words[i + 1] ?? '');
      i++;
      if (n === undefined || n < 0 || n > 255) {
        rep.report('KM013', wordOrigin(node, i), `${w} for unicast peer ${words[0]} must be 0..255`);
        continue;
      }
      if (w === 'min_ttl') peer.minTtl = n;
      else peer.maxTtl = n;
    } else {
      rep.report('KM013', wordOrigin(node, i), `Unknown unicast peer option '${w}'`);
    }
  }
  return peer;
}

/** Parse a tracking line `NAME [weight N [reverse|noreverse|no_reverse]]`; `limit` bounds |N|. */
export function parseTrackLine(
  node: ConfNode,
  rep: Reporter,
  what: string,
  limit: number,
): TrackRef | undefined {
  const words = lineWords(node);
  const ref: TrackRef = { name: words[0] as string, reverse: false, origin: node.origin };
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'weight') {
      const n = parseIntStrict(words[i + 1] ?? '');
      i++;
      if (n === undefined || n < -limit || n > limit) {
        rep.report(
          'KM013',
          wordOrigin(node, i),
          `${what} ${ref.name}: weight must be between [-${limit}..${limit}] inclusive, ignoring...`,
        );
        return undefined;
      }
      ref.weight = n;
    } else if (w === 'reverse') ref.reverse = true;
    else if (w === 'noreverse') ref.reverse = false;
    else {
      rep.report('KM013', wordOrigin(node, i), `${what} ${ref.name}: unknown option '${w}'`);
    }
  }
  return ref;
}

/** Names listed one per line (group, interfaces, notification_email…): the first word of each line. */
export function nameLines(lines: readonly ConfNode[]): string[] {
  return lines.flatMap((l) => lineWords(l));
}
