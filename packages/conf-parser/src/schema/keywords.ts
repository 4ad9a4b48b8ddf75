/**
 * The keyword table of keepalived 2.2.7: every keyword in every block context.
 *
 * @module
 */
import { BFD_INSTANCE_KEYWORDS, BFD_TRACK_ROOT_KEYWORDS, TRACK_FILE_KEYWORDS } from './bfd-track.js';
import {
  BFD_CHECK_KEYWORDS,
  DNS_KEYWORDS,
  FILE_CHECK_KEYWORDS,
  HTTP_KEYWORDS,
  MISC_KEYWORDS,
  SMTP_HOST_KEYWORDS,
  SMTP_KEYWORDS,
  TCP_PING_KEYWORDS,
  UDP_KEYWORDS,
  URL_KEYWORDS,
} from './checkers.js';
import { GLOBAL_DEFS_KEYWORDS, ROOT_GLOBAL_KEYWORDS } from './global-defs.js';
import { LVS_ROOT_KEYWORDS, REAL_SERVER_KEYWORDS, SSL_KEYWORDS, VIRTUAL_SERVER_KEYWORDS } from './lvs.js';
import type { KeywordSpec } from './types.js';
import {
  AUTHENTICATION_KEYWORDS,
  GARP_GROUP_KEYWORDS,
  TRACK_GROUP_KEYWORDS,
  TRACK_PROCESS_KEYWORDS,
  VRRP_INSTANCE_KEYWORDS,
  VRRP_ROOT_KEYWORDS,
  VRRP_SCRIPT_KEYWORDS,
  VRRP_SYNC_GROUP_KEYWORDS,
} from './vrrp.js';

/**
 * Every keyword keepalived 2.2.7 knows, one entry per (keyword, shape); an entry lists all block
 * contexts where it is valid with that shape. Context `root` is the top level; other contexts
 * are named after the keyword that opens the block (`vrrp_instance`, `url`, `HTTP_GET`, …).
 */
export const KEYWORDS: readonly KeywordSpec[] = [
  ...ROOT_GLOBAL_KEYWORDS,
  ...GLOBAL_DEFS_KEYWORDS,
  ...VRRP_ROOT_KEYWORDS,
  ...TRACK_GROUP_KEYWORDS,
  ...VRRP_INSTANCE_KEYWORDS,
  ...AUTHENTICATION_KEYWORDS,
  ...VRRP_SCRIPT_KEYWORDS,
  ...VRRP_SYNC_GROUP_KEYWORDS,
  ...GARP_GROUP_KEYWORDS,
  ...TRACK_PROCESS_KEYWORDS,
  ...LVS_ROOT_KEYWORDS,
  ...SSL_KEYWORDS,
  ...VIRTUAL_SERVER_KEYWORDS,
  ...REAL_SERVER_KEYWORDS,
  ...HTTP_KEYWORDS,
  ...URL_KEYWORDS,
  ...TCP_PING_KEYWORDS,
  ...SMTP_KEYWORDS,
  ...SMTP_HOST_KEYWORDS,
  ...MISC_KEYWORDS,
  ...DNS_KEYWORDS,
  ...UDP_KEYWORDS,
  ...FILE_CHECK_KEYWORDS,
  ...BFD_CHECK_KEYWORDS,
  ...BFD_TRACK_ROOT_KEYWORDS,
  ...BFD_INSTANCE_KEYWORDS,
  ...TRACK_FILE_KEYWORDS,
];
