/**
 * What the core is told to watch: virtual servers, their real servers, and each real server's checks.
 * Field names follow keepalived.conf in camelCase; timing options inherit VS → RS → checker.
 *
 * @module
 */
import type { CheckTarget } from '../types.js';
import type { TimingOptions } from './timing.js';
import type { DynamicWeightMode, WeightRamp } from './weight.js';

/** One checker of a real server. */
export interface CheckSpec extends TimingOptions {
  /** Checker type: `HTTP_GET`, `SSL_GET`, `TCP_CHECK`, `SMTP_CHECK`, `MISC_CHECK`, `DNS_CHECK`, `UDP_CHECK`, `PING_CHECK`, `FILE_CHECK`, or your own. */
  type: string;
  /** Where the checker connects (for the sharing key and for events). */
  target?: CheckTarget;
  /** Checker options; only compared (structurally) to find identical checks to share. */
  options?: unknown;
  /** Explicit sharing identity, replacing type + target + options in the key. */
  key?: string;
  /** How a reported `weight` changes the server's weight (default `add` for FILE_CHECK, `set` otherwise). */
  dynamicWeight?: DynamicWeightMode;
}

/** A real server (keepalived `real_server`). */
export interface RealServerSpec<C extends CheckSpec = CheckSpec> extends TimingOptions {
  /** Identity used in actions and events, e.g. `192.0.2.10:80`. */
  id: string;
  /** Configured weight (keepalived `weight`, default 1). */
  weight?: number;
  /** Keep the server with weight 0 when it fails instead of removing it (keepalived `inhibit_on_failure`). */
  inhibitOnFailure?: boolean;
  /** Its checkers: the server is up only when all are up (no checkers: always up). */
  checks: readonly C[];
}

/** A sorry server (keepalived `sorry_server`), put in the pool while the quorum is lost. */
export interface SorryServerSpec {
  /** Identity used in actions and events, e.g. `192.0.2.99:80`. */
  id: string;
  /** Weight while active (default 1). */
  weight?: number;
  /** Keep it with weight 0 while inactive instead of removing it (keepalived `sorry_server_inhibit`). */
  inhibit?: boolean;
}

/** A virtual server (keepalived `virtual_server`). */
export interface VirtualServerSpec<C extends CheckSpec = CheckSpec> extends TimingOptions {
  /** Identity used in actions and events, e.g. `192.0.2.1:80` or `fwmark 7`. */
  id: string;
  /** Minimum total weight of live real servers (keepalived `quorum`, default 1). */
  quorum?: number;
  /** Flap dampener for the quorum, weight units (keepalived `hysteresis`, default 0). */
  hysteresis?: number;
  /** Emit down notifications for live servers and the quorum at shutdown (keepalived `omega`). */
  omega?: boolean;
  /** Default `inhibitOnFailure` for its real servers (keepalived `inhibit_on_failure`). */
  inhibitOnFailure?: boolean;
  /** Server to activate while the quorum is lost (keepalived `sorry_server`). */
  sorryServer?: SorryServerSpec;
  /** Gradual weight recovery for servers coming back up (off by default). */
  weightRamp?: WeightRamp;
  /** Its real servers. */
  realServers: readonly RealServerSpec<C>[];
}
