/**
 * Parser of `lvs_sync_daemon IF [[inst] VRRP] [id N] [maxlen N] [port N] [ttl N] [group IP]`,
 * with keepalived 2.2.7's checks and messages.
 *
 * @module
 */
import type { ConfNode } from '../types.js';
import { parseIp } from './ip.js';
import type { Reporter } from './reporter.js';
import { parseIntStrict } from './values.js';

/** `lvs_sync_daemon` settings. */
export interface LvsSyncDaemon {
  /** Interface the sync daemon binds to. */
  interface: string;
  /** VRRP instance whose state it follows. */
  vrrpInstance?: string;
  /** Sync id (default: the instance's VRID, or 0). */
  syncId?: number;
  /** Maximum packet length. */
  maxlen?: number;
  /** UDP port (default 8848). */
  port?: number;
  /** Multicast TTL. */
  ttl?: number;
  /** Multicast group (default 224.0.0.81). */
  group?: string;
  /** Where the keyword was. */
  origin: ConfNode['origin'];
}

const RANGES: Record<string, [number, number]> = {
  id: [0, 255],
  maxlen: [1, 65507],
  port: [1, 65535],
  ttl: [1, 255],
};

/** Parse an `lvs_sync_daemon` statement. */
export function parseLvsSyncDaemon(node: ConfNode, rep: Reporter): LvsSyncDaemon {
  const a = node.args;
  const sd: LvsSyncDaemon = { interface: a[0] ?? '', origin: node.origin };
  for (let i = 1; i < a.length; i++) {
    const w = a[i] as string;
    const v = a[i + 1];
    if (w === 'inst') {
      if (v !== undefined) sd.vrrpInstance = v;
      i++;
    } else if (w in RANGES) {
      i++;
      const [min, max] = RANGES[w] as [number, number];
      const n = parseIntStrict(v ?? '');
      if (v === undefined)
        rep.report('KM007', node.origin, `No value specified for lvs_sync_daemon ${w} - ignoring`);
      else if (n === undefined || n < min || n > max) {
        rep.report(
          n === undefined ? 'KM004' : 'KM005',
          node.origin,
          `Invalid lvs_sync_daemon ${w} (${v}) - ignoring`,
        );
      } else if (w === 'id') sd.syncId = n;
      else if (w === 'maxlen') sd.maxlen = n;
      else if (w === 'port') sd.port = n;
      else sd.ttl = n;
    } else if (w === 'group') {
      i++;
      const ip = parseIp(v ?? '');
      if (!ip) rep.report('KM008', node.origin, `Invalid lvs_sync_daemon group (${v ?? ''}) - ignoring`);
      else if (!(ip.family === 4 ? /^(22[4-9]|23\d)\./.test(ip.address) : ip.address.startsWith('ff'))) {
        rep.report('KM008', node.origin, `lvs_sync_daemon group address ${v} is not multicast - ignoring`);
      } else sd.group = ip.address;
    } else if (i === 1) sd.vrrpInstance = w;
    else if (i === 2 && parseIntStrict(w) !== undefined) {
      // keepalived: "Please use keyword "id" before lvs_sync_daemon SYNCID" (still accepted)
      rep.report('KM012', node.origin, 'Please use keyword "id" before lvs_sync_daemon SYNCID', {
        keepalived: 'error',
      });
      sd.syncId = parseIntStrict(w);
    } else rep.report('KM007', node.origin, `Unknown option ${w} specified for lvs_sync_daemon`);
  }
  return sd;
}
