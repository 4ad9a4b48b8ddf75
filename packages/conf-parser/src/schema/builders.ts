/**
 * Small constructors that keep the keyword tables terse and uniform.
 *
 * @module
 */
import type { ArgsSpec, ArgType, EnumArg, IntArg, IpArg, KeywordSpec, TextArg, TimerArg } from './types.js';

/** A keyword spec before its contexts are attached. */
export type Entry = Omit<KeywordSpec, 'contexts'>;

/** Optional fields shared by every builder. */
export interface EntryOptions {
  /** Default value in converted units. */
  default?: string | number | boolean;
  /** Deprecation note. */
  deprecated?: string;
  /** Canonical keyword. */
  aliasOf?: string;
  /** keepalived -t reports the deprecation as a configuration error. */
  deprecationReported?: boolean;
  /** Documented but not registered by keepalived 2.2.7. */
  unsupported?: string;
  /** Context opened by a keyword block. */
  opens?: string;
  /** Override the minimum argument count. */
  min?: number;
  /** Override the maximum argument count. */
  max?: number;
  /** Type of arguments past the positional ones. */
  rest?: ArgType;
  /** Man-page synopsis of the arguments. */
  synopsis?: string;
}

/** Argument type constructors. */
export const A = {
  /** Integer in [min, max]. */
  int: (min?: number, max?: number): IntArg => ({ type: 'int', min, max }),
  /** Decimal number in [min, max]. */
  dec: (min?: number, max?: number): ArgType => ({ type: 'decimal', min, max }),
  /** Duration in seconds in [min, max], converted to ms. */
  timer: (min?: number, max?: number): TimerArg => ({ type: 'timer', min, max }),
  /** Duration in whole seconds in [min, max], converted to ms. */
  secs: (min?: number, max?: number): TimerArg => ({ type: 'timer', min, max, integer: true }),
  /** Duration written in milliseconds. */
  timerMs: (min?: number, max?: number): TimerArg => ({ type: 'timer', min, max, unit: 'ms' }),
  /** Boolean word. */
  bool: (): ArgType => ({ type: 'bool' }),
  /** One of the words (case-sensitive unless `ci`). */
  oneOf: (values: readonly string[], ci = false): EnumArg => ({ type: 'enum', values, caseInsensitive: ci }),
  /** IP address of any (or the given) family. */
  ip: (family?: 4 | 6): IpArg => ({ type: 'ip', family }),
  /** Address with optional prefix length. */
  prefix: (): ArgType => ({ type: 'prefix' }),
  /** Free string. */
  str: (): TextArg => ({ type: 'string' }),
  /** File system path. */
  path: (): TextArg => ({ type: 'path' }),
  /** Network interface name. */
  iface: (): TextArg => ({ type: 'interface' }),
  /** Name of another configuration object. */
  name: (): TextArg => ({ type: 'name' }),
  /** Script command line. */
  script: (): TextArg => ({ type: 'script' }),
  /** Hex string. */
  hex: (): TextArg => ({ type: 'hex' }),
  /** User name. */
  user: (): TextArg => ({ type: 'user' }),
  /** Group name. */
  group: (): TextArg => ({ type: 'group' }),
  /** Host name or address. */
  host: (): TextArg => ({ type: 'host' }),
} as const;

function argsOf(types: readonly ArgType[], o: EntryOptions, min: number, max: number): ArgsSpec {
  const spec: ArgsSpec = { min: o.min ?? min, max: o.max ?? max, types };
  if (o.rest) spec.rest = o.rest;
  if (o.synopsis) spec.synopsis = o.synopsis;
  return spec;
}

function finish(e: Entry, o: EntryOptions): Entry {
  if (o.default !== undefined) e.default = o.default;
  if (o.deprecated) e.deprecated = o.deprecated;
  if (o.deprecationReported) e.deprecationReported = true;
  if (o.aliasOf) e.aliasOf = o.aliasOf;
  if (o.opens) e.opens = o.opens;
  if (o.unsupported) e.unsupported = o.unsupported;
  return e;
}

/** A bare keyword without arguments. */
export function flag(name: string, doc: string, o: EntryOptions = {}): Entry {
  return finish({ name, kind: 'flag', args: argsOf([], o, 0, 0), doc }, o);
}

/** A keyword that may be bare or followed by one `<BOOL>`. */
export function flagBool(name: string, doc: string, o: EntryOptions = {}): Entry {
  return finish({ name, kind: 'flag', args: argsOf([A.bool()], o, 0, 1), doc }, o);
}

/** A keyword with arguments; all positional arguments are required unless `o.min` says otherwise. */
export function val(
  name: string,
  types: ArgType | readonly ArgType[],
  doc: string,
  o: EntryOptions = {},
): Entry {
  const list = Array.isArray(types) ? (types as readonly ArgType[]) : [types as ArgType];
  const max = o.rest ? Number.POSITIVE_INFINITY : list.length;
  return finish({ name, kind: 'value', args: argsOf(list, o, list.length, max), doc }, o);
}

/** A script keyword: `<STRING>|<QUOTED-STRING> [username [groupname]]`. */
export function scriptVal(name: string, doc: string, o: EntryOptions = {}): Entry {
  return val(name, [A.script(), A.user(), A.group()], doc, { min: 1, ...o });
}

/** A block of free-form lines. */
export function valueBlock(
  name: string,
  doc: string,
  o: EntryOptions = {},
  header: readonly ArgType[] = [],
): Entry {
  return finish({ name, kind: 'value-block', args: argsOf(header, o, header.length, header.length), doc }, o);
}

/** A block of keywords. */
export function keywordBlock(
  name: string,
  doc: string,
  o: EntryOptions = {},
  header: readonly ArgType[] = [],
): Entry {
  return finish(
    { name, kind: 'keyword-block', args: argsOf(header, o, header.length, header.length), doc },
    o,
  );
}

/** Attach contexts to entries. */
export function inContexts(contexts: readonly string[], entries: readonly Entry[]): KeywordSpec[] {
  return entries.map((e) => ({ ...e, contexts }));
}
