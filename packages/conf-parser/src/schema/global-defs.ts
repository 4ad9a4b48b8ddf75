/**
 * Keywords of `global_defs` and the global keywords that keepalived accepts at the top level.
 *
 * @module
 */
import { A, flag, flagBool, inContexts, keywordBlock, scriptVal, val, valueBlock } from './builders.js';
import type { KeywordSpec } from './types.js';

const fifo = [A.path(), A.user(), A.group()] as const;
const bufs = A.int(0, 4294967295);
const nice = A.int(-20, 19);
const rt = A.int(1, 99);

/** Global keywords valid at the top level, outside any block. */
export const ROOT_GLOBAL_KEYWORDS: KeywordSpec[] = inContexts(
  ['root'],
  [
    keywordBlock('global_defs', 'Global definitions.'),
    val(
      'include',
      A.path(),
      'Include files matching a glob (no errors if none match); done by the preprocessor.',
    ),
    val('includer', A.path(), 'include, with include_check readable.'),
    val('includem', A.path(), 'include, with include_check match.'),
    val('includew', A.path(), 'include, with include_check wildcard_match.'),
    val('includeb', A.path(), 'include, with include_check brace_match.'),
    val('includea', A.path(), 'include, with all include_check checks.'),
    flag('linkbeat_use_polling', 'Poll interfaces (MII/ETHTOOL/ioctl) for link state instead of netlink.'),
    val(
      'net_namespace',
      A.name(),
      'Run keepalived in the named network namespace (not changeable on reload).',
    ),
    val(
      'net_namespace_ipvs',
      A.name(),
      'Network namespace for IPVS configuration (default namespace if omitted).',
      {
        min: 0,
      },
    ),
    flag('namespace_with_ipsets', 'Allow ipsets with a namespace on kernels before 3.13.'),
    flag('use_pid_dir', 'Create pid files in /run/keepalived.'),
    val('instance', A.name(), 'Instance name used in pid file names (not changeable on reload).'),
    val('child_wait_time', A.int(0), 'Seconds the parent waits for children to exit on termination.', {
      default: 5,
    }),
  ],
);

/** Keywords inside `global_defs { … }`. */
export const GLOBAL_DEFS_KEYWORDS: KeywordSpec[] = inContexts(
  ['global_defs'],
  [
    flag(
      'process_names',
      'Set process names to keepalived, keepalived_vrrp, keepalived_ipvs, keepalived_bfd.',
    ),
    val('process_name', A.str(), 'Name of the parent process.'),
    val('vrrp_process_name', A.str(), 'Name of the VRRP child process.'),
    val('checker_process_name', A.str(), 'Name of the checker child process.'),
    val('lvs_process_name', A.str(), 'Name of the checker child process.', {
      deprecated: 'use checker_process_name',
      aliasOf: 'checker_process_name',
    }),
    val('bfd_process_name', A.str(), 'Name of the BFD child process.'),
    val('router_id', A.str(), 'String identifying this machine (default: host name).'),
    val('notification_email_from', A.str(), 'From address of notification emails.'),
    val(
      'smtp_server',
      [A.host(), A.int(1, 65535)],
      'SMTP server address or name, optional port (default 25).',
      {
        min: 1,
      },
    ),
    val('smtp_helo_name', A.str(), 'Name used in SMTP HELO (default: host name).'),
    val('smtp_connect_timeout', A.secs(0, 4294), 'SMTP server connection timeout in seconds.', {
      default: 30000,
    }),
    valueBlock('notification_email', 'Email addresses notifications are sent to, one per line.'),
    flagBool('smtp_alert', 'Default state of all smtp_alerts.'),
    val('startup_script', [A.script(), A.user(), A.group()], 'Script run once when keepalived starts.', {
      min: 1,
    }),
    val('startup_script_timeout', A.int(1, 1000), 'Seconds allowed for the startup script.', { default: 10 }),
    val('shutdown_script', [A.script(), A.user(), A.group()], 'Script run once when keepalived stops.', {
      min: 1,
    }),
    val('shutdown_script_timeout', A.int(1, 1000), 'Seconds allowed for the shutdown script.', {
      default: 10,
    }),
    val('max_auto_priority', A.int(-1, 99), 'Maximum automatic realtime priority increase (0 disables).', {
      min: 0,
      default: 0,
    }),
    val(
      'min_auto_priority_delay',
      A.int(1, 10000000),
      'Scheduling delay (µs) that triggers priority increase.',
      {
        default: 1000000,
      },
    ),
    flagBool('smtp_alert_vrrp', 'Default state of VRRP smtp_alerts.'),
    flagBool('smtp_alert_checker', 'Default state of checker smtp_alerts.'),
    flagBool('checker_log_all_failures', 'Log every failed real server check.'),
    val(
      'dynamic_interfaces',
      A.oneOf(['allow_if_changes']),
      'Allow interfaces that do not exist at startup.',
      {
        min: 0,
      },
    ),
    flag('no_email_faults', "Don't send smtp alerts for fault conditions."),
    val('default_interface', A.iface(), 'Default interface for static addresses.', { default: 'eth0' }),
    flag('disable_local_igmp', 'Disable IGMP reports for 224.0.0.0/24 (igmp_link_local_mcast_reports).'),
    val(
      'lvs_timeouts',
      [A.str()],
      'IPVS tcp/tcpfin/udp connection timeouts: [tcp SECS] [tcpfin SECS] [udp SECS].',
      {
        max: 6,
        rest: A.str(),
        synopsis: '[tcp SECS] [tcpfin SECS] [udp SECS]',
      },
    ),
    flag('lvs_flush', 'Flush existing LVS configuration at startup.'),
    val('lvs_flush_on_stop', A.oneOf(['VS']), 'Flush remaining LVS configuration at shutdown.', { min: 0 }),
    val('lvs_flush_onstop', A.oneOf(['VS']), 'Flush remaining LVS configuration at shutdown.', {
      min: 0,
      deprecated: 'use lvs_flush_on_stop',
      aliasOf: 'lvs_flush_on_stop',
    }),
    val(
      'lvs_sync_daemon',
      [A.iface()],
      'IPVS sync daemon: IF [[inst] VRRP] [id N] [maxlen N] [port N] [ttl N] [group IP].',
      {
        rest: A.str(),
        synopsis:
          '<INTERFACE> [[inst] <VRRP_INSTANCE>] [id <SYNC_ID>] [maxlen <LEN>] [port <PORT>] [ttl <TTL>] [group <IP>]',
      },
    ),
    val('vrrp_mcast_group4', A.ip(4), 'IPv4 multicast group for VRRP adverts.', { default: '224.0.0.18' }),
    val('vrrp_mcast_group6', A.ip(6), 'IPv6 multicast group for VRRP adverts.', { default: 'ff02::12' }),
    val(
      'vrrp_garp_master_delay',
      A.secs(0, 4294),
      'Delay before the second set of gratuitous ARPs after becoming MASTER.',
      {
        default: 5000,
      },
    ),
    val('vrrp_garp_master_repeat', A.int(0), 'Gratuitous ARPs sent at a time after becoming MASTER.', {
      default: 5,
    }),
    val(
      'vrrp_garp_master_refresh',
      A.secs(0),
      'Interval for refreshing gratuitous ARPs while MASTER (0 = none).',
      {
        default: 0,
      },
    ),
    val('vrrp_garp_master_refresh_repeat', A.int(0), 'Gratuitous ARPs sent at a time while MASTER.', {
      default: 1,
    }),
    val(
      'vrrp_garp_lower_prio_delay',
      A.secs(0, 4294),
      'Delay for GARPs after a lower priority advert when MASTER.',
    ),
    val('vrrp_garp_lower_prio_repeat', A.int(0), 'GARPs sent after a lower priority advert when MASTER.'),
    val('vrrp_down_timer_adverts', A.int(1, 100), 'Default down_timer_adverts.', { default: 3 }),
    val('vrrp_garp_interval', A.timer(0), 'Delay between gratuitous ARP messages on an interface.', {
      default: 0,
    }),
    val('vrrp_gna_interval', A.timer(0), 'Delay between unsolicited NA messages on an interface.', {
      default: 0,
    }),
    flagBool('vrrp_min_garp', 'Send one GARP/NA only, with no repeat 5 seconds later.'),
    val('vrrp_garp_extra_if', [A.str(), A.int(0, 86400)], 'Periodic GARP/NA on VIP interfaces: [all] SECS.', {
      min: 1,
      synopsis: '[all] <SECS>',
    }),
    val('vrrp_vmac_garp_intvl', [A.str(), A.int(0, 86400)], 'Periodic GARP/NA on VIP interfaces.', {
      min: 1,
      deprecated: 'use vrrp_garp_extra_if',
      deprecationReported: true,
      aliasOf: 'vrrp_garp_extra_if',
    }),
    flagBool('vrrp_lower_prio_no_advert', "Don't send an advert after receiving a lower priority advert."),
    flagBool('vrrp_higher_prio_send_advert', 'Send an advert before yielding to a higher priority advert.'),
    val('vrrp_version', A.int(2, 3), 'Default VRRP version (IPv6 instances always use 3).', { default: 2 }),
    val('vrrp_iptables', [A.str(), A.str()], 'Use iptables chains (default INPUT [OUTPUT]) for no_accept.', {
      min: 0,
    }),
    val('vrrp_ipsets', [A.str(), A.str(), A.str(), A.str(), A.str()], 'ipset names used with iptables.', {
      unsupported: 'not built into Debian keepalived 2.2.7 (no libipset)',
      min: 0,
    }),
    val('nftables', A.str(), 'Use nftables with the given table name (default keepalived).', { min: 0 }),
    val('nftables_priority', A.int(), 'Priority of keepalived nftables base chains.', { default: -1 }),
    flag('nftables_ifindex', 'Build IPv6 link-local nftables sets with ifindex.'),
    val('nftables_ipvs', A.str(), 'Use nftables to set fwmarks for virtual server groups.', { min: 0 }),
    val('nftables_ipvs_priority', A.int(), 'Priority of the IPVS nftables chains.'),
    val('nftables_ipvs_start_fwmark', A.int(1, 4294967295), 'First fwmark for virtual server groups.', {
      default: 1000,
    }),
    flag('nftables_counters', 'Add counters to nftables rules.'),
    flag('vrrp_check_unicast_src', 'Check that unicast adverts come from a configured peer.'),
    flag('vrrp_skip_check_adv_addr', "Don't check advert addresses when from the same master."),
    flag('vrrp_strict', 'Enforce strict VRRP protocol compliance.'),
    val('vrrp_priority', nice, 'Nice value of the VRRP process.'),
    flag('vrrp_no_swap', 'Make the VRRP process non-swappable.'),
    val('vrrp_rt_priority', rt, 'Realtime priority of the VRRP process.'),
    val('vrrp_cpu_affinity', A.int(0), 'CPUs the VRRP process may run on.', { rest: A.int(0) }),
    val('vrrp_rlimit_rttime', A.int(1), 'RLIMIT_RTTIME (µs) of the VRRP process.', { default: 10000 }),
    val('vrrp_rlimit_rtime', A.int(1), 'RLIMIT_RTTIME of the VRRP process.', {
      deprecated: 'use vrrp_rlimit_rttime',
      aliasOf: 'vrrp_rlimit_rttime',
    }),
    val('notify_fifo', fifo, 'FIFO receiving all notify events.', { min: 1 }),
    scriptVal('notify_fifo_script', 'Script reading notify_fifo.'),
    val('vrrp_notify_fifo', fifo, 'FIFO receiving VRRP notify events.', { min: 1 }),
    scriptVal('vrrp_notify_fifo_script', 'Script reading vrrp_notify_fifo.'),
    flagBool('vrrp_notify_priority_changes', 'Send priority changes on notify FIFOs.'),
    flag('fifo_write_vrrp_states_on_reload', 'Write VRRP states to FIFOs on reload.'),
    val('lvs_notify_fifo', fifo, 'FIFO receiving checker notify events.', { min: 1 }),
    scriptVal('lvs_notify_fifo_script', 'Script reading lvs_notify_fifo.'),
    val('checker_priority', nice, 'Nice value of the checker process.'),
    flag('checker_no_swap', 'Make the checker process non-swappable.'),
    val('checker_rt_priority', rt, 'Realtime priority of the checker process.'),
    val('checker_cpu_affinity', A.int(0), 'CPUs the checker process may run on.', { rest: A.int(0) }),
    val('checker_rlimit_rttime', A.int(1), 'RLIMIT_RTTIME (µs) of the checker process.', { default: 10000 }),
    val('checker_rlimit_rtime', A.int(1), 'RLIMIT_RTTIME of the checker process.', {
      deprecated: 'use checker_rlimit_rttime',
      aliasOf: 'checker_rlimit_rttime',
    }),
    val('bfd_priority', nice, 'Nice value of the BFD process.'),
    flag('bfd_no_swap', 'Make the BFD process non-swappable.'),
    val('bfd_rt_priority', rt, 'Realtime priority of the BFD process.'),
    val('bfd_cpu_affinity', A.int(0), 'CPUs the BFD process may run on.', { rest: A.int(0) }),
    val('bfd_rlimit_rttime', A.int(1), 'RLIMIT_RTTIME (µs) of the BFD process.', { default: 10000 }),
    val('bfd_rlimit_rtime', A.int(1), 'RLIMIT_RTTIME of the BFD process.', {
      deprecated: 'use bfd_rlimit_rttime',
      aliasOf: 'bfd_rlimit_rttime',
    }),
    val('snmp_socket', A.str(), 'Socket of the SNMP master agent.', { default: 'unix:/var/agentx/master' }),
    flag('enable_traps', 'Enable SNMP traps.'),
    flag('enable_snmp_vrrp', 'Enable the VRRP part of KEEPALIVED-MIB.'),
    flag('enable_snmp_keepalived', 'Enable the VRRP part of KEEPALIVED-MIB.', {
      deprecated: 'use enable_snmp_vrrp',
      aliasOf: 'enable_snmp_vrrp',
    }),
    flag('enable_snmp_rfc', 'Enable RFC2787 and RFC6527 VRRP MIBs.'),
    flag('enable_snmp_rfcv2', 'Enable the RFC2787 VRRP MIB.'),
    flag('enable_snmp_rfcv3', 'Enable the RFC6527 VRRP MIB.'),
    flag('enable_snmp_checker', 'Enable the checker part of KEEPALIVED-MIB.'),
    flag('enable_dbus', 'Enable the DBus interface.'),
    val('dbus_service_name', A.str(), 'DBus service name.', { default: 'org.keepalived.Vrrp1' }),
    val('script_user', [A.user(), A.group()], 'Default user/group scripts run as.', { min: 1 }),
    flag('enable_script_security', "Don't run root scripts whose path is writable by non-root users."),
    val('vrrp_netlink_cmd_rcv_bufs', bufs, 'Receive buffer of the VRRP netlink command socket.'),
    flagBool('vrrp_netlink_cmd_rcv_bufs_force', 'Use SO_RCVBUFFORCE for the VRRP netlink command socket.'),
    val('vrrp_netlink_monitor_rcv_bufs', bufs, 'Receive buffer of the VRRP netlink monitor socket.'),
    flagBool(
      'vrrp_netlink_monitor_rcv_bufs_force',
      'Use SO_RCVBUFFORCE for the VRRP netlink monitor socket.',
    ),
    val('process_monitor_rcv_bufs', bufs, 'Receive buffer of the process monitor socket.'),
    flagBool('process_monitor_rcv_bufs_force', 'Use SO_RCVBUFFORCE for the process monitor socket.'),
    val('lvs_netlink_cmd_rcv_bufs', bufs, 'Receive buffer of the checker netlink command socket.'),
    flagBool('lvs_netlink_cmd_rcv_bufs_force', 'Use SO_RCVBUFFORCE for the checker netlink command socket.'),
    val('lvs_netlink_monitor_rcv_bufs', bufs, 'Receive buffer of the checker netlink monitor socket.'),
    flagBool(
      'lvs_netlink_monitor_rcv_bufs_force',
      'Use SO_RCVBUFFORCE for the checker netlink monitor socket.',
    ),
    flag('rs_init_notifies', 'Send notifies at startup for real servers that are starting up.'),
    flag('no_checker_emails', 'Only email when a real server is added or removed.'),
    val('vrrp_rx_bufs_policy', A.str(), 'Receive buffer sizing of VRRP sockets: MTU, ADVERT or a number.', {
      synopsis: 'MTU|ADVERT|NUMBER',
    }),
    val('vrrp_rx_bufs_multiplier', A.int(1), 'Multiplier for vrrp_rx_bufs_policy.', { default: 3 }),
    val('vrrp_startup_delay', A.timer(0.001), 'Delay before VRRP instances start after keepalived starts.'),
    flag('log_unknown_vrids', 'Log adverts for VRIDs not configured on the interface.'),
    val('vmac_prefix', A.str(), 'Prefix of generated VMAC interface names.', { default: 'vrrp' }),
    val('vmac_addr_prefix', A.str(), 'Prefix of VMAC names for VIPs off the instance interface.'),
    val('umask', A.str(), 'umask for created files: number or IRUSR|IWGRP|… bits.', { rest: A.str() }),
    val('random_seed', A.int(0, 4294967295), 'Seed of the _RANDOM definition.'),
    val('reload_check_config', A.path(), 'Validate the configuration before a reload.', { min: 0 }),
    val('reload_time_file', A.path(), 'File holding a scheduled reload time.'),
    flag('reload_repeat', 'Keep the reload_time_file and reload daily.'),
    val('reload_file', A.path(), 'File present while keepalived reads its configuration.', { min: 0 }),
    val(
      'include_check',
      A.str(),
      'Checks on include files: [+|-]readable|match|wildcard_match|brace_match.',
      {
        min: 0,
        rest: A.str(),
      },
    ),
    val('config_save_dir', A.path(), 'Directory where configuration is saved around reloads.'),
    val('tmp_config_directory', A.path(), 'Directory for the consolidated configuration copy.'),
    flagBool('data_use_instance', 'Include instance name and namespace in .data file names.'),
  ],
);
