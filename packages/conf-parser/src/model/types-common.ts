/**
 * Model types shared by several blocks: scripts, tracking references, address lines.
 *
 * @module
 */
import type { Origin } from '../types.js';

/** A script keyword: `notify_master "/path arg" user group`. */
export interface ScriptRef {
  /** The command line as written (quotes removed). */
  command: string;
  /** User to run it as. */
  user?: string;
  /** Group to run it as. */
  group?: string;
  /** Where the keyword was. */
  origin: Origin;
}

/** One line of a track_interface / track_script / track_file / track_process / track_bfd block. */
export interface TrackRef {
  /** Name of the tracked interface, script, file, process or BFD instance. */
  name: string;
  /** Weight given on the line; `undefined` means "use the tracked object's default". */
  weight?: number;
  /** True when `reverse` was given. */
  reverse: boolean;
  /** Where the line was. */
  origin: Origin;
}

/** An address line of virtual_ipaddress, virtual_ipaddress_excluded or static_ipaddress. */
export interface VirtualIpAddress {
  /** Canonical address text (IPv6 compressed, lower case). */
  address: string;
  /** Address family. */
  family: 4 | 6;
  /** Prefix length (keepalived default: 32 for IPv4, 128 for IPv6). */
  prefix: number;
  /** `brd` value: an address, or `+`/`-` to set/clear host bits. */
  broadcast?: string;
  /** `dev` interface. */
  dev?: string;
  /** `scope` (site, link, host, nowhere, global or a number). */
  scope?: string;
  /** `label`. */
  label?: string;
  /** `peer` address. */
  peer?: string;
  /** `home` (IPv6 home address). */
  home: boolean;
  /** `-nodad`. */
  nodad: boolean;
  /** `mngtmpaddr`. */
  mngtmpaddr: boolean;
  /** `noprefixroute`. */
  noprefixroute: boolean;
  /** `autojoin`. */
  autojoin: boolean;
  /** `no_track`. */
  noTrack: boolean;
  /** `use_vmac` on the address line (optionally with an interface name). */
  useVmac?: string | true;
  /** `preferred_lft` in seconds, or `forever`. */
  preferredLft?: number | 'forever';
  /** `track_group` (static addresses only). */
  trackGroup?: string;
  /** Where the line was. */
  origin: Origin;
}

/** A route or rule line (ip route / ip rule syntax), kept as words with a few fields extracted. */
export interface IpRouteOrRule {
  /** The words of the line. */
  words: string[];
  /** `no_track` was given. */
  noTrack: boolean;
  /** `track_group NAME` (static routes/rules). */
  trackGroup?: string;
  /** `table` value when given. */
  table?: string;
  /** Where the line was. */
  origin: Origin;
}

/** A converted keyword argument. */
export type SettingValue = string | number | boolean;
