/**
 * Builders of the smaller named blocks: vrrp_script, vrrp_sync_group, garp_group,
 * vrrp_track_process, track_group, track_file, bfd_instance, and the global linkbeat and
 * up/down-delay lists.
 *
 * @module
 */
import type { ConfNode } from '../types.js';
import { BlockReader } from './block-reader.js';
import { readNotify, readTracking } from './build-vrrp-instance.js';
import type { Reporter } from './reporter.js';
import type { BfdInstance, InterfaceDelay, LinkbeatInterface, TrackFile } from './types-config.js';
import type { GarpGroup, TrackGroup, TrackProcess, VrrpScript, VrrpSyncGroup } from './types-vrrp.js';
import { lineWords, nameLines } from './value-lines.js';
import { parseDecimal, parseIntStrict, secondsToMs } from './values.js';

function weightOf(r: BlockReader, def: number): { weight: number; reverse: boolean } {
  const st = r.last('weight');
  const w = st?.values[0];
  return { weight: typeof w === 'number' ? w : def, reverse: st?.values[1] === 'reverse' };
}

/** Build a `vrrp_script`. */
export function buildVrrpScript(node: ConfNode, rep: Reporter): VrrpScript {
  const r = new BlockReader('vrrp_script', node.children ?? [], rep);
  const intervalMs = r.num('interval') ?? 1000;
  const s: VrrpScript = {
    name: node.args[0] ?? '',
    intervalMs,
    timeoutMs: r.num('timeout') ?? intervalMs,
    ...weightOf(r, 0),
    rise: r.num('rise') ?? 1,
    fall: r.num('fall') ?? 1,
    initFail: r.flag('init_fail'),
    unknown: r.unknown,
    origin: node.origin,
  };
  const script = r.last('script');
  if (script) s.script = script.node.args.join(' ');
  const user = r.last('user');
  if (user?.node.args[0] !== undefined) s.user = user.node.args[0];
  if (user?.node.args[1] !== undefined) s.group = user.node.args[1];
  return s;
}

/** Build a `vrrp_sync_group`. */
export function buildSyncGroup(node: ConfNode, rep: Reporter): VrrpSyncGroup {
  const r = new BlockReader('vrrp_sync_group', node.children ?? [], rep);
  const g: VrrpSyncGroup = {
    name: node.args[0] ?? '',
    group: nameLines(r.lines('group')),
    ...readTracking(r, rep),
    notify: readNotify(r),
    globalTracking: r.flag('global_tracking'),
    syncGroupTrackingWeight: r.flag('sync_group_tracking_weight'),
    unknown: r.unknown,
    origin: node.origin,
  };
  const smtp = r.bool('smtp_alert');
  if (smtp !== undefined) g.smtpAlert = smtp;
  const npc = r.bool('notify_priority_changes');
  if (npc !== undefined) g.notifyPriorityChanges = npc;
  return g;
}

/** Build a `garp_group`. */
export function buildGarpGroup(node: ConfNode, rep: Reporter): GarpGroup {
  const r = new BlockReader('garp_group', node.children ?? [], rep);
  const g: GarpGroup = {
    interfaces: nameLines(r.lines('interfaces')),
    unknown: r.unknown,
    origin: node.origin,
  };
  const gi = r.num('garp_interval');
  if (gi !== undefined) g.garpIntervalMs = gi;
  const ni = r.num('gna_interval');
  if (ni !== undefined) g.gnaIntervalMs = ni;
  const i = r.str('interface');
  if (i !== undefined) g.interface = i;
  return g;
}

/** Build a `vrrp_track_process`. */
export function buildTrackProcess(node: ConfNode, rep: Reporter): TrackProcess {
  const r = new BlockReader('vrrp_track_process', node.children ?? [], rep);
  const proc = r.last('process');
  const p: TrackProcess = {
    name: node.args[0] ?? '',
    params: proc ? proc.node.args.slice(1) : [],
    ...weightOf(r, 1),
    quorum: r.num('quorum') ?? 1,
    fullCommand: r.flag('full_command'),
    unknown: r.unknown,
    origin: node.origin,
  };
  if (proc?.node.args[0] !== undefined) p.process = proc.node.args[0];
  const pm = r.last('param_match');
  if (pm)
    p.paramMatch = pm.values[0] === 'initial' ? 'initial' : pm.values[0] === 'partial' ? 'partial' : 'exact';
  const qm = r.num('quorum_max');
  if (qm !== undefined) p.quorumMax = qm;
  const fork = r.last('delay', 'fork_delay');
  const term = r.last('delay', 'terminate_delay');
  if (typeof fork?.values[0] === 'number') p.forkDelayMs = fork.values[0];
  if (typeof term?.values[0] === 'number') p.terminateDelayMs = term.values[0];
  return p;
}

/** Build a `track_group`. */
export function buildTrackGroup(node: ConfNode, rep: Reporter): TrackGroup {
  const r = new BlockReader('track_group', node.children ?? [], rep);
  return {
    name: node.args[0] ?? '',
    group: nameLines(r.lines('group')),
    unknown: r.unknown,
    origin: node.origin,
  };
}

/** Build a `track_file` (or deprecated `vrrp_track_file`). */
export function buildTrackFile(node: ConfNode, rep: Reporter): TrackFile {
  const r = new BlockReader('track_file', node.children ?? [], rep);
  const t: TrackFile = {
    name: node.args[0] ?? '',
    ...weightOf(r, 1),
    unknown: r.unknown,
    origin: node.origin,
  };
  const file = r.str('file');
  if (file !== undefined) t.file = file;
  const init = r.last('init_file');
  if (init) {
    const a = init.node.args;
    const overwrite = a.includes('overwrite');
    const v = parseIntStrict(a[0] ?? '');
    if (a[0] !== undefined && a[0] !== 'overwrite' && v === undefined) {
      rep.report('KM004', init.node.origin, `init_file: invalid number '${a[0]}'`);
    }
    t.initFile = { value: v ?? 0, overwrite };
  }
  return t;
}

/** Build a `bfd_instance`. */
export function buildBfdInstance(node: ConfNode, rep: Reporter): BfdInstance {
  const r = new BlockReader('bfd_instance', node.children ?? [], rep);
  const b: BfdInstance = {
    name: node.args[0] ?? '',
    minRxMs: r.num('min_rx') ?? 10,
    minTxMs: r.num('min_tx') ?? 10,
    idleTxMs: r.num('idle_tx') ?? 1000,
    multiplier: r.num('multiplier') ?? 5,
    passive: r.flag('passive'),
    ttl: r.num('ttl') ?? 255,
    hoplimit: r.num('hoplimit') ?? 64,
    maxHops: r.num('max_hops') ?? 0,
    ...weightOf(r, 0),
    vrrp: r.flag('vrrp'),
    checker: r.flag('checker'),
    unknown: r.unknown,
    origin: node.origin,
  };
  const n = r.str('neighbor_ip', 'neighbour_ip');
  if (n !== undefined) b.neighborIp = n;
  const s = r.str('source_ip');
  if (s !== undefined) b.sourceIp = s;
  return b;
}

/** Parse `linkbeat_interfaces` lines. */
export function buildLinkbeat(lines: readonly ConfNode[], rep: Reporter): LinkbeatInterface[] {
  return lines.map((l) => {
    const [name, type] = lineWords(l);
    const li: LinkbeatInterface = { name: name as string, origin: l.origin };
    if (type === 'MII' || type === 'ETHTOOL' || type === 'IOCTL') li.type = type;
    else if (type !== undefined)
      rep.report('KM013', l.origin, `linkbeat type '${type}' is not MII|ETHTOOL|IOCTL`);
    return li;
  });
}

/** Parse `interface_up_down_delays` lines: `IF DOWN [UP]` (seconds, max 255). */
export function buildUpDownDelays(lines: readonly ConfNode[], rep: Reporter): InterfaceDelay[] {
  return lines.flatMap((l) => {
    const [name, down, up] = lineWords(l);
    const d = parseDecimal(down ?? '');
    const u = up === undefined ? d : parseDecimal(up);
    if (d === undefined || u === undefined || d < 0 || d > 255 || u < 0 || u > 255) {
      rep.report('KM013', l.origin, `interface_up_down_delays: invalid delay for ${name} (0..255 seconds)`);
      return [];
    }
    return [
      { name: name as string, downDelayMs: secondsToMs(d), upDelayMs: secondsToMs(u), origin: l.origin },
    ];
  });
}
