/**
 * Types of the keyword schema: what a keepalived keyword is, where it may appear and what its
 * arguments look like.
 *
 * @module
 */

/** How a keyword is used. */
export type KeywordKind =
  /** Opens a `{ … }` block whose lines are themselves registered keywords (vrrp_instance, url, …). */
  | 'keyword-block'
  /** Opens a `{ … }` block of free-form lines (virtual_ipaddress, track_script, group, …). */
  | 'value-block'
  /** A statement with one or more arguments. */
  | 'value'
  /** A statement that may stand alone; some flags also accept an optional `<BOOL>`. */
  | 'flag';

/** An integer argument. */
export interface IntArg {
  /** Discriminant. */
  type: 'int';
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
}

/** A decimal number that is not a duration. */
export interface DecimalArg {
  /** Discriminant. */
  type: 'decimal';
  /** Smallest accepted value (inclusive). */
  min?: number;
  /** Largest accepted value (inclusive). */
  max?: number;
}

/** A duration written in seconds (fractions allowed, µs resolution); converted to milliseconds. */
export interface TimerArg {
  /** Discriminant. */
  type: 'timer';
  /** Smallest accepted value in seconds (inclusive). */
  min?: number;
  /** Largest accepted value in seconds (inclusive). */
  max?: number;
  /** Unit the value is written in; `s` unless stated (BFD intervals are in ms). */
  unit?: 's' | 'ms';
  /** True when keepalived reads whole seconds only (`read_unsigned_strvec`). */
  integer?: boolean;
}

/** `on|off|true|false|yes|no`. */
export interface BoolArg {
  /** Discriminant. */
  type: 'bool';
}

/** One of a fixed set of words. */
export interface EnumArg {
  /** Discriminant. */
  type: 'enum';
  /** Accepted words. */
  values: readonly string[];
  /** True when keepalived compares without regard to case. */
  caseInsensitive?: boolean;
}

/** An IPv4 or IPv6 address (no prefix). */
export interface IpArg {
  /** Discriminant. */
  type: 'ip';
  /** Restrict to one family. */
  family?: 4 | 6;
}

/** An address with an optional `/prefix`. */
export interface PrefixArg {
  /** Discriminant. */
  type: 'prefix';
}

/** Free text of a given flavour; not validated beyond presence. */
export interface TextArg {
  /** Discriminant. */
  type: 'string' | 'path' | 'interface' | 'name' | 'script' | 'hex' | 'user' | 'group' | 'host';
}

/** The type of one argument. */
export type ArgType = IntArg | DecimalArg | TimerArg | BoolArg | EnumArg | IpArg | PrefixArg | TextArg;

/** The arguments a keyword takes. */
export interface ArgsSpec {
  /** Fewest arguments keepalived accepts. */
  min: number;
  /** Most arguments keepalived reads (`Infinity` for open-ended lists). */
  max: number;
  /** Types of positional arguments, in order. */
  types: readonly ArgType[];
  /** Type of arguments past `types` (for open-ended lists). */
  rest?: ArgType;
  /** Human-readable synopsis as in the man page, e.g. `<INTEGER:1..255>`. */
  synopsis?: string;
}

/** One keyword in one or more block contexts. */
export interface KeywordSpec {
  /** The keyword as written. */
  name: string;
  /** Block contexts (the opening keyword of the enclosing block, or `root`) where it is valid. */
  contexts: readonly string[];
  /** How the keyword is used. */
  kind: KeywordKind;
  /** For `keyword-block`: the context its children are looked up in (defaults to `name`). */
  opens?: string;
  /** Argument specification. */
  args: ArgsSpec;
  /** Default when absent, in converted units (timers in ms). */
  default?: string | number | boolean;
  /** Set when keepalived still accepts the keyword but it is deprecated; says what to use. */
  deprecated?: string;
  /** True when `keepalived -t` reports the deprecation as a configuration error (exit 5). */
  deprecationReported?: boolean;
  /** Canonical keyword this one is a synonym of. */
  aliasOf?: string;
  /**
   * Set when the man page documents the keyword but keepalived 2.2.7 does not register it, so
   * `keepalived -t` reports it as an unknown keyword.
   */
  unsupported?: string;
  /** One-line description. */
  doc: string;
}
