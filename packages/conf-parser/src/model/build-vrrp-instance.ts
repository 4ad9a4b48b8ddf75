/**
 * Builds a VrrpInstance from its block, applying keepalived's defaults.
 *
 * @module
 */
import type { ConfNode } from '../types.js';
import { BlockReader } from './block-reader.js';
import type { Reporter } from './reporter.js';
import type { GlobalDefs } from './types-config.js';
import type { NotifyScripts, Tracking, VrrpAuthentication, VrrpInstance } from './types-vrrp.js';
import {
  parseAddressLine,
  parseRouteOrRuleLine,
  parseTrackLine,
  parseUnicastPeerLine,
} from './value-lines.js';
import { parseIntStrict, setIfDefined } from './values.js';

/** Read the notify_* keywords of an instance or sync group. */
export function readNotify(r: BlockReader): NotifyScripts {
  const n: NotifyScripts = {};
  const set = (k: keyof NotifyScripts, kw: string) => {
    const s = r.script(kw);
    if (s) n[k] = s;
  };
  set('master', 'notify_master');
  set('backup', 'notify_backup');
  set('fault', 'notify_fault');
  set('stop', 'notify_stop');
  set('deleted', 'notify_deleted');
  set('any', 'notify');
  set('masterRxLowerPri', 'notify_master_rx_lower_pri');
  return n;
}

/** Read the track_* value blocks of an instance or sync group. */
export function readTracking(r: BlockReader, rep: Reporter): Tracking {
  const list = (kw: string, what: string, limit: number) =>
    r.lines(kw).flatMap((l) => {
      const t = parseTrackLine(l, rep, what, limit);
      return t ? [t] : [];
    });
  return {
    trackInterfaces: list('track_interface', 'track interface', 253),
    trackScripts: list('track_script', 'track script', 253),
    trackFiles: list('track_file', 'track file', 254),
    trackProcesses: list('track_process', 'track process', 254),
    trackBfds: list('track_bfd', 'track bfd', 253),
  };
}

function readAuth(r: BlockReader, rep: Reporter): VrrpAuthentication | undefined {
  const st = r.blocks('authentication').at(-1);
  if (!st) return undefined;
  const a = new BlockReader('authentication', st.node.children ?? [], rep);
  const auth: VrrpAuthentication = { origin: st.node.origin };
  const type = a.str('auth_type');
  if (type === 'PASS' || type === 'AH') auth.type = type;
  const pass = a.str('auth_pass');
  if (pass !== undefined) auth.pass = pass;
  return auth;
}

/** Build one `vrrp_instance`. */
export function buildVrrpInstance(node: ConfNode, g: GlobalDefs, rep: Reporter): VrrpInstance {
  const name = node.args[0] ?? '';
  const r = new BlockReader('vrrp_instance', node.children ?? [], rep);
  const vips = r.lines('virtual_ipaddress').flatMap((l) => parseAddressLine(l, rep) ?? []);
  const evips = r.lines('virtual_ipaddress_excluded').flatMap((l) => parseAddressLine(l, rep) ?? []);
  const strictMode = r.bool('strict_mode') ?? g.vrrpStrict;
  const explicitVersion = r.num('version');
  const version: 2 | 3 =
    explicitVersion === 3 || (explicitVersion === undefined && (vips[0]?.family === 6 || g.vrrpVersion === 3))
      ? 3
      : 2;
  let advertIntMs = r.num('advert_int') ?? 1000;
  if (version === 2 && advertIntMs % 1000 !== 0) {
    const st = r.last('advert_int');
    const rounded = Math.max(1000, Math.round(advertIntMs / 1000) * 1000);
    rep.report(
      'KM015',
      st?.node.origin ?? node.origin,
      `(${name}) VRRPv2 advertisement interval ${advertIntMs / 1000}s must be an integer. rounding`,
    );
    advertIntMs = rounded;
  }
  if (version === 3 && advertIntMs % 10 !== 0) {
    // keepalived: "(V) VRRPv3 advertisement interval 0.015000s must be in units of 10ms - rounding"
    rep.report(
      'KM015',
      r.last('advert_int')?.node.origin ?? node.origin,
      `(${name}) VRRPv3 advertisement interval ${advertIntMs / 1000}s must be in units of 10ms - rounding`,
    );
    advertIntMs = Math.round(advertIntMs / 10) * 10;
  }
  if (version === 3 && advertIntMs > 40950) {
    // keepalived: "VRRPv3 advertisement interval 45.00s is out of range. Must be less than 40.96s. Setting to 40.95s"
    rep.report(
      'KM015',
      r.last('advert_int')?.node.origin ?? node.origin,
      `(${name}) VRRPv3 advertisement interval ${advertIntMs / 1000}s is out of range. Must be less than 40.96s. Setting to 40.95s`,
    );
    advertIntMs = 40950;
  }
  if (r.num('virtual_router_id') === undefined) {
    rep.report('KM011', node.origin, `(${name}) the virtual router id must be set`);
  }
  const state = r.str('state') === 'MASTER' ? 'MASTER' : 'BACKUP';
  // `preempt` after `nopreempt` clears it; keepalived's handlers set/clear one flag in order.
  const lastPreempt = r.all('nopreempt', 'preempt').at(-1);
  const garpMasterDelayMs = r.num('garp_master_delay') ?? g.vrrpGarpMasterDelayMs;
  const garpMasterRepeat = r.num('garp_master_repeat') ?? g.vrrpGarpMasterRepeat;
  const inst: VrrpInstance = {
    name,
    state,
    useVmacAddr: r.flag('use_vmac_addr'),
    vmacXmitBase: r.flag('vmac_xmit_base'),
    priority: r.num('priority') ?? 100,
    advertIntMs,
    version,
    nopreempt: lastPreempt?.spec.name === 'nopreempt',
    preemptDelayMs: r.num('preempt_delay') ?? 0,
    dontTrackPrimary: r.flag('dont_track_primary'),
    unicastPeers: r.lines('unicast_peer').flatMap((l) => parseUnicastPeerLine(l, rep, name) ?? []),
    unicastFaultNoPeer: r.flag('unicast_fault_no_peer'),
    checkUnicastSrc: r.flag('check_unicast_src') || g.vrrpCheckUnicastSrc,
    trackSrcIp: r.flag('track_src_ip'),
    virtualIpaddresses: vips,
    virtualIpaddressesExcluded: evips,
    virtualRoutes: r.lines('virtual_routes').map(parseRouteOrRuleLine),
    virtualRules: r.lines('virtual_rules').map(parseRouteOrRuleLine),
    ...readTracking(r, rep),
    garpMasterDelayMs,
    garpMasterRepeat,
    garpMasterRefreshMs: r.num('garp_master_refresh') ?? g.vrrpGarpMasterRefreshMs,
    garpMasterRefreshRepeat: r.num('garp_master_refresh_repeat') ?? g.vrrpGarpMasterRefreshRepeat,
    garpLowerPrioDelayMs: r.num('garp_lower_prio_delay') ?? g.vrrpGarpLowerPrioDelayMs ?? garpMasterDelayMs,
    garpLowerPrioRepeat: r.num('garp_lower_prio_repeat') ?? g.vrrpGarpLowerPrioRepeat ?? garpMasterRepeat,
    downTimerAdverts: r.num('down_timer_adverts') ?? g.vrrpDownTimerAdverts,
    lowerPrioNoAdvert: r.bool('lower_prio_no_advert') ?? g.vrrpLowerPrioNoAdvert ?? strictMode,
    higherPrioSendAdvert: r.bool('higher_prio_send_advert') ?? g.vrrpHigherPrioSendAdvert ?? false,
    skipCheckAdvAddr: r.bool('skip_check_adv_addr') ?? g.vrrpSkipCheckAdvAddr,
    strictMode,
    promoteSecondaries: r.flag('promote_secondaries'),
    notify: readNotify(r),
    linkbeatUsePolling: r.flag('linkbeat_use_polling'),
    nativeIpv6: r.flag('native_ipv6'),
    unknown: r.unknown,
    origin: node.origin,
  };
  setIfDefined(inst, 'interface', r.str('interface'));
  setIfDefined(inst, 'vrf', r.str('vrf'));
  setIfDefined(inst, 'virtualRouterId', r.num('virtual_router_id'));
  setIfDefined(inst, 'mcastSrcIp', r.str('mcast_src_ip'));
  setIfDefined(inst, 'mcastDstIp', r.str('mcast_dst_ip'));
  setIfDefined(inst, 'unicastSrcIp', r.str('unicast_src_ip'));
  setIfDefined(inst, 'unicastTtl', r.num('unicast_ttl'));
  setIfDefined(inst, 'smtpAlert', r.bool('smtp_alert'));
  setIfDefined(inst, 'notifyPriorityChanges', r.bool('notify_priority_changes'));
  setIfDefined(inst, 'kernelRxBufSize', r.num('kernel_rx_buf_size'));
  setIfDefined(inst, 'debug', r.num('debug'));
  setIfDefined(inst, 'lvsSyncDaemonInterface', r.str('lvs_sync_daemon_interface'));
  setIfDefined(inst, 'authentication', readAuth(r, rep));
  const acc = r.all('accept', 'no_accept').at(-1);
  if (acc) inst.accept = acc.spec.name === 'accept';
  const vmac = r.last('use_vmac');
  if (vmac) {
    const [vname, mac] = vmac.node.args;
    inst.useVmac = {};
    if (vname !== undefined) inst.useVmac.name = vname;
    if (mac !== undefined) inst.useVmac.mac = mac;
  }
  const ipvlan = r.last('use_ipvlan');
  if (ipvlan) {
    const [iname, addr, mode] = ipvlan.node.args;
    inst.useIpvlan = {};
    if (iname !== undefined) inst.useIpvlan.name = iname;
    if (addr !== undefined) inst.useIpvlan.address = addr;
    if (mode !== undefined) inst.useIpvlan.mode = mode;
  }
  const extra = r.last('garp_extra_if', 'vmac_garp_intvl');
  if (extra) {
    const all = extra.node.args[0] === 'all';
    const text = (all ? extra.node.args[1] : extra.node.args[0]) ?? '';
    const secs = parseIntStrict(text);
    if (secs !== undefined && secs >= 0 && secs <= 86400) inst.garpExtraIf = { all, intervalS: secs };
    else rep.report('KM004', extra.node.origin, `(${name}): ${extra.spec.name} '${text}' invalid - ignoring`);
  }
  const oldSum = r.last('old_unicast_checksum');
  if (oldSum) inst.oldUnicastChecksum = oldSum.values[0] === 'never' ? 'never' : true;
  return inst;
}
