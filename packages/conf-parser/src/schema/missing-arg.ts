/**
 * How keepalived 2.2.7 reacts to a value keyword written without its parameter. For most
 * keywords the parser itself notices (`*** Configuration line starting … is missing a
 * parameter`) and `keepalived -t` stops at once with status 2. The keywords below have handlers
 * that check the word count first: they print their own message and go on (`routerid name
 * missing - ignoring` → exit 5), or ignore the line silently (exit 0). Recorded by running
 * `keepalived -t` on the keyword alone in each of its contexts
 * (`test/helpers/missing-arg-verdicts.json`).
 *
 * @module
 */
import type { KeepalivedLevel } from '../types.js';

/** `context|keyword` pairs whose handler reports the missing parameter and continues (exit 5). */
const REPORTED = [
  'root|net_namespace',
  'root|instance',
  'global_defs|router_id',
  'global_defs|notification_email_from',
  'global_defs|startup_script',
  'global_defs|startup_script_timeout',
  'global_defs|shutdown_script',
  'global_defs|shutdown_script_timeout',
  'global_defs|min_auto_priority_delay',
  'global_defs|default_interface',
  'global_defs|lvs_timeouts',
  'global_defs|lvs_sync_daemon',
  'global_defs|vrrp_garp_extra_if',
  'global_defs|vrrp_vmac_garp_intvl',
  'global_defs|vrrp_priority',
  'global_defs|vrrp_rt_priority',
  'global_defs|vrrp_cpu_affinity',
  'global_defs|notify_fifo',
  'global_defs|notify_fifo_script',
  'global_defs|vrrp_notify_fifo',
  'global_defs|vrrp_notify_fifo_script',
  'global_defs|lvs_notify_fifo',
  'global_defs|lvs_notify_fifo_script',
  'global_defs|checker_priority',
  'global_defs|checker_rt_priority',
  'global_defs|checker_cpu_affinity',
  'global_defs|bfd_priority',
  'global_defs|bfd_rt_priority',
  'global_defs|bfd_cpu_affinity',
  'global_defs|snmp_socket',
  'global_defs|dbus_service_name',
  'global_defs|script_user',
  'global_defs|vrrp_netlink_cmd_rcv_bufs',
  'global_defs|vrrp_netlink_monitor_rcv_bufs',
  'global_defs|process_monitor_rcv_bufs',
  'global_defs|lvs_netlink_cmd_rcv_bufs',
  'global_defs|lvs_netlink_monitor_rcv_bufs',
  'global_defs|vrrp_rx_bufs_policy',
  'global_defs|vrrp_rx_bufs_multiplier',
  'global_defs|reload_time_file',
  'global_defs|tmp_config_directory',
  'vrrp_instance|garp_extra_if',
  'vrrp_instance|vmac_garp_intvl',
  'vrrp_instance|kernel_rx_buf_size',
  'vrrp_track_process|weight',
  'SSL|password',
  'SSL|ca',
  'SSL|certificate',
  'SSL|key',
  'virtual_server|virtualhost',
  'virtual_server|snmp_name',
  'virtual_server|sorry_server_lvs_method',
  'real_server|virtualhost',
  'real_server|snmp_name',
  'HTTP_GET|virtualhost',
  'SSL_GET|virtualhost',
  'HTTP_GET|http_protocol',
  'SSL_GET|http_protocol',
  'url|virtualhost',
  'SMTP_CHECK|helo_name',
  'MISC_CHECK|user',
  'UDP_CHECK|payload',
  'track_file|file',
  'track_file|weight',
];

/** `context|keyword` pairs keepalived silently ignores when the parameter is missing (exit 0). */
const SILENT = [
  'global_defs|smtp_helo_name',
  'vrrp_script|script',
  'url|status_code',
  'url|regex',
  'url|regex_options',
  'url|regex_min_offset',
  'url|regex_max_offset',
  'url|regex_stack',
  'MISC_CHECK|misc_path',
];

const LEVELS = new Map<string, KeepalivedLevel>([
  ...REPORTED.map((k): [string, KeepalivedLevel] => [k, 'error']),
  ...SILENT.map((k): [string, KeepalivedLevel] => [k, 'none']),
]);

/**
 * The keepalived level of a value keyword used without its parameter in `context`: `error`
 * (reported, exit 5), `none` (ignored silently) or `fatal` (parsing aborted, exit 2 — the default).
 */
export function missingArgLevel(context: string, keyword: string): KeepalivedLevel {
  return LEVELS.get(`${context}|${keyword}`) ?? 'fatal';
}
