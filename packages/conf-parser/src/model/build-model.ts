/**
 * `buildModel()`: resolved statements → typed KeepalivedConfig + diagnostics.
 *
 * @module
 */
import type { ConfNode, Diagnostic } from '../types.js';
import { BlockReader, type Statement } from './block-reader.js';
import { buildGlobalDefs } from './build-global.js';
import {
  buildBfdInstance,
  buildGarpGroup,
  buildLinkbeat,
  buildSyncGroup,
  buildTrackFile,
  buildTrackGroup,
  buildTrackProcess,
  buildUpDownDelays,
  buildVrrpScript,
} from './build-trackers.js';
import { buildSsl, buildVirtualServer, buildVirtualServerGroup } from './build-virtual-server.js';
import { buildVrrpInstance } from './build-vrrp-instance.js';
import { Reporter } from './reporter.js';
import type { KeepalivedConfig } from './types-config.js';
import { parseAddressLine, parseRouteOrRuleLine } from './value-lines.js';

/** Options of buildModel. */
export interface BuildModelOptions {
  /**
   * Also report keepalived's config-completion findings that the model notices while applying
   * defaults (KM011 required setting missing, KM015 VRRPv2 advert_int rounded, KM017 duplicate
   * names). Default false: `lint()` reports these itself (KA5xx); set it when using buildModel
   * on its own.
   */
  completionChecks?: boolean;
}

/** Result of buildModel. */
export interface BuildModelResult {
  /** The typed configuration. */
  config: KeepalivedConfig;
  /** Keyword-level findings (KM codes). */
  diagnostics: Diagnostic[];
}

const ROOT_GLOBALS = new Set([
  'linkbeat_use_polling',
  'net_namespace',
  'net_namespace_ipvs',
  'namespace_with_ipsets',
  'use_pid_dir',
  'instance',
  'child_wait_time',
]);

function named<T>(list: readonly Statement[], build: (n: ConfNode) => T): T[] {
  return list.filter((s) => s.valid).map((s) => build(s.node));
}

function reportDuplicates(rep: Reporter, what: string, list: readonly Statement[]): void {
  const seen = new Set<string>();
  for (const s of list) {
    const name = s.node.args[0];
    if (name === undefined || !s.valid) continue;
    if (seen.has(name)) rep.report('KM017', s.node.origin, `${what} ${name} already defined`);
    seen.add(name);
  }
}

/**
 * Build the typed model of a keepalived configuration from preprocessed statements. Never
 * throws on bad input: problems become diagnostics and unknown statements are kept in the
 * `unknown` list of their block.
 */
export function buildModel(nodes: readonly ConfNode[], options: BuildModelOptions = {}): BuildModelResult {
  const rep = new Reporter(options.completionChecks ?? false);
  const root = new BlockReader('root', nodes, rep);
  const rootGlobals = root.statements.filter((s) => ROOT_GLOBALS.has(s.name));
  const globalDefs = buildGlobalDefs(
    root.blocks('global_defs').map((s) => s.node),
    rootGlobals,
    rep,
  );
  if (options.completionChecks) {
    reportDuplicates(rep, 'vrrp instance', root.all('vrrp_instance'));
    reportDuplicates(rep, 'vrrp script', root.all('vrrp_script'));
    reportDuplicates(rep, 'vrrp sync group', root.all('vrrp_sync_group'));
    reportDuplicates(rep, 'track file', root.all('track_file', 'vrrp_track_file'));
    reportDuplicates(rep, 'bfd instance', root.all('bfd_instance'));
    reportDuplicates(rep, 'virtual server group', root.all('virtual_server_group'));
  }
  const ssl = root.blocks('SSL').at(-1);
  const config: KeepalivedConfig = {
    globalDefs,
    vrrpScripts: named(root.blocks('vrrp_script'), (n) => buildVrrpScript(n, rep)),
    vrrpSyncGroups: named(root.blocks('vrrp_sync_group'), (n) => buildSyncGroup(n, rep)),
    vrrpInstances: named(root.blocks('vrrp_instance'), (n) => buildVrrpInstance(n, globalDefs, rep)),
    virtualServerGroups: named(root.blocks('virtual_server_group'), (n) => buildVirtualServerGroup(n, rep)),
    virtualServers: named(root.blocks('virtual_server'), (n) => buildVirtualServer(n, rep)).flatMap((v) =>
      v ? [v] : [],
    ),
    trackFiles: named(root.blocks('track_file', 'vrrp_track_file'), (n) => buildTrackFile(n, rep)),
    trackProcesses: named(root.blocks('vrrp_track_process'), (n) => buildTrackProcess(n, rep)),
    trackGroups: named(root.blocks('track_group'), (n) => buildTrackGroup(n, rep)),
    garpGroups: named(root.blocks('garp_group'), (n) => buildGarpGroup(n, rep)),
    staticIpaddress: root.lines('static_ipaddress').flatMap((l) => parseAddressLine(l, rep, true) ?? []),
    staticRoutes: root.lines('static_routes').map(parseRouteOrRuleLine),
    staticRules: root.lines('static_rules').map(parseRouteOrRuleLine),
    bfdInstances: named(root.blocks('bfd_instance'), (n) => buildBfdInstance(n, rep)),
    linkbeatInterfaces: buildLinkbeat(root.lines('linkbeat_interfaces'), rep),
    interfaceUpDownDelays: buildUpDownDelays(root.lines('interface_up_down_delays'), rep),
    unknown: root.unknown,
  };
  if (ssl) config.ssl = buildSsl(ssl.node, rep);
  return { config, diagnostics: rep.diagnostics };
}
