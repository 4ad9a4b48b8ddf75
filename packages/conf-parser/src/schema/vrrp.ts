/**
 * VRRP keywords: vrrp_instance (with authentication), vrrp_script, vrrp_sync_group, garp_group,
 * vrrp_track_process, plus the global static/track/linkbeat blocks handled by the VRRP process.
 *
 * @module
 */
import { A, flag, flagBool, inContexts, keywordBlock, scriptVal, val, valueBlock } from './builders.js';
import type { KeywordSpec } from './types.js';

/** Top-level blocks owned by the VRRP process. */
export const VRRP_ROOT_KEYWORDS: KeywordSpec[] = inContexts(
  ['root'],
  [
    keywordBlock('vrrp_instance', 'A VRRP instance (virtual router) on an interface.', {}, [A.name()]),
    keywordBlock('vrrp_script', 'A script run periodically whose exit status instances can track.', {}, [
      A.name(),
    ]),
    keywordBlock('vrrp_sync_group', 'A group of VRRP instances that change state together.', {}, [A.name()]),
    keywordBlock('garp_group', 'Rate limits for gratuitous ARP / unsolicited NA per interface(s).'),
    keywordBlock('vrrp_track_process', 'A process whose presence instances can track.', {}, [A.name()]),
    keywordBlock('track_group', 'Instances that track static addresses/routes/rules of this group.', {}, [
      A.name(),
    ]),
    valueBlock('static_ipaddress', 'Addresses configured at startup and never moved (ip addr syntax).'),
    valueBlock('static_routes', 'Routes configured at startup and never moved (ip route syntax).'),
    valueBlock('static_rules', 'Rules configured at startup and never moved (ip rule syntax).'),
    valueBlock('linkbeat_interfaces', 'Interfaces polled with MII/ETHTOOL/IOCTL instead of netlink.'),
    valueBlock('interface_up_down_delays', 'Per-interface down [up] debounce delays in seconds.'),
  ],
);

/** Keywords inside `track_group NAME { … }`. */
export const TRACK_GROUP_KEYWORDS: KeywordSpec[] = inContexts(
  ['track_group'],
  [valueBlock('group', 'VRRP instances tracking this track group.')],
);

/** Keywords inside `vrrp_instance NAME { … }`. */
export const VRRP_INSTANCE_KEYWORDS: KeywordSpec[] = inContexts(
  ['vrrp_instance'],
  [
    val('use_vmac', [A.str(), A.str()], 'Use a VRRP virtual MAC (macvlan): [NAME] [MAC].', { min: 0 }),
    flag('use_vmac_addr', 'Create VMACs for VIPs on other interfaces.'),
    flag('vmac_xmit_base', 'Send and receive adverts on the base interface rather than the VMAC.'),
    val(
      'use_ipvlan',
      [A.str(), A.str(), A.oneOf(['bridge', 'private', 'vepa'])],
      'Use an ipvlan interface.',
      {
        min: 0,
      },
    ),
    valueBlock('unicast_peer', 'Unicast peers: <IPADDR> [min_ttl N] [max_ttl N] per line.'),
    flag('unicast_fault_no_peer', 'Go to FAULT instead of multicast when no unicast peer is configured.'),
    flag('check_unicast_src', 'Check that unicast adverts come from a configured peer.'),
    val('old_unicast_checksum', A.oneOf(['never']), 'Use the pre-1.3.6 VRRPv3 unicast checksum.', { min: 0 }),
    flag('native_ipv6', 'Force IPv6.', { deprecated: 'the address family follows the virtual addresses' }),
    val('state', A.oneOf(['MASTER', 'BACKUP']), 'Initial state.', { default: 'BACKUP' }),
    val('interface', A.iface(), 'Interface the instance runs on.'),
    val('vrf', A.iface(), 'VRF for interface-less unicast instances.'),
    flag('dont_track_primary', 'Ignore faults of the instance interface.'),
    valueBlock('track_interface', 'Tracked interfaces: NAME [weight -253..253 [reverse]].'),
    valueBlock('track_script', 'Tracked vrrp_scripts: NAME [weight -253..253 [reverse|noreverse]].'),
    valueBlock('track_file', 'Tracked track_files: NAME [weight -254..254 [reverse|noreverse]].'),
    valueBlock('track_process', 'Tracked vrrp_track_processes: NAME [weight -254..254 [reverse]].'),
    valueBlock('track_bfd', 'Tracked bfd_instances: NAME [weight -253..253 [reverse]].'),
    val('mcast_src_ip', A.ip(), 'Source address of multicast adverts.'),
    val('unicast_src_ip', A.ip(), 'Source address of unicast adverts.'),
    val('mcast_dst_ip', A.ip(), 'Multicast group to send to and listen on.'),
    flag('track_src_ip', 'Go to FAULT if the source address disappears.'),
    val('virtual_router_id', A.int(1, 255), 'VRID, 1..255.'),
    val('unicast_ttl', A.int(0, 255), 'TTL / hop limit of unicast adverts.', { default: 255 }),
    val('version', A.int(2, 3), 'VRRP version (default: global vrrp_version).'),
    val('priority', A.int(1, 255), 'Priority, 1..255 (255 = address owner).', { default: 100 }),
    val('advert_int', A.timer(0.01, 255), 'Advertisement interval in seconds.', { default: 1000 }),
    valueBlock('virtual_ipaddress', 'Virtual addresses: <IPADDR>[/<MASK>] [dev IF] [scope S] [label L] …'),
    valueBlock('virtual_ipaddress_excluded', 'Addresses moved with the instance but not sent in adverts.'),
    flag('promote_secondaries', 'Set promote_secondaries on the interface.'),
    flag('linkbeat_use_polling', 'Poll link state of the instance interface.', {
      deprecated: 'use a global linkbeat_interfaces block',
      deprecationReported: true,
    }),
    valueBlock('virtual_routes', 'Routes added on MASTER and removed on BACKUP (ip route syntax).'),
    valueBlock('virtual_rules', 'Rules added on MASTER and removed on BACKUP (ip rule syntax).'),
    flag('accept', 'Accept packets addressed to VIPs when not address owner.'),
    flag('no_accept', 'Drop packets addressed to VIPs when not address owner.'),
    flagBool('skip_check_adv_addr', "Don't check advert addresses when from the same master."),
    flagBool('strict_mode', 'Strict RFC compliance for this instance (default: global vrrp_strict).'),
    flag('preempt', 'Preempt a lower priority master (the default).'),
    flag('nopreempt', "Don't preempt a lower priority master."),
    val('preempt_delay', A.timer(0, 1000), 'Seconds to delay preemption after startup.', { default: 0 }),
    val('debug', A.int(0, 4), 'Debug level (not implemented).', { min: 0 }),
    scriptVal('notify_backup', 'Script run on transition to BACKUP.'),
    scriptVal('notify_master', 'Script run on transition to MASTER.'),
    scriptVal('notify_fault', 'Script run on transition to FAULT.'),
    scriptVal('notify_stop', 'Script run when the instance stops.'),
    scriptVal('notify_deleted', 'Send DELETED (and run the script) when removed on reload.', { min: 0 }),
    scriptVal('notify', 'Script run on any transition with type, name, state and priority appended.'),
    scriptVal('notify_master_rx_lower_pri', 'Script run when MASTER receives a lower priority advert.'),
    flagBool('smtp_alert', 'Send email on state transitions.'),
    flagBool('notify_priority_changes', 'Send priority changes on notify FIFOs.'),
    val('lvs_sync_daemon_interface', A.iface(), 'IPVS sync daemon interface.', {
      deprecated: 'use global_defs lvs_sync_daemon',
      deprecationReported: true,
    }),
    val('garp_master_delay', A.secs(0, 4294), 'Delay for the second set of GARPs after becoming MASTER.', {
      default: 5000,
    }),
    val('garp_master_refresh', A.secs(0), 'Interval of GARP refresh while MASTER (0 = none).', {
      default: 0,
    }),
    val('garp_master_repeat', A.int(0), 'GARPs sent at a time after becoming MASTER.', { default: 5 }),
    val('garp_master_refresh_repeat', A.int(0), 'GARPs sent at a time while MASTER.', { default: 1 }),
    val(
      'garp_lower_prio_delay',
      A.secs(0, 4294),
      'Delay for GARPs after a lower priority advert while MASTER.',
    ),
    val('garp_lower_prio_repeat', A.int(0), 'GARPs sent after a lower priority advert while MASTER.'),
    val('down_timer_adverts', A.int(1, 100), 'Adverts missed before master down (RFC: 3).', { default: 3 }),
    val('garp_extra_if', [A.str(), A.int(0, 86400)], 'Periodic GARP/NA on VIP interfaces: [all] SECS.', {
      min: 1,
    }),
    val('vmac_garp_intvl', [A.str(), A.int(0, 86400)], 'Periodic GARP/NA on VIP interfaces.', {
      min: 1,
      deprecated: 'use garp_extra_if',
      deprecationReported: true,
      aliasOf: 'garp_extra_if',
    }),
    flagBool('lower_prio_no_advert', "Don't send an advert after receiving a lower priority advert."),
    flagBool('higher_prio_send_advert', 'Send an advert before yielding to a higher priority advert.'),
    val('kernel_rx_buf_size', A.int(0), 'Socket receive buffer size.'),
    keywordBlock('authentication', 'VRRPv2 authentication (non-compliant since RFC 3768).'),
  ],
);

/** Keywords inside `authentication { … }`. */
export const AUTHENTICATION_KEYWORDS: KeywordSpec[] = inContexts(
  ['authentication'],
  [
    val('auth_type', A.oneOf(['PASS', 'AH']), 'Authentication type.'),
    val('auth_pass', A.str(), 'Password (only the first 8 characters are used).'),
  ],
);

/** Keywords inside `vrrp_script NAME { … }`. */
export const VRRP_SCRIPT_KEYWORDS: KeywordSpec[] = inContexts(
  ['vrrp_script'],
  [
    val('script', A.script(), 'Command to run, with its parameters.', { rest: A.script() }),
    val('interval', A.secs(1, 4294), 'Seconds between runs.', { default: 1000 }),
    val(
      'timeout',
      A.secs(0, 4294),
      'Seconds after which the script is considered failed (default: interval).',
    ),
    val('weight', [A.int(-253, 253), A.oneOf(['reverse'])], 'Priority adjustment.', { min: 1, default: 0 }),
    val('rise', A.int(1), 'Successes needed for OK.', { default: 1 }),
    val('fall', A.int(1), 'Failures needed for KO.', { default: 1 }),
    val('user', [A.user(), A.group()], 'User/group the script runs as.', { min: 1 }),
    flag('init_fail', 'Assume the script starts in failed state.'),
  ],
);

/** Keywords inside `vrrp_sync_group NAME { … }`. */
export const VRRP_SYNC_GROUP_KEYWORDS: KeywordSpec[] = inContexts(
  ['vrrp_sync_group'],
  [
    valueBlock('group', 'Names of member vrrp_instances.'),
    valueBlock('track_interface', 'Tracked interfaces for the whole group.'),
    valueBlock('track_script', 'Tracked vrrp_scripts for the whole group.'),
    valueBlock('track_file', 'Tracked track_files for the whole group.'),
    valueBlock('track_process', 'Tracked processes for the whole group.'),
    valueBlock('track_bfd', 'Tracked BFD instances for the whole group.'),
    scriptVal('notify_backup', 'Script run when the group goes BACKUP.'),
    scriptVal('notify_master', 'Script run when the group goes MASTER.'),
    scriptVal('notify_fault', 'Script run when the group goes FAULT.'),
    scriptVal('notify_stop', 'Script run when the group stops.'),
    scriptVal('notify', 'Script run on any group transition.'),
    flagBool('smtp_alert', 'Send email on group transitions.'),
    flag('global_tracking', 'Use the same tracking for all members.', {
      deprecated: 'use track_* on the sync group',
      deprecationReported: true,
    }),
    flag('sync_group_tracking_weight', 'Allow members to use differing tracking weights.'),
    flagBool('notify_priority_changes', 'Send priority changes on notify FIFOs.'),
  ],
);

/** Keywords inside `garp_group { … }`. */
export const GARP_GROUP_KEYWORDS: KeywordSpec[] = inContexts(
  ['garp_group'],
  [
    val('garp_interval', A.timer(0), 'Interval between gratuitous ARPs.'),
    val('gna_interval', A.timer(0), 'Interval between unsolicited NAs.'),
    val('interface', A.iface(), 'Interface the intervals apply to.'),
    valueBlock('interfaces', 'Interfaces across which the intervals are aggregated.'),
  ],
);

/** Keywords inside `vrrp_track_process NAME { … }`. */
export const TRACK_PROCESS_KEYWORDS: KeywordSpec[] = inContexts(
  ['vrrp_track_process'],
  [
    val('process', A.str(), 'Process name and optional parameters to match.', { rest: A.str() }),
    val('param_match', A.oneOf(['initial', 'partial']), 'How parameters are matched (exact by default).', {
      min: 0,
    }),
    val('weight', [A.int(-254, 254), A.oneOf(['reverse'])], 'Priority adjustment.', { min: 1, default: 1 }),
    val('quorum', A.int(1, 65535), 'Minimum number of processes.', { default: 1 }),
    val('quorum_max', A.int(0, 65535), 'Maximum number of processes.'),
    val('delay', A.timer(0.000001, 3600), 'Sets fork_delay and terminate_delay.'),
    val('terminate_delay', A.timer(0.000001, 3600), 'Delay after quorum lost before down.'),
    val('fork_delay', A.timer(0.000001, 3600), 'Delay after quorum gained by fork before up.'),
    flag('full_command', 'Match the full command line.'),
  ],
);
