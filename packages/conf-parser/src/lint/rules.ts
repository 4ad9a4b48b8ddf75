/**
 * Every diagnostic code the linter emits, with its severity, how `keepalived -t` treats the
 * same configuration, a one-line summary and a hint. Codes are stable and never reused.
 *
 * - `KA5xx`: checks keepalived applies after parsing (config completion), reproduced for parity.
 * - `HA1xx`: `@ha` lints of one node's configuration; some are also keepalived errors (their
 *   `keepalived` level says so), the rest are silent in keepalived.
 * - `HA2xx`: cluster lints across the configurations of several nodes.
 *
 * @module
 */
import type { KeepalivedLevel, Severity } from '../types.js';

/** Documentation of one diagnostic code. */
export interface LintRule {
  /** Stable code. */
  code: string;
  /** Severity for `@ha` users. */
  severity: Severity;
  /** How `keepalived -t` treats it (`none`: keepalived is silent). */
  keepalived: KeepalivedLevel;
  /** One-line summary of the problem. */
  summary: string;
  /** What to do about it. */
  hint: string;
  /** True when the verdict depends on the host (interfaces, files). */
  hostDependent?: boolean;
  /** True when keepalived exits 6 (script security) rather than 5 for it. */
  security?: boolean;
}

function rule(
  code: string,
  severity: Severity,
  keepalived: KeepalivedLevel,
  summary: string,
  hint: string,
  extra: { hostDependent?: boolean; security?: boolean } = {},
): LintRule {
  return { code, severity, keepalived, summary, hint, ...extra };
}

/** All rules, in code order. */
export const RULES: readonly LintRule[] = [
  rule(
    'KA501',
    'error',
    'error',
    'vrrp_instance has no interface',
    'Add `interface NAME`; keepalived drops the instance.',
  ),
  rule(
    'KA502',
    'error',
    'error',
    'interface of a vrrp_instance does not exist on this host',
    'Check the name (`ip link`); keepalived -t fails while the interface is absent.',
    { hostDependent: true },
  ),
  rule(
    'KA503',
    'error',
    'error',
    'loopback interface used for VRRP',
    'VRRP cannot run on `lo`; use a real interface.',
  ),
  rule(
    'KA504',
    'error',
    'error',
    'virtual_router_id missing or invalid',
    'Set `virtual_router_id` to 1-255, the same on every node of the virtual router.',
  ),
  rule(
    'KA505',
    'error',
    'error',
    'vrrp_instance has no (valid) virtual IP address',
    'Add at least one address to `virtual_ipaddress` (`no_virtual_ipaddress` is unknown to keepalived 2.2.7).',
  ),
  rule(
    'KA506',
    'error',
    'error',
    'virtual IP of the other address family',
    'All VIPs of an instance share its family; move it to `virtual_ipaddress_excluded` or another instance.',
  ),
  rule(
    'KA507',
    'error',
    'error',
    'strict mode: state MASTER without priority 255',
    'In strict mode only the address owner (priority 255) may start as MASTER; use `state BACKUP`.',
  ),
  rule(
    'KA508',
    'error',
    'error',
    'AH authentication with initial state MASTER',
    'keepalived clears `state MASTER` with AH; use `state BACKUP` (AH is deprecated anyway).',
  ),
  rule(
    'KA509',
    'error',
    'error',
    'VRRPv3 advert_int above 40.95 s',
    'VRRPv3 carries the interval in centiseconds (12 bits); keepalived clamps it to 40.95 s.',
  ),
  rule('KA510', 'error', 'error', 'vrrp_instance defined twice', 'Give every vrrp_instance a distinct name.'),
  rule(
    'KA511',
    'error',
    'error',
    'vrrp_script without `script`',
    'Add `script "COMMAND"`; keepalived removes the script and every track_script reference to it.',
  ),
  rule(
    'KA512',
    'error',
    'error',
    'virtual_server has no (valid) real_server',
    'Add a `real_server` block; keepalived ignores the virtual server.',
  ),
  rule(
    'KA513',
    'error',
    'error',
    'MISC_CHECK without misc_path',
    'Add `misc_path "COMMAND"`; the checker is skipped.',
  ),
  rule(
    'KA514',
    'error',
    'error',
    'virtual_server_group has no valid entry',
    'Fix the entries (`IP[-LAST] PORT`, `fwmark N`); keepalived removes an empty group.',
  ),
  rule(
    'KA515',
    'error',
    'error',
    'tracked or referenced interface does not exist on this host',
    'Check the name (`ip link`); keepalived -t fails while the interface is absent.',
    { hostDependent: true },
  ),
  rule(
    'KA516',
    'error',
    'error',
    'tracker weight ignored in a sync group',
    'Members of a sync group cannot use tracker weights unless the group sets `sync_group_tracking_weight`.',
  ),
  rule(
    'KA517',
    'error',
    'error',
    'virtual_server without lb_algo, lb_kind or protocol',
    'Set `lb_algo`, `lb_kind` and `protocol` explicitly; keepalived falls back to wlc / NAT / UDP and says so.',
  ),
  rule(
    'KA518',
    'error',
    'error',
    'protocol given for a fwmark virtual_server',
    'A fwmark service has no protocol; remove `protocol`.',
  ),
  rule(
    'KA519',
    'error',
    'error',
    'tracked script not found or not executable on this host',
    'Install the script or fix its path; keepalived disables the track_script.',
    { hostDependent: true },
  ),
  rule(
    'KA520',
    'error',
    'error',
    'vrrp_sync_group with fewer than two instances',
    'A sync group is only useful with two or more instances.',
  ),
  rule(
    'KA521',
    'error',
    'error',
    'invalid IP address',
    'Use a valid IPv4 or IPv6 address; keepalived skips the line.',
  ),
  rule(
    'KA522',
    'error',
    'error',
    'tracker weight out of range',
    'Tracker weights are -253..253 (track_file / track_process: -254..254).',
  ),
  rule(
    'KA523',
    'error',
    'error',
    'block without a name',
    'vrrp_instance, vrrp_script and vrrp_sync_group need a name.',
  ),
  rule(
    'KA524',
    'warning',
    'error',
    'auth_pass longer than 8 characters',
    'Only the first 8 characters are used (keepalived truncates and says so); shorten it.',
  ),
  rule(
    'KA525',
    'error',
    'error',
    'accept with strict VRRPv2',
    'RFC 3768 has no accept mode; strict mode resets `accept` for VRRPv2. Use version 3 or drop strict.',
  ),
  rule(
    'KA526',
    'error',
    'error',
    'real_server of the other address family',
    'Only tunnelled (TUN) real servers may differ in family from the virtual server; keepalived skips it.',
  ),
  rule(
    'KA527',
    'error',
    'error',
    'track_interface names the instance’s own interface',
    'The own interface is always tracked; remove it from track_interface.',
  ),
  rule(
    'HA101',
    'error',
    'error',
    'vrrp_strict with authentication',
    'Strict mode drops `authentication`; a non-strict peer still sends PASS/AH, so both reject each other and both become MASTER. Remove authentication everywhere (or use strict nowhere).',
  ),
  rule(
    'HA102',
    'warning',
    'error',
    'nopreempt with state MASTER is ignored',
    'keepalived clears nopreempt when the initial state is MASTER; use `state BACKUP` on every node.',
  ),
  rule(
    'HA103',
    'warning',
    'error',
    'nopreempt with priority 255 is ignored',
    'The address owner always preempts; lower the priority below 255 to use nopreempt.',
  ),
  rule(
    'HA104',
    'warning',
    'error',
    'preempt_delay is ignored',
    'preempt_delay only works with `state BACKUP`, without nopreempt and outside strict mode.',
  ),
  rule(
    'HA105',
    'warning',
    'none',
    'vrrp_strict makes VIPs unreachable (no_accept)',
    'Strict mode implies no_accept: packets to the VIPs are dropped unless priority is 255. Add `accept` if clients must reach the VIPs.',
  ),
  rule(
    'HA106',
    'warning',
    'error',
    'VRRPv2 advert_int is not an integer',
    'VRRPv2 carries whole seconds; keepalived rounds. Use an integer or `version 3`.',
  ),
  rule(
    'HA107',
    'error',
    'error',
    'two instances use the same VRID on one interface',
    'Each virtual router on a link needs its own VRID (unless both are unicast with disjoint peers).',
  ),
  rule(
    'HA108',
    'error',
    'error',
    'unicast configured without any peer',
    'keepalived silently falls back to multicast; list the peers in `unicast_peer` (or set unicast_fault_no_peer).',
  ),
  rule(
    'HA109',
    'warning',
    'none',
    'real_server without a health checker',
    'Without a checker the real server is always considered up; add TCP_CHECK, HTTP_GET, ….',
  ),
  rule(
    'HA110',
    'error',
    'none',
    'virtual_server references an undefined virtual_server_group',
    'Define `virtual_server_group NAME { … }`; keepalived silently configures nothing.',
  ),
  rule(
    'HA111',
    'error',
    'error',
    'track_script references an undefined vrrp_script',
    'Define the vrrp_script or fix the name; the reference is ignored.',
  ),
  rule(
    'HA112',
    'error',
    'error',
    'vrrp_sync_group references an undefined vrrp_instance',
    'Fix the instance name; the member is ignored.',
  ),
  rule(
    'HA113',
    'warning',
    'error',
    'authentication with VRRPv3 is ignored',
    'VRRPv3 has no authentication; remove the block or use version 2.',
  ),
  rule(
    'HA114',
    'warning',
    'none',
    'the same VIP is in two vrrp_instances',
    'Two instances managing one address fight over it; keep each VIP in one instance.',
  ),
  rule(
    'HA115',
    'info',
    'none',
    'IPv6 VIPs in a VRRPv2 instance',
    'VRRPv2 has no IPv6; keepalived silently runs the instance as VRRPv3. Set `version 3` to say so.',
  ),
  rule(
    'HA116',
    'warning',
    'none',
    'vrrp_strict with unicast',
    'RFC-strict VRRP is multicast only (keepalived.conf(5)); strict peers may reject unicast adverts.',
  ),
  rule(
    'HA117',
    'warning',
    'error',
    'scripts configured without enable_script_security',
    'Add `enable_script_security` (and `script_user`) to global_defs; keepalived -t exits 6 otherwise.',
    { security: true },
  ),
  rule(
    'HA118',
    'error',
    'error',
    'HTTP_GET / SSL_GET without url',
    'Add a `url { path …; status_code … }` block; keepalived 2.2.7 -t crashes (SIGSEGV) on this.',
  ),
  rule(
    'HA119',
    'warning',
    'none',
    'unicast_peer lists the node itself',
    'Remove the unicast_src_ip from unicast_peer: the node would send adverts to itself.',
  ),
  rule(
    'HA201',
    'error',
    'none',
    'same-named instances use different VRIDs',
    'Nodes of one virtual router must use the same virtual_router_id.',
  ),
  rule(
    'HA202',
    'error',
    'none',
    'VRRP version differs between nodes',
    'Use the same `version` on every node.',
  ),
  rule(
    'HA203',
    'error',
    'none',
    'advert_int differs between nodes',
    'keepalived drops adverts with another interval; use the same advert_int everywhere.',
  ),
  rule(
    'HA204',
    'error',
    'none',
    'authentication differs between nodes',
    'Adverts with other auth are dropped, so each node becomes MASTER (split brain).',
  ),
  rule(
    'HA205',
    'error',
    'none',
    'VIP lists differ between nodes',
    'keepalived drops adverts whose address list differs from its own ("ip address associated with VRID not present in MASTER advert"), so each node stays MASTER: split brain. Use the same virtual_ipaddress list on every node.',
  ),
  rule(
    'HA206',
    'warning',
    'none',
    'equal priorities',
    'With equal priorities the higher primary IP wins; give every node a distinct priority.',
  ),
  rule(
    'HA207',
    'warning',
    'none',
    'several nodes start as MASTER',
    'Only one node should be `state MASTER` (ideally none: use BACKUP and priorities).',
  ),
  rule(
    'HA208',
    'error',
    'none',
    'unicast peers do not point at each other',
    'Each node must list the other nodes’ unicast_src_ip in unicast_peer.',
  ),
  rule(
    'HA209',
    'error',
    'none',
    'strict mode on some nodes only',
    'A strict node drops the others’ authenticated or unicast adverts; use the same mode everywhere.',
  ),
  rule(
    'HA210',
    'info',
    'none',
    'instance has no counterpart on the other nodes',
    'Matched by name, then by VRID and interface; check the name and VRID.',
  ),
  rule(
    'HA211',
    'warning',
    'none',
    'nopreempt only on a lower-priority node',
    'nopreempt must be set on the higher-priority node to stop it taking the MASTER role back.',
  ),
  rule(
    'HA212',
    'error',
    'none',
    'unicast on some nodes, multicast on others',
    'Use unicast (with peers) on every node or on none.',
  ),
  rule(
    'HA213',
    'error',
    'none',
    'the same VIP belongs to different virtual routers',
    'Two virtual routers (different VRIDs / names) each elect a MASTER for the address: split brain. Manage each VIP in one virtual router.',
  ),
];

/** Rules by code. */
export const RULE_BY_CODE: ReadonlyMap<string, LintRule> = new Map(RULES.map((r) => [r.code, r]));

/**
 * Codes for which keepalived exits 6 (its "security" class) instead of 5: scripts without
 * `enable_script_security`, and the preprocessor's failed `includem`/`includew`/… check (KA011;
 * `includem` of a missing file exits 6 in 2.2.7).
 */
export const SECURITY_CODES: ReadonlySet<string> = new Set([
  ...RULES.filter((r) => r.security).map((r) => r.code),
  'KA011',
]);
