/**
 * Cluster lint: compares the configurations of the nodes of one VRRP cluster and reports
 * split-brain and flapping risks (`HA2xx`). Instances are matched by name, then by VRID and
 * interface.
 *
 * @module
 */
import { preprocess } from '../preprocess/index.js';
import type { Diagnostic } from '../types.js';
import { diag } from './emit.js';
import { type ConfigFacts, collectFacts, type InstanceFact } from './facts.js';
import { type LintEntry, lintWithFacts, sortDiagnostics } from './lint.js';
import type { LintOptions, LintResult } from './options.js';

/** Options of {@link lintCluster}: the single-node options, applied to every node. */
export interface ClusterLintOptions extends LintOptions {
  /** Config ids (`-i`) per node, by index; overrides `instance`. */
  instances?: ReadonlyArray<string | undefined>;
  /** Also lint every node on its own (default true). */
  perNode?: boolean;
}

/** One node's instance of a virtual router. */
export interface ClusterMember {
  /** Index of the node in the entries given to {@link lintCluster}. */
  node: number;
  /** File (or name) of the node's configuration. */
  file: string;
  /** Instance name on that node. */
  instance: string;
  /** Configured priority (default 100). */
  priority: number;
  /** Configured initial state, upper-cased. */
  state?: string;
}

/** One virtual router as seen across the nodes. */
export interface ClusterGroup {
  /** Instance name (of the first node that has it). */
  name: string;
  /** VRID (of the first node that has it). */
  vrid?: number;
  /** The node instances matched into this virtual router. */
  members: ClusterMember[];
}

/** Result of {@link lintCluster}. */
export interface ClusterLintResult {
  /** Cluster diagnostics (`HA2xx`), sorted. */
  diagnostics: Diagnostic[];
  /** Per-node lint results (empty when `perNode` is false). */
  nodes: LintResult[];
  /** The matched virtual routers. */
  groups: ClusterGroup[];
  /** True when no cluster diagnostic has severity `error`. */
  ok: boolean;
}

interface Member {
  node: number;
  file: string;
  inst: InstanceFact;
}

function effVersion(i: InstanceFact): number {
  return i.family === 6 ? 3 : i.version;
}

function effAuth(i: InstanceFact): string {
  if (i.auth === undefined || i.strict || effVersion(i) === 3) return 'none';
  return `${i.auth.type ?? '?'}:${(i.auth.pass ?? '').slice(0, 8)}`;
}

function vipSet(i: InstanceFact): string {
  return [...new Set(i.vips.filter((v) => v.family !== undefined).map((v) => v.key))].sort().join(',');
}

function isUnicast(i: InstanceFact): boolean {
  return i.unicastPeers.some((p) => p.family !== undefined);
}

function describe(m: Member): string {
  return `${m.file}:${m.inst.name}`;
}

function compareAll(
  group: Member[],
  code: string,
  what: string,
  value: (i: InstanceFact) => string,
  out: Diagnostic[],
): void {
  const first = group[0]!;
  const v0 = value(first.inst);
  for (const m of group.slice(1)) {
    const v = value(m.inst);
    if (v !== v0) {
      out.push(
        diag(
          code,
          `${what} differs: ${describe(first)} has ${v0 || '(none)'}, ${describe(m)} has ${v || '(none)'}`,
          m.inst.node.origin,
        ),
      );
    }
  }
}

function checkGroup(group: Member[], byName: boolean, out: Diagnostic[]): void {
  if (byName) compareAll(group, 'HA201', 'virtual_router_id', (i) => String(i.vrid ?? '?'), out);
  compareAll(group, 'HA202', 'VRRP version', (i) => String(effVersion(i)), out);
  compareAll(group, 'HA203', 'advert_int', (i) => String(i.advertInt ?? 1), out);
  compareAll(group, 'HA204', 'authentication', effAuth, out);
  compareAll(group, 'HA205', 'virtual_ipaddress', vipSet, out);
  compareAll(group, 'HA209', 'strict mode', (i) => (i.strict ? 'strict' : 'not strict'), out);
  compareAll(group, 'HA212', 'transport', (i) => (isUnicast(i) ? 'unicast' : 'multicast'), out);
  // Priorities.
  for (let a = 0; a < group.length; a++) {
    for (let b = a + 1; b < group.length; b++) {
      const x = group[a]!;
      const y = group[b]!;
      if (x.inst.priority === y.inst.priority) {
        out.push(
          diag(
            'HA206',
            `${describe(x)} and ${describe(y)} both have priority ${x.inst.priority}`,
            y.inst.node.origin,
          ),
        );
      }
    }
  }
  const masters = group.filter((m) => m.inst.state === 'MASTER');
  if (masters.length > 1) {
    const prios = new Set(masters.map((m) => m.inst.priority));
    const note = prios.size < masters.length ? ' with equal priorities' : '';
    out.push(
      diag(
        'HA207',
        `${masters.length} nodes start as MASTER${note}: ${masters.map(describe).join(', ')}`,
        masters[1]!.inst.node.origin,
      ),
    );
  }
  // nopreempt must be on the highest-priority node.
  const top = Math.max(...group.map((m) => m.inst.priority));
  const lowWith = group.filter((m) => m.inst.nopreempt !== undefined && m.inst.priority < top);
  const topWithout = group.filter((m) => m.inst.priority === top && m.inst.nopreempt === undefined);
  if (lowWith.length > 0 && topWithout.length > 0) {
    out.push(
      diag(
        'HA211',
        `nopreempt is set on ${lowWith.map(describe).join(', ')} but not on the highest-priority ${topWithout.map(describe).join(', ')}`,
        lowWith[0]!.inst.nopreempt!.origin,
      ),
    );
  }
  // Unicast peers must point at each other.
  const uni = group.filter((m) => isUnicast(m.inst));
  for (const m of uni) {
    const peers = new Set(m.inst.unicastPeers.map((p) => p.key));
    for (const o of uni) {
      if (o === m) continue;
      const src = o.inst.unicastSrc?.args[0]?.toLowerCase();
      if (src !== undefined && !peers.has(src)) {
        out.push(
          diag(
            'HA208',
            `${describe(m)} does not list ${describe(o)}'s unicast_src_ip ${src} in unicast_peer`,
            m.inst.unicastPeerBlock?.origin ?? m.inst.node.origin,
          ),
        );
      }
    }
  }
}

/**
 * Lints the configurations of the nodes of one cluster against each other. Never throws.
 */
export function lintCluster(
  entries: readonly LintEntry[],
  options: ClusterLintOptions = {},
): ClusterLintResult {
  const out: Diagnostic[] = [];
  const nodes: LintResult[] = [];
  const all: Member[] = [];
  entries.forEach((entry, node) => {
    const instance = options.instances?.[node] ?? options.instance;
    const nodeOptions: LintOptions = { ...options };
    if (instance !== undefined) nodeOptions.instance = instance;
    let facts: ConfigFacts | undefined;
    if (options.perNode !== false) {
      const r = lintWithFacts(entry, nodeOptions);
      nodes.push(r.result);
      facts = r.facts;
    } else {
      try {
        const pp: Parameters<typeof preprocess>[1] = {};
        if (instance !== undefined) pp.instance = instance;
        if (options.host !== undefined) pp.host = options.host;
        if (options.env !== undefined) pp.env = options.env;
        facts = collectFacts(preprocess(entry, pp).nodes);
      } catch {
        facts = undefined;
      }
    }
    if (facts !== undefined) {
      const file = entry.file ?? `node${node + 1}`;
      const seen = new Set<string>();
      for (const inst of facts.instances) {
        if (seen.has(inst.name)) continue;
        seen.add(inst.name);
        all.push({ node, file, inst });
      }
    }
  });
  // Match by name, then by VRID + interface.
  const groups: Member[][] = [];
  const byName = new Map<string, Member[]>();
  for (const m of all) {
    const list = byName.get(m.inst.name) ?? [];
    list.push(m);
    byName.set(m.inst.name, list);
  }
  const loose: Member[] = [];
  const named = new Set<Member[]>();
  for (const list of byName.values()) {
    if (new Set(list.map((m) => m.node)).size > 1) {
      groups.push(list);
      named.add(list);
    } else loose.push(...list);
  }
  const byVrid = new Map<string, Member[]>();
  for (const m of loose) {
    const key = `${m.inst.vrid ?? '?'}/${m.inst.iface?.name ?? '?'}/${m.inst.family}`;
    const list = byVrid.get(key) ?? [];
    list.push(m);
    byVrid.set(key, list);
  }
  for (const list of byVrid.values()) {
    if (new Set(list.map((m) => m.node)).size > 1) groups.push(list);
    else if (entries.length > 1) {
      for (const m of list) {
        out.push(diag('HA210', `${describe(m)} has no counterpart on the other nodes`, m.inst.node.origin));
      }
    }
  }
  for (const g of groups) checkGroup(g, named.has(g), out);
  // The same VIP in different virtual routers (groups, or unmatched instances).
  const units: Member[][] = [...groups];
  for (const m of all) if (!groups.some((g) => g.includes(m))) units.push([m]);
  const vipUnits = new Map<string, Member[][]>();
  for (const u of units) {
    const keys = new Set(
      u.flatMap((m) => m.inst.vips.filter((v) => v.family !== undefined).map((v) => v.key)),
    );
    for (const k of keys) {
      const list = vipUnits.get(k) ?? [];
      list.push(u);
      vipUnits.set(k, list);
    }
  }
  for (const [vip, list] of vipUnits) {
    const nodesOf = new Set(list.flatMap((u) => u.map((m) => m.node)));
    if (list.length < 2 || nodesOf.size < 2) continue;
    const names = list.map((u) => u.map(describe).join('+'));
    const second = list[1]![0]!;
    out.push(
      diag(
        'HA213',
        `VIP ${vip} is managed by ${list.length} virtual routers: ${names.join(', ')}`,
        second.inst.node.origin,
      ),
    );
  }
  const diagnostics = sortDiagnostics(out);
  return {
    diagnostics,
    nodes,
    groups: groups.map((g) => {
      const first = g[0]!.inst;
      const cg: ClusterGroup = {
        name: first.name,
        members: g.map((m) => {
          const e: ClusterMember = {
            node: m.node,
            file: m.file,
            instance: m.inst.name,
            priority: m.inst.priority,
          };
          if (m.inst.state !== undefined) e.state = m.inst.state;
          return e;
        }),
      };
      if (first.vrid !== undefined) cg.vrid = first.vrid;
      return cg;
    }),
    ok: !diagnostics.some((d) => d.severity === 'error'),
  };
}
