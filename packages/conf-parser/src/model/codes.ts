/**
 * Diagnostic codes of the typed model (`KM` range). Each code has a fixed meaning and a
 * keepalived level taken from running `keepalived -t` (Debian keepalived 2.2.7) on a config
 * that contains the problem; the messages keepalived printed are quoted next to each code.
 *
 * Exit codes observed: 0 ok, 5 config errors; a missing parameter makes keepalived exit
 * immediately with status 2 (KEEPALIVED_EXIT_CONFIG), which this package reports as `fatal`.
 *
 * @module
 */
import type { KeepalivedLevel, Severity } from '../types.js';

/** How a KM code is reported. */
export interface ModelCodeInfo {
  /** Severity for users of this package. */
  severity: Severity;
  /** How `keepalived -t` treats it (default for the code; a few uses override it). */
  keepalived: KeepalivedLevel;
  /** What the code means. */
  title: string;
}

/** Every KM code. */
export const MODEL_CODES = {
  /**
   * Unknown keyword. keepalived: `Unknown keyword 'foo_bar'` → exit 5. A keyword that opens a
   * block also gets `Unexpected '{' - ignoring` and its contents are reported as unknown too.
   */
  KM001: { severity: 'error', keepalived: 'error', title: 'unknown keyword' },
  /**
   * Keyword known elsewhere but not valid in this block (e.g. `priority` in global_defs).
   * keepalived: `Unknown keyword 'priority'` → exit 5.
   */
  KM002: { severity: 'error', keepalived: 'error', title: 'keyword not valid in this block' },
  /**
   * Missing parameter. keepalived: `*** Configuration line starting `priority` is missing a
   * parameter after keyword `priority` at word position 2` and exits with status 2. Keywords whose
   * handler checks the word count first report it and go on (`routerid name missing - ignoring`
   * → exit 5, level `error`) or ignore the line (level `none`); see `schema/missing-arg.ts`.
   */
  KM003: { severity: 'error', keepalived: 'fatal', title: 'missing parameter' },
  /** Invalid number. keepalived: `invalid number 'abc'` (+ handler message) → exit 5. */
  KM004: { severity: 'error', keepalived: 'error', title: 'invalid number' },
  /**
   * Number out of range. keepalived: `number '0' outside range [1, 255]`, `(V): VRID '0' not valid
   * - must be between 1 & 255`, `(V) Priority not valid! must be between 1 & 255. Using default
   * 100`, `number '300' outside range [0.010000, 255.000000]` (advert_int) → exit 5.
   */
  KM005: { severity: 'error', keepalived: 'error', title: 'number out of range' },
  /**
   * Invalid boolean. keepalived: `Invalid value 'maybe' for global smtp_alert specified`,
   * `(V) invalid strict_mode maybe specified` → exit 5.
   */
  KM006: { severity: 'error', keepalived: 'error', title: 'invalid boolean' },
  /**
   * Invalid enumerated value. keepalived: `(V) unknown state 'FOO', defaulting to BACKUP`,
   * `(V) unknown authentication type 'FOO'`, `Invalid lvs_scheduler 'foo' - ignoring` → exit 5.
   */
  KM007: { severity: 'error', keepalived: 'error', title: 'invalid value' },
  /**
   * Invalid IP address. keepalived: `VRRP parsed invalid IP 192.0.2.300/24. skipping IP...`,
   * `malformed unicast peer address[192.0.2.999]. Skipping...`, `Invalid virtual server IP
   * address/port 192.0.2.500/80 - skipping` → exit 5.
   */
  KM008: { severity: 'error', keepalived: 'error', title: 'invalid IP address' },
  /** Extra arguments. keepalived ignores them silently (`priority 100 200` → exit 0). */
  KM009: { severity: 'warning', keepalived: 'none', title: 'extra arguments ignored' },
  /**
   * Block shape mismatch. keepalived: `Missing '{' at beginning of configuration block` (block
   * keyword without braces) and `Unexpected '{' - ignoring` (braces after a non-block keyword)
   * → exit 5.
   */
  KM010: { severity: 'error', keepalived: 'error', title: 'block expected / unexpected block' },
  /**
   * A required setting is missing and keepalived applies a default or drops the object.
   * keepalived: `(V) the virtual router id must be set`; `Virtual server [..]:none:80: no
   * protocol set - defaulting to UDP`; `no scheduler set, setting default 'wlc'`; `no forwarding
   * method set, setting default NAT` → exit 5.
   */
  KM011: { severity: 'error', keepalived: 'error', title: 'required setting missing' },
  /**
   * Deprecated keyword. Silent in keepalived for most (lvs_flush_onstop, lvs_process_name,
   * *_rlimit_rtime, enable_snmp_keepalived, vrrp_track_file → exit 0); reported as errors for
   * some: `Keyword "vmac_garp_intvl" is deprecated - please use "garp_extra_if"`,
   * `nb_get_retry is deprecated - please use 'retry'`, `global_tracking is deprecated`,
   * `'linkbeat_use_polling' in vrrp instance deprecated`, `Specifying lvs_sync_daemon_interface
   * against a vrrp is deprecated` → exit 5 (the spec's `deprecationReported`).
   */
  KM012: { severity: 'warning', keepalived: 'none', title: 'deprecated keyword' },
  /**
   * Invalid line in a value block (bad weight, unknown option, missing option value).
   * keepalived: `Invalid scope 'bogus' specified for 192.0.2.7/24 - ignoring`, `No dev parameter
   * specified for 192.0.2.7/24`, `(V) track script s: weight must be between [-253..253]
   * inclusive, ignoring...` → exit 5.
   */
  KM013: { severity: 'error', keepalived: 'error', title: 'invalid value-block line' },
  /**
   * Block header without its name or target (`virtual_server {`, `real_server {`,
   * `vrrp_script {`, `track_file {`, `virtual_server_group {`, `vrrp_track_process {`).
   * keepalived: `*** Configuration line starting `virtual_server` is missing a parameter after
   * keyword `virtual_server` at word position 2` and exits with status 2; `bfd_instance {`
   * crashes keepalived 2.2.7 (SIGSEGV, exit 139).
   */
  KM014: { severity: 'error', keepalived: 'fatal', title: 'block name missing' },
  /**
   * advert_int adjusted for the VRRP version. keepalived: `(V) VRRPv2 advertisement interval
   * 1.500000s must be an integer. rounding`; `(V) VRRPv3 advertisement interval 45.00s is out of
   * range. Must be less than 40.96s. Setting to 40.95s` → exit 5.
   */
  KM015: { severity: 'error', keepalived: 'error', title: 'advert_int adjusted for the VRRP version' },
  /**
   * Keyword documented in the 2.2.7 man page but not registered by keepalived 2.2.7 (FILE_CHECK
   * `dynamic`). keepalived: `Unknown keyword 'dynamic'` → exit 5.
   */
  KM016: { severity: 'error', keepalived: 'error', title: 'documented keyword unknown to keepalived 2.2.7' },
  /**
   * Option that does not apply where it is written; keepalived ignores it. keepalived: `sh-port
   * only applies to sh scheduler - ignoring`, `Ignoring sorry_server inhibit used before or without
   * sorry_server`, `sorry_server forwarding used without sorry_server` → exit 5.
   */
  KM018: { severity: 'error', keepalived: 'error', title: 'option does not apply here' },
  /**
   * Block without its name that keepalived skips: `vrrp_instance must have a name`,
   * `vrrp_sync_group must have a name - skipping`, `track_group must have a name - skipping`
   * → exit 5.
   */
  KM019: { severity: 'error', keepalived: 'error', title: 'block name missing (block skipped)' },
  /**
   * Value block with words after its keyword. keepalived: `Block track_interface has extra
   * parameters d0 ...` → exit 5 (keyword blocks such as global_defs ignore extra words).
   */
  KM020: { severity: 'error', keepalived: 'error', title: 'value block with extra parameters' },
  /**
   * Duplicate name. keepalived: `vrrp instance V already defined` → exit 5.
   */
  KM017: { severity: 'error', keepalived: 'error', title: 'duplicate name' },
} as const satisfies Record<string, ModelCodeInfo>;

/** A KM diagnostic code. */
export type ModelCode = keyof typeof MODEL_CODES;

/**
 * Codes that come from keepalived's config-completion checks rather than from reading one
 * keyword. The linter performs those checks itself (KA5xx), so buildModel only reports these
 * when `completionChecks` is set; the defaults they describe are applied either way.
 */
export const COMPLETION_CODES: ReadonlySet<ModelCode> = new Set<ModelCode>(['KM011', 'KM015', 'KM017']);
