/**
 * LVS keywords: virtual_server_group, virtual_server, real_server and the global SSL block.
 *
 * @module
 */
import { A, flag, flagBool, inContexts, keywordBlock, scriptVal, val, valueBlock } from './builders.js';
import type { KeywordSpec } from './types.js';

/** IPVS schedulers keepalived 2.2.7 accepts. */
export const LVS_SCHEDULERS = [
  'rr',
  'wrr',
  'lc',
  'wlc',
  'lblc',
  'sh',
  'mh',
  'dh',
  'fo',
  'ovf',
  'lblcr',
  'sed',
  'nq',
  'twos',
] as const;

/** Names of the checker blocks. */
export const CHECKER_NAMES = [
  'HTTP_GET',
  'SSL_GET',
  'TCP_CHECK',
  'SMTP_CHECK',
  'MISC_CHECK',
  'DNS_CHECK',
  'UDP_CHECK',
  'PING_CHECK',
  'FILE_CHECK',
  'BFD_CHECK',
] as const;

const method = { synopsis: 'NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]', rest: A.str() };
const methodArg = A.oneOf(['NAT', 'DR', 'TUN']);

/** Top-level LVS blocks. */
export const LVS_ROOT_KEYWORDS: KeywordSpec[] = inContexts(
  ['root'],
  [
    keywordBlock('SSL', 'SSL context used by SSL_GET checkers.'),
    valueBlock('virtual_server_group', 'Addresses, ranges and fwmarks sharing one set of real servers.', {}, [
      A.name(),
    ]),
    keywordBlock(
      'virtual_server',
      'An IPVS virtual service: <IPADDR> [<PORT>] | fwmark <N> | group <NAME>.',
      {
        min: 1,
        max: 2,
        synopsis: '<IPADDR> [<PORT>] | fwmark <INTEGER> | group <STRING>',
      },
    ),
  ],
);

/** Keywords inside `SSL { … }`. */
export const SSL_KEYWORDS: KeywordSpec[] = inContexts(
  ['SSL'],
  [
    val('password', A.str(), 'Key password.'),
    val('ca', A.path(), 'CA file.'),
    val('certificate', A.path(), 'Certificate file.'),
    val('key', A.path(), 'Key file.'),
  ],
);

const checkerBlocks = CHECKER_NAMES.map((n) => keywordBlock(n, `A ${n} health checker.`));

/** Keywords valid in both virtual_server and real_server. */
const VS_RS_SHARED = [
  val('retry', A.int(1, 4294967295), 'Default checker retry count.'),
  val('delay_before_retry', A.timer(0), 'Default delay before a retry.'),
  val('warmup', A.timer(0), 'Default maximum random delay before the first check.'),
  val('connect_timeout', A.timer(0.000001), 'Default checker connection timeout.', { default: 5000 }),
  val('delay_loop', A.timer(0.000001), 'Default interval between checks.', { default: 60000 }),
  flagBool('smtp_alert', 'Send email on state changes.'),
  val('virtualhost', A.str(), 'Default Host header for HTTP_GET / SSL_GET.'),
  val('snmp_name', A.str(), 'Name returned in SNMP data.'),
];

/** Keywords inside `virtual_server … { … }`. */
export const VIRTUAL_SERVER_KEYWORDS: KeywordSpec[] = inContexts(
  ['virtual_server'],
  [
    val('ip_family', A.oneOf(['inet', 'inet6']), 'Address family of a fwmark service.'),
    ...VS_RS_SHARED,
    flag('inhibit_on_failure', 'Set weight 0 instead of removing failed real servers.'),
    val('lb_algo', A.oneOf(LVS_SCHEDULERS), 'IPVS scheduler.', { aliasOf: 'lvs_sched', default: 'wlc' }),
    val('lvs_sched', A.oneOf(LVS_SCHEDULERS), 'IPVS scheduler.', { default: 'wlc' }),
    flag('hashed', 'Set the hashed flag.'),
    flag('ops', 'One-packet scheduling (UDP).'),
    flag('flag-1', 'Scheduler flag 1.'),
    flag('flag-2', 'Scheduler flag 2.'),
    flag('flag-3', 'Scheduler flag 3.'),
    flag('sh-port', 'Include the port in sh hashing.'),
    flag('sh-fallback', 'sh: fall back to another server when the chosen one is unavailable.'),
    flag('mh-port', 'Include the port in mh hashing.'),
    flag('mh-fallback', 'mh: fall back to another server when the chosen one is unavailable.'),
    val('lb_kind', methodArg, 'Forwarding method.', { ...method, aliasOf: 'lvs_method', default: 'NAT' }),
    val('lvs_method', methodArg, 'Forwarding method.', { ...method, default: 'NAT' }),
    val('persistence_engine', A.str(), 'Persistence engine (sip).'),
    val('persistence_timeout', A.int(1, 2678400), 'Persistence timeout in seconds (360 when bare).', {
      min: 0,
      default: 360,
    }),
    val('persistence_granularity', A.str(), 'Persistence netmask (IPv4 mask or IPv6 prefix length).'),
    val('protocol', A.oneOf(['TCP', 'UDP', 'SCTP'], true), 'L4 protocol.'),
    flag('ha_suspend', 'Suspend checkers while the virtual address is absent.'),
    flag('alpha', 'Start with all real servers down (arguments are ignored).', { max: 1 }),
    flag('omega', 'Run down notifiers at shutdown (arguments are ignored).', { max: 1 }),
    scriptVal('quorum_up', 'Script run when quorum is gained.'),
    scriptVal('quorum_down', 'Script run when quorum is lost.'),
    val('quorum', A.int(1, 4294967295), 'Minimum total weight of live servers.', { default: 1 }),
    val('hysteresis', A.int(0, 4294967295), 'Quorum flap dampener.', { default: 0 }),
    val('weight', A.int(1, 2147483647), 'Weight of the virtual server when used in a group.', { default: 1 }),
    val('sorry_server', [A.ip(), A.int(0, 65535)], 'Server used when quorum is lost.', { min: 1 }),
    flag('sorry_server_inhibit', 'Apply inhibit_on_failure to the sorry server.'),
    val('sorry_server_lvs_method', methodArg, 'Forwarding method of the sorry server.', method),
    keywordBlock('real_server', 'A real server: <IPADDR> [<PORT>].', { min: 1, max: 2 }, [
      A.ip(),
      A.int(0, 65535),
    ]),
  ],
);

/** Keywords inside `real_server … { … }`. */
export const REAL_SERVER_KEYWORDS: KeywordSpec[] = inContexts(
  ['real_server'],
  [
    val('weight', A.int(0, 2147483647), 'IPVS weight.', { default: 1 }),
    val('lvs_method', methodArg, 'Forwarding method (default: the virtual server’s).', method),
    val('uthreshold', A.int(0, 4294967295), 'Maximum connections.'),
    val('lthreshold', A.int(0, 4294967295), 'Minimum connections.'),
    flagBool('inhibit_on_failure', 'Set weight 0 instead of removing on failure.'),
    scriptVal('notify_up', 'Script run when the server comes up.'),
    scriptVal('notify_down', 'Script run when the server goes down.'),
    flagBool('alpha', 'Start the server down.'),
    ...VS_RS_SHARED,
    ...checkerBlocks,
  ],
);
