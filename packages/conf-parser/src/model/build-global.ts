/**
 * Builds GlobalDefs from the global_defs blocks and the global keywords at the top level.
 *
 * @module
 */
import type { ConfNode, Origin } from '../types.js';
import { BlockReader, type Statement } from './block-reader.js';
import { parseLvsSyncDaemon } from './lvs-sync-daemon.js';
import type { Reporter } from './reporter.js';
import type { ScriptRef, SettingValue } from './types-common.js';
import type { GlobalDefs } from './types-config.js';
import { nameLines } from './value-lines.js';
import { parseIntStrict, setIfDefined } from './values.js';

function settingOf(st: Statement): SettingValue[] {
  if (st.values.length === 0) return [true];
  return st.values.map((v, i) => v ?? (st.node.args[i] as string));
}

const UMASK_BIT = /^I[RWX](USR|GRP|OTH)$/;

/** Checks of global keywords whose arguments have their own syntax. */
function checkGlobalValues(r: BlockReader, rep: Reporter): void {
  const extra = r.last('vrrp_garp_extra_if');
  if (extra) {
    const a = extra.node.args;
    const text = (a[0] === 'all' ? a[1] : a[0]) ?? '';
    const n = parseIntStrict(text);
    if (n === undefined || n < 0 || n > 86400) {
      rep.report('KM004', extra.node.origin, `vrrp_garp_extra_if '${text}' invalid - ignoring`);
    }
  }
  const pol = r.last('vrrp_rx_bufs_policy');
  const pv = pol?.node.args[0];
  if (pol && pv !== 'MTU' && pv !== 'ADVERT' && parseIntStrict(pv ?? '') === undefined) {
    rep.report('KM004', pol.node.origin, `Invalid vrrp_rx_bufs_policy ${pv}`);
  }
  const um = r.last('umask');
  if (um) {
    const text = um.node.args.join('');
    const numeric = /^(0x[0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(text);
    const bad = numeric ? undefined : text.split('|').find((b) => !UMASK_BIT.test(b));
    if (bad !== undefined) rep.report('KM007', um.node.origin, `Unknown umask bit ${bad}`);
  }
}

function fifo(r: BlockReader, kw: string): ScriptRef | undefined {
  return r.script(kw);
}

/**
 * Build GlobalDefs.
 *
 * @param blocks Every `global_defs` statement, in order.
 * @param rootStatements Valid top-level statements of global keywords (net_namespace, …).
 */
export function buildGlobalDefs(
  blocks: readonly ConfNode[],
  rootStatements: readonly Statement[],
  rep: Reporter,
) {
  const children = blocks.flatMap((b) => b.children ?? []);
  const r = new BlockReader('global_defs', children, rep);
  const settings: Record<string, SettingValue[]> = {};
  for (const st of [...rootStatements, ...r.statements]) {
    if (st.valid && st.spec.kind !== 'keyword-block') settings[st.spec.name] = settingOf(st);
  }
  const version = r.num('vrrp_version');
  // vrrp_min_garp: one GARP/NA, no repeat and no second burst, unless set explicitly.
  const minGarp = r.bool('vrrp_min_garp') ?? false;
  const g: GlobalDefs = {
    notificationEmail: nameLines(r.lines('notification_email')),
    smtpConnectTimeoutMs: r.num('smtp_connect_timeout') ?? 30000,
    vrrpVersion: version === 3 ? 3 : 2,
    vrrpStrict: r.flag('vrrp_strict'),
    vrrpMcastGroup4: r.str('vrrp_mcast_group4') ?? '224.0.0.18',
    vrrpMcastGroup6: r.str('vrrp_mcast_group6') ?? 'ff02::12',
    vrrpGarpMasterDelayMs: r.num('vrrp_garp_master_delay') ?? (minGarp ? 0 : 5000),
    vrrpGarpMasterRepeat: r.num('vrrp_garp_master_repeat') ?? (minGarp ? 1 : 5),
    vrrpGarpMasterRefreshMs: r.num('vrrp_garp_master_refresh') ?? 0,
    vrrpGarpMasterRefreshRepeat: r.num('vrrp_garp_master_refresh_repeat') ?? (minGarp ? 0 : 1),
    vrrpGarpIntervalMs: r.num('vrrp_garp_interval') ?? 0,
    vrrpGnaIntervalMs: r.num('vrrp_gna_interval') ?? 0,
    vrrpMinGarp: minGarp,
    vrrpDownTimerAdverts: r.num('vrrp_down_timer_adverts') ?? 3,
    vrrpCheckUnicastSrc: r.flag('vrrp_check_unicast_src'),
    vrrpSkipCheckAdvAddr: r.flag('vrrp_skip_check_adv_addr'),
    defaultInterface: r.str('default_interface') ?? 'eth0',
    enableScriptSecurity: r.flag('enable_script_security'),
    notifyFifos: {},
    lvsFlush: r.flag('lvs_flush'),
    settings,
    unknown: r.unknown,
  };
  const first: Origin | undefined = blocks[0]?.origin;
  if (first) g.origin = first;
  setIfDefined(g, 'routerId', r.str('router_id'));
  setIfDefined(g, 'notificationEmailFrom', r.str('notification_email_from'));
  setIfDefined(g, 'smtpHeloName', r.str('smtp_helo_name'));
  setIfDefined(g, 'smtpAlert', r.bool('smtp_alert'));
  setIfDefined(g, 'smtpAlertVrrp', r.bool('smtp_alert_vrrp'));
  setIfDefined(g, 'smtpAlertChecker', r.bool('smtp_alert_checker'));
  setIfDefined(g, 'vrrpGarpLowerPrioDelayMs', r.num('vrrp_garp_lower_prio_delay'));
  setIfDefined(g, 'vrrpGarpLowerPrioRepeat', r.num('vrrp_garp_lower_prio_repeat'));
  setIfDefined(g, 'vrrpLowerPrioNoAdvert', r.bool('vrrp_lower_prio_no_advert'));
  setIfDefined(g, 'vrrpHigherPrioSendAdvert', r.bool('vrrp_higher_prio_send_advert'));
  setIfDefined(g, 'vrrpStartupDelayMs', r.num('vrrp_startup_delay'));
  setIfDefined(g, 'startupScript', r.script('startup_script'));
  setIfDefined(g, 'shutdownScript', r.script('shutdown_script'));
  const smtp = r.last('smtp_server');
  if (smtp)
    g.smtpServer = { host: smtp.node.args[0] ?? '', port: (smtp.values[1] as number | undefined) ?? 25 };
  const di = r.last('dynamic_interfaces');
  if (di) g.dynamicInterfaces = di.values[0] === 'allow_if_changes' ? 'allow_if_changes' : true;
  const su = r.last('script_user');
  if (su) {
    g.scriptUser = { user: su.node.args[0] ?? '' };
    if (su.node.args[1] !== undefined) g.scriptUser.group = su.node.args[1];
  }
  const nf = fifo(r, 'notify_fifo');
  if (nf) g.notifyFifos.notify = nf;
  const vf = fifo(r, 'vrrp_notify_fifo');
  if (vf) g.notifyFifos.vrrp = vf;
  const lf = fifo(r, 'lvs_notify_fifo');
  if (lf) g.notifyFifos.lvs = lf;
  const fos = r.last('lvs_flush_on_stop', 'lvs_flush_onstop');
  if (fos) g.lvsFlushOnStop = fos.values[0] === 'VS' ? 'VS' : true;
  const lt = r.last('lvs_timeouts');
  if (lt) {
    const t: { tcp?: number; tcpfin?: number; udp?: number } = {};
    const a = lt.node.args;
    for (let i = 0; i + 1 < a.length; i += 2) {
      const k = a[i];
      const n = parseIntStrict(a[i + 1] ?? '');
      if (n === undefined || (k !== 'tcp' && k !== 'tcpfin' && k !== 'udp')) {
        rep.report('KM013', lt.node.origin, `lvs_timeouts: invalid '${k} ${a[i + 1]}'`);
        continue;
      }
      t[k] = n;
    }
    if (Object.keys(t).length === 0) {
      rep.report('KM007', lt.node.origin, 'lvs_timeouts requires at least one option');
    } else g.lvsTimeouts = t;
  }
  checkGlobalValues(r, rep);
  const sd = r.last('lvs_sync_daemon');
  if (sd) g.lvsSyncDaemon = parseLvsSyncDaemon(sd.node, rep);
  const ns = rootStatements.filter((s) => s.spec.name === 'net_namespace' && s.valid).at(-1);
  if (ns?.node.args[0] !== undefined) g.netNamespace = ns.node.args[0];
  const inst = rootStatements.filter((s) => s.spec.name === 'instance' && s.valid).at(-1);
  if (inst?.node.args[0] !== undefined) g.instance = inst.node.args[0];
  return g;
}
