/**
 * Config-completion checks for VRRP (instances, scripts, sync groups) that keepalived applies
 * after parsing, plus the `@ha` VRRP lints. Pure: the host is described by a {@link HostContext}.
 *
 * @module
 */
import type { Diagnostic, Origin } from '../types.js';
import { isIPv4, isIPv6 } from './address.js';
import { diag, unknownHost } from './emit.js';
import type { ConfigFacts, InstanceFact, ScriptFact } from './facts.js';
import { type HostContext, ignoredScript, scriptProgram } from './host-context.js';
import { lastChild } from './nodes.js';

function label(inst: InstanceFact): string {
  return `(${inst.name})`;
}

function checkInterface(
  code: 'KA502' | 'KA515',
  name: string,
  what: string,
  origin: Origin,
  host: HostContext,
  out: Diagnostic[],
): void {
  if (host.interfaces === undefined) {
    out.push(unknownHost(code, `interface ${name} for ${what}: existence depends on the host`, origin));
  } else if (!host.interfaces.has(name)) {
    out.push(diag(code, `interface ${name} for ${what} doesn't exist`, origin));
  }
}

function checkInstance(inst: InstanceFact, facts: ConfigFacts, host: HostContext, out: Diagnostic[]): void {
  const at = inst.node.origin;
  const l = label(inst);
  // Interface.
  if (inst.iface === undefined) {
    out.push(diag('KA501', `${l} has no interface`, at));
  } else if (inst.iface.name === 'lo') {
    out.push(diag('KA503', `${l} cannot use a loopback interface (lo) for vrrp`, inst.iface.node.origin));
  } else {
    checkInterface(
      'KA502',
      inst.iface.name,
      `vrrp_instance ${inst.name}`,
      inst.iface.node.argOrigins[0] ?? inst.iface.node.origin,
      host,
      out,
    );
  }
  for (const t of inst.trackInterfaces) {
    if (t.name === inst.iface?.name) {
      out.push(diag('KA527', `${l} track_interface ${t.name} is its own interface; ignored`, t.origin));
      continue;
    }
    checkInterface('KA515', t.name, `track_interface of ${inst.name}`, t.origin, host, out);
  }
  for (const v of [...inst.vips, ...inst.evips]) {
    if (v.dev !== undefined)
      checkInterface('KA515', v.dev, `ip address ${v.text}`, v.devOrigin ?? v.origin, host, out);
  }
  for (const r of inst.routeDevs)
    checkInterface('KA515', r.name, `a route or rule of ${inst.name}`, r.origin, host, out);

  // VRID.
  if (inst.vrid === undefined) {
    out.push(diag('KA504', `${l} the virtual router id must be set (1-255)`, inst.vridNode?.origin ?? at));
  }

  // Addresses.
  const validVips = inst.vips.filter((v) => v.family !== undefined);
  for (const v of [...inst.vips, ...inst.evips]) {
    if (v.family === undefined) out.push(diag('KA521', `${l} invalid IP address ${v.text}`, v.origin));
    else if (v.prefix !== undefined && v.prefix > (v.family === 4 ? 32 : 128)) {
      out.push(diag('KA521', `${l} invalid address prefix length ${v.prefix} for ${v.text}`, v.origin));
    }
  }
  const familyVips = validVips.filter((v) => v.family === inst.family);
  if (familyVips.length === 0) {
    out.push(
      diag(
        'KA505',
        inst.strict
          ? `${l} No VIP specified; at least one is required in strict mode`
          : `${l} No VIP specified; at least one is sensible`,
        at,
      ),
    );
  }
  for (const v of validVips) {
    if (v.family !== inst.family) {
      out.push(diag('KA506', `${l} address family must match the VRRP instance: ${v.text}`, v.origin));
    }
  }
  const v6 = inst.family === 6;
  const effVersion = v6 ? 3 : inst.version;
  if (v6 && inst.version === 2 && !inst.versionExplicit) {
    out.push(diag('HA115', `${l} has IPv6 VIPs; keepalived runs it as VRRPv3`, validVips[0]?.origin ?? at));
  }

  // Strict mode.
  if (inst.strict) {
    if (inst.state === 'MASTER' && inst.priority !== 255) {
      out.push(
        diag(
          'KA507',
          `${l} strict mode: state MASTER must match being address owner (priority 255)`,
          inst.stateNode?.origin ?? at,
        ),
      );
    }
    if (inst.unicastPeerBlock !== undefined || inst.unicastSrc !== undefined) {
      out.push(
        diag('HA116', `${l} uses unicast in strict mode`, (inst.unicastPeerBlock ?? inst.unicastSrc)!.origin),
      );
    }
  }
  if (inst.auth !== undefined) {
    if (inst.strict) {
      out.push(
        diag(
          'HA101',
          `${l} strict mode does not support authentication; it is ignored`,
          inst.auth.node.origin,
        ),
      );
    } else if (effVersion === 3) {
      out.push(
        diag(
          'HA113',
          `${l} VRRP version 3 does not support authentication; it is ignored`,
          inst.auth.node.origin,
        ),
      );
    } else if (inst.auth.type === 'AH' && inst.state === 'MASTER') {
      out.push(
        diag(
          'KA508',
          `${l} initial state MASTER is incompatible with AH authentication`,
          inst.stateNode?.origin ?? at,
        ),
      );
    }
  }
  if (inst.auth?.pass !== undefined && inst.auth.pass.length > 8) {
    const passNode = inst.auth.node.children?.find((c) => c.keyword === 'auth_pass');
    out.push(
      diag(
        'KA524',
        `${l} auth_pass is longer than 8 characters; truncated`,
        passNode?.origin ?? inst.auth.node.origin,
      ),
    );
  }
  if (inst.strict && effVersion === 2 && inst.accept === true) {
    const acc = inst.node.children?.find((c) => c.keyword === 'accept');
    out.push(
      diag(
        'KA525',
        `${l} accept mode for VRRP version 2 does not comply with RFC3768 - keepalived resets it`,
        acc?.origin ?? at,
      ),
    );
  }
  const noAccept = inst.accept === false || (inst.strict && (inst.accept !== true || effVersion === 2));
  if (noAccept && inst.priority !== 255 && validVips.length > 0) {
    out.push(
      diag(
        'HA105',
        `${l} ${inst.strict ? 'vrrp_strict implies no_accept' : 'no_accept'}: its VIPs will not answer (not even ping) unless it is the address owner`,
        at,
      ),
    );
  }

  // Preemption.
  if (inst.nopreempt !== undefined) {
    if (inst.state === 'MASTER') {
      out.push(
        diag(
          'HA102',
          `${l} nopreempt will not work with initial state MASTER - keepalived clears it`,
          inst.nopreempt.origin,
        ),
      );
    } else if (inst.priority === 255) {
      out.push(
        diag(
          'HA103',
          `${l} nopreempt is incompatible with priority 255 - keepalived clears it`,
          inst.nopreempt.origin,
        ),
      );
    }
  }
  if (inst.preemptDelay?.seconds !== undefined) {
    const o = inst.preemptDelay.node.origin;
    if (inst.state === 'MASTER') {
      out.push(
        diag('HA104', `${l} preempt_delay will not work with initial state MASTER - keepalived clears it`, o),
      );
    } else if (inst.strict) {
      out.push(
        diag('HA104', `${l} preempt_delay is incompatible with strict mode - keepalived clears it`, o),
      );
    } else if (inst.nopreempt !== undefined && inst.priority !== 255) {
      out.push(diag('HA104', `${l} preempt_delay is incompatible with nopreempt - keepalived clears it`, o));
    }
  }

  // Timers.
  if (inst.advertInt !== undefined && inst.advertIntNode !== undefined) {
    if (effVersion === 2 && !Number.isInteger(inst.advertInt)) {
      out.push(
        diag(
          'HA106',
          `${l} VRRPv2 advertisement interval ${inst.advertInt}s must be an integer; keepalived rounds it`,
          inst.advertIntNode.origin,
        ),
      );
    } else if (effVersion === 3 && inst.advertInt > 40.95) {
      out.push(
        diag(
          'KA509',
          `${l} VRRPv3 advertisement interval ${inst.advertInt}s is out of range (max 40.95 s)`,
          inst.advertIntNode.origin,
        ),
      );
    }
  }

  for (const r of inst.routeAddrs) {
    const slash = r.name.indexOf('/');
    const a = slash >= 0 ? r.name.slice(0, slash) : r.name;
    if (!isIPv4(a) && !isIPv6(a)) out.push(diag('KA521', `${l} invalid route address ${r.name}`, r.origin));
  }
  // Unicast.
  for (const p of inst.unicastPeers) {
    if (p.family === undefined)
      out.push(diag('KA521', `${l} malformed unicast peer address ${p.text}`, p.origin));
  }
  for (const kw of ['unicast_src_ip', 'mcast_src_ip']) {
    const n = lastChild(inst.node, kw);
    if (n === undefined) continue;
    const a = n.args[0] ?? '';
    if (!isIPv4(a) && !isIPv6(a)) out.push(diag('KA521', `${l} malformed ${kw} ${a}`, n.origin));
  }
  const src = inst.unicastSrc?.args[0]?.toLowerCase();
  const self = src === undefined ? undefined : inst.unicastPeers.find((p) => p.key === src);
  if (self !== undefined)
    out.push(diag('HA119', `${l} unicast_peer ${self.text} is its own unicast_src_ip`, self.origin));
  const validPeers = inst.unicastPeers.filter((p) => p.family !== undefined);
  if ((inst.unicastSrc !== undefined || inst.unicastPeerBlock !== undefined) && validPeers.length === 0) {
    out.push(
      diag(
        'HA108',
        `${l} a unicast keyword is set without any unicast peer; keepalived falls back to multicast`,
        (inst.unicastPeerBlock ?? inst.unicastSrc)!.origin,
      ),
    );
  }

  // Tracked scripts.
  const scripts = new Map(facts.scripts.map((s) => [s.name, s]));
  for (const t of inst.trackScripts) {
    const s = scripts.get(t.name);
    if (s === undefined) {
      out.push(diag('HA111', `${l} track script ${t.name} not found`, t.origin));
    } else if (s.script === undefined) {
      out.push(diag('HA111', `${l} track script ${t.name} has no script and is removed`, t.origin));
    }
    if (t.weight !== undefined && (t.weight < -253 || t.weight > 253)) {
      out.push(diag('KA522', `${l} track script ${t.name}: weight must be between -253 and 253`, t.origin));
    }
  }
}

function vridClash(a: InstanceFact, b: InstanceFact): boolean {
  if (a.vrid === undefined || a.vrid !== b.vrid) return false;
  if (a.iface?.name === undefined || a.iface.name !== b.iface?.name) return false;
  if (a.family !== b.family) return false;
  const ua = a.unicastPeers.filter((p) => p.family !== undefined);
  const ub = b.unicastPeers.filter((p) => p.family !== undefined);
  if (ua.length > 0 && ub.length > 0) {
    const keys = new Set(ua.map((p) => p.key));
    return ub.some((p) => keys.has(p.key));
  }
  return true;
}

function usedScripts(facts: ConfigFacts): Array<{ command: string; origin: Origin }> {
  const out: Array<{ command: string; origin: Origin }> = [];
  const scripts = new Map(facts.scripts.map((s) => [s.name, s]));
  const tracked = new Set<ScriptFact>();
  for (const inst of facts.instances) {
    for (const t of inst.trackScripts) {
      const s = scripts.get(t.name);
      if (s?.script !== undefined) tracked.add(s);
    }
    for (const n of inst.notify)
      if (n.args[0] !== undefined) out.push({ command: n.args.join(' '), origin: n.origin });
  }
  if (facts.instances.length > 0) {
    // The VRRP process checks every vrrp_script, tracked or not.
    for (const s of facts.scripts) if (s.script !== undefined) tracked.add(s);
  }
  for (const s of tracked) out.push({ command: s.script!, origin: s.node.origin });
  for (const g of facts.syncGroups) {
    for (const n of g.notify)
      if (n.args[0] !== undefined) out.push({ command: n.args.join(' '), origin: n.origin });
  }
  return out;
}

/** Script-security check: scripts that will run without `enable_script_security` (keepalived -t exits 6). */
export function checkScriptSecurity(
  facts: ConfigFacts,
  host: HostContext,
  checkScripts: Array<{ command: string; origin: Origin }>,
): Diagnostic[] {
  if (facts.scriptSecurity !== undefined) return [];
  const all = [...usedScripts(facts), ...checkScripts].filter(
    (s) => !ignoredScript(scriptProgram(s.command)),
  );
  if (all.length === 0) return [];
  if (host.scriptExists === undefined) {
    return [
      unknownHost('HA117', 'scripts are configured but enable_script_security is not set', all[0]!.origin),
    ];
  }
  const exists = host.scriptExists;
  const runnable = all.find((s) => exists(scriptProgram(s.command)));
  if (runnable === undefined) return [];
  return [
    diag(
      'HA117',
      'SECURITY VIOLATION - scripts are being executed but script_security not enabled',
      runnable.origin,
    ),
  ];
}

/** The VRRP checks: per instance, across instances, scripts and sync groups. */
export function checkVrrp(facts: ConfigFacts, host: HostContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Scripts.
  for (const s of facts.scripts) {
    if (s.name === '') out.push(diag('KA523', 'vrrp_script must have a name', s.node.origin));
    if (s.script === undefined) {
      out.push(diag('KA511', `No script set for vrrp_script ${s.name} - removing`, s.node.origin));
    }
  }
  const seenNames = new Map<string, InstanceFact>();
  for (const inst of facts.instances) {
    if (inst.name === '') {
      out.push(diag('KA523', 'vrrp_instance must have a name', inst.node.origin));
    } else if (seenNames.has(inst.name)) {
      out.push(diag('KA510', `vrrp instance ${inst.name} already defined`, inst.node.origin));
      continue;
    } else {
      seenNames.set(inst.name, inst);
    }
    checkInstance(inst, facts, host, out);
  }
  // Scripts that do not exist on the host (keepalived checks every vrrp_script).
  const scripts = new Map(facts.scripts.map((s) => [s.name, s]));
  const reported = new Set<string>();
  const checked = facts.instances.length > 0 ? facts.scripts : [];
  for (const s of checked) {
    if (s.script === undefined || reported.has(s.name) || host.scriptExists === undefined) continue;
    reported.add(s.name);
    const prog = scriptProgram(s.script);
    if (!ignoredScript(prog) && !host.scriptExists(prog)) {
      out.push(
        diag(
          'KA519',
          `Disabling track script ${s.name} since ${prog} is not found/accessible`,
          s.node.origin,
        ),
      );
    }
  }
  // Duplicate VRIDs and VIPs across instances.
  const list = [...seenNames.values()];
  const byVrid = new Map<string, InstanceFact[]>();
  for (const b of list) {
    if (b.vrid === undefined || b.iface === undefined) continue;
    const key = `${b.iface.name}/${b.family}/${b.vrid}`;
    const earlier = byVrid.get(key);
    if (earlier === undefined) {
      byVrid.set(key, [b]);
      continue;
    }
    const a = earlier.find((x) => vridClash(x, b));
    if (a !== undefined) {
      out.push(
        diag(
          'HA107',
          `${a.name} and ${b.name} both use VRID ${b.vrid} with IPv${b.family} on interface ${b.iface.name}`,
          b.vridNode?.origin ?? b.node.origin,
        ),
      );
    }
    earlier.push(b);
  }
  const vipOwner = new Map<string, InstanceFact>();
  for (const inst of list) {
    for (const v of inst.vips) {
      if (v.family === undefined) continue;
      const owner = vipOwner.get(v.key);
      if (owner === undefined) vipOwner.set(v.key, inst);
      else if (owner !== inst)
        out.push(diag('HA114', `VIP ${v.key} of ${inst.name} is also in ${owner.name}`, v.origin));
    }
  }
  // Sync groups.
  for (const g of facts.syncGroups) {
    if (g.name === '') out.push(diag('KA523', 'vrrp_sync_group must have a name', g.node.origin));
    let valid = 0;
    for (const m of g.members) {
      const inst = seenNames.get(m.name);
      if (inst === undefined) {
        out.push(
          diag('HA112', `Virtual router ${m.name} specified in sync group ${g.name} doesn't exist`, m.origin),
        );
        continue;
      }
      valid++;
      if (g.trackingWeight) continue;
      for (const t of inst.trackScripts) {
        const s = scripts.get(t.name);
        if (s?.script === undefined) continue;
        const w = t.weight ?? s.weight;
        if (w !== 0) {
          out.push(
            diag(
              'KA516',
              `(${inst.name}) tracked script ${t.name} has a weight; ignored in sync group ${g.name}`,
              t.origin,
            ),
          );
        }
      }
      for (const t of inst.trackInterfaces) {
        if (t.weight !== undefined && t.weight !== 0) {
          out.push(
            diag(
              'KA516',
              `(${inst.name}) tracked interface ${t.name} has a weight; ignored in sync group ${g.name}`,
              t.origin,
            ),
          );
        }
      }
    }
    if (valid < 2) {
      out.push(diag('KA520', `Sync group ${g.name} has only ${valid} virtual router(s)`, g.node.origin));
    }
  }
  return out;
}
