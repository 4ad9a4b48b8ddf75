/**
 * Config-completion checks for IPVS virtual servers, real servers, checkers and
 * virtual_server_group blocks, plus the `@ha` LVS lints.
 *
 * @module
 */

import { wordsOf } from '../preprocess/plain-node.js';
import type { ConfNode, Diagnostic, Origin } from '../types.js';
import { isIPv4, isIPv6 } from './address.js';
import { diag } from './emit.js';
import type { ConfigFacts, VirtualServerFact } from './facts.js';
import { child, lastChild } from './nodes.js';

function vsLabel(vs: VirtualServerFact): string {
  const [a, b] = wordsOf(vs.node);
  if (vs.kind === 'fwmark') return `FWM ${b ?? ''}`;
  if (vs.kind === 'group') return `group ${b ?? ''}`;
  return `${a ?? ''}${b !== undefined ? `:${b}` : ''}`;
}

function validGroupEntry(line: ConfNode): boolean {
  if (line.keyword === 'fwmark') return line.args[0] !== undefined && /^\d+$/.test(line.args[0]);
  const text = line.keyword;
  const port = line.args[0];
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) <= 65535)) return false;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    const a = text.slice(0, slash);
    if (!/^\d+$/.test(p)) return false;
    return (isIPv4(a) && Number(p) <= 32) || (isIPv6(a) && Number(p) <= 128);
  }
  const dash = text.lastIndexOf('-');
  if (dash > 0) {
    const a = text.slice(0, dash);
    const end = text.slice(dash + 1);
    if (isIPv4(a)) {
      if (!/^\d+$/.test(end)) return false;
      const last = Number(a.split('.')[3]);
      return Number(end) <= 255 && Number(end) >= last;
    }
    if (isIPv6(a)) return /^[0-9A-Fa-f]{1,4}$/.test(end);
    return false;
  }
  return isIPv4(text) || isIPv6(text);
}

/** The LVS checks. `checkScripts` receives the scripts that checkers and quorum hooks will run. */
export function checkLvs(
  facts: ConfigFacts,
  checkScripts: Array<{ command: string; origin: Origin }>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const liveGroups = new Set<string>();
  for (const [name, g] of facts.vsGroups) {
    const ok = g.lines.filter(validGroupEntry).length;
    if (ok === 0)
      out.push(diag('KA514', `virtual server group ${name} has no entries - removing`, g.node.origin));
    else liveGroups.add(name);
  }
  for (const vs of facts.virtualServers) {
    if (!vs.valid) continue;
    const l = `Virtual server ${vsLabel(vs)}`;
    const at = vs.node.origin;
    if (vs.kind === 'group' && vs.group !== undefined && !facts.vsGroups.has(vs.group)) {
      out.push(
        diag(
          'HA110',
          `${l} references virtual_server_group ${vs.group}, which is not defined`,
          vs.node.argOrigins[1] ?? at,
        ),
      );
      continue;
    }
    if (vs.kind === 'group' && vs.group !== undefined && !liveGroups.has(vs.group)) continue;
    const hasAlgo = vs.scheduler;
    const hasKind = vs.method;
    const proto = vs.protocol;
    if (hasAlgo === undefined)
      out.push(diag('KA517', `${l}: no scheduler set (lb_algo); keepalived uses wlc`, at));
    if (hasKind === undefined)
      out.push(diag('KA517', `${l}: no forwarding method set (lb_kind); keepalived uses NAT`, at));
    if (vs.kind === 'fwmark') {
      if (proto !== undefined)
        out.push(diag('KA518', `${l}: protocol specified for fwmark - it is ignored`, proto.origin));
    } else if (proto === undefined) {
      out.push(diag('KA517', `${l}: no protocol set; keepalived uses UDP`, at));
    }
    for (const n of vs.notify)
      if (n.args[0] !== undefined) checkScripts.push({ command: n.args.join(' '), origin: n.origin });
    const validRs = vs.realServers.filter((r) => {
      if (!r.valid) return false;
      if (vs.family !== undefined && r.family !== vs.family && !r.tunnel && !vs.tunnel) {
        out.push(
          diag('KA526', `Address family of ${l} and real server ${r.address} don't match`, r.node.origin),
        );
        return false;
      }
      return true;
    });
    if (validRs.length === 0) {
      out.push(diag('KA512', `${l} has no real servers - ignoring`, at));
      continue;
    }
    for (const rs of validRs) {
      for (const n of rs.notify)
        if (n.args[0] !== undefined) checkScripts.push({ command: n.args.join(' '), origin: n.origin });
      if (rs.checkers.length === 0) {
        out.push(
          diag('HA109', `real_server ${rs.address} of ${vsLabel(vs)} has no health checker`, rs.node.origin),
        );
      }
      for (const c of rs.checkers) {
        if ((c.kind === 'HTTP_GET' || c.kind === 'SSL_GET') && child(c.node, 'url') === undefined) {
          out.push(diag('HA118', `${c.kind} checker of ${rs.address} has no url`, c.node.origin));
        }
        if (c.kind === 'MISC_CHECK') {
          const path = lastChild(c.node, 'misc_path');
          if (path === undefined || path.args.length === 0) {
            out.push(
              diag(
                'KA513',
                `No script path has been specified for MISC_CHECK of ${rs.address}`,
                c.node.origin,
              ),
            );
          } else {
            checkScripts.push({ command: path.args.join(' '), origin: path.origin });
          }
        }
      }
    }
  }
  return out;
}
