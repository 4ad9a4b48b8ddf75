/**
 * Keywords of the health checker blocks (HTTP_GET, SSL_GET with url, TCP_CHECK, SMTP_CHECK with
 * its deprecated host sub-block, MISC_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK,
 * BFD_CHECK).
 *
 * @module
 */
import { A, type Entry, flag, flagBool, inContexts, keywordBlock, val } from './builders.js';
import type { KeywordSpec } from './types.js';

/** DNS query types DNS_CHECK accepts. */
export const DNS_TYPES = ['A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA'] as const;

/** Options every checker except MISC/FILE/BFD has: connection options. */
const CONNECTION: Entry[] = [
  val('connect_ip', A.ip(), 'Address to connect to (default: the real server).'),
  val('connect_port', A.int(1, 65535), 'Port to connect to (default: the real server port).'),
  val('bindto', A.ip(), 'Source address of the connection.'),
  val('bind_port', A.int(1, 65535), 'Source port of the connection.'),
  val('bind_if', A.iface(), 'Interface to use (needed for IPv6 link-local bindto).'),
  val('connect_timeout', A.timer(0.000001), 'Connection timeout.', { default: 5000 }),
  val('fwmark', A.int(0, 4294967295), 'SO_MARK for checker packets.'),
];

/** Options every checker except FILE/BFD has (MISC_CHECK has only these). */
const COMMON: Entry[] = [
  val('retry', A.int(0, 4294967295), 'Retries before a failure counts.'),
  val('delay_before_retry', A.timer(0), 'Delay before a retry.'),
  val('warmup', A.timer(0), 'Maximum random delay before the first check.'),
  val('delay_loop', A.timer(0.000001), 'Interval between checks.', { default: 60000 }),
  flagBool('alpha', 'Start the checker in the failed state.'),
  flagBool('log_all_failures', 'Log all failures while the checker is up.'),
];

const HTTP: Entry[] = [
  ...CONNECTION,
  ...COMMON,
  val('nb_get_retry', A.int(0, 4294967295), 'Retries before a failure counts.', {
    deprecated: 'use retry',
    deprecationReported: true,
    aliasOf: 'retry',
  }),
  val('virtualhost', A.str(), 'Host header.'),
  val(
    'http_protocol',
    A.oneOf(['1.0', '1.0C', '1.0c', '1.1']),
    'HTTP version (1.0C adds Connection: close).',
    {
      default: '1.0',
    },
  ),
  flag('enable_sni', 'Send SNI in the TLS handshake.'),
  flagBool('fast_recovery', 'Check all URLs without delay_loop between them when recovering.'),
  keywordBlock('url', 'A URL to test.'),
];

/** Keywords of HTTP_GET and SSL_GET. */
export const HTTP_KEYWORDS: KeywordSpec[] = inContexts(['HTTP_GET', 'SSL_GET'], HTTP);

/** Keywords inside `url { … }`. */
export const URL_KEYWORDS: KeywordSpec[] = inContexts(
  ['url'],
  [
    val('path', A.str(), 'Path to request.'),
    val('digest', A.hex(), 'MD5 digest (hex) the body must have (see genhash).'),
    val('status_code', A.str(), 'Accepted status codes and ranges, e.g. 200 301-302 (default 200-299).', {
      rest: A.str(),
    }),
    val('virtualhost', A.str(), 'Host header for this URL.'),
    val('regex', A.str(), 'PCRE2 expression the body must match.'),
    flag('regex_no_match', 'Fail when the regex matches.'),
    val('regex_options', A.str(), 'PCRE2 options (caseless, multiline, …).', { rest: A.str() }),
    val('regex_min_offset', A.str(), 'Offset in the body where matching starts.'),
    val('regex_max_offset', A.str(), 'Largest offset where a match may start.'),
    val('regex_stack', [A.str(), A.str()], 'JIT stack start and maximum size.'),
  ],
);

/** Keywords of TCP_CHECK and PING_CHECK (common options only). */
export const TCP_PING_KEYWORDS: KeywordSpec[] = inContexts(
  ['TCP_CHECK', 'PING_CHECK'],
  [...CONNECTION, ...COMMON],
);

/** Keywords of SMTP_CHECK. */
export const SMTP_KEYWORDS: KeywordSpec[] = inContexts(
  ['SMTP_CHECK'],
  [
    val('helo_name', A.str(), 'Name sent in HELO.'),
    ...CONNECTION,
    ...COMMON,
    keywordBlock('host', 'A host to check.', { deprecated: 'use several SMTP_CHECK blocks' }),
  ],
);

/** Keywords of the deprecated SMTP_CHECK host sub-block. */
export const SMTP_HOST_KEYWORDS: KeywordSpec[] = inContexts(['host'], [...CONNECTION, ...COMMON]);

/** Keywords of MISC_CHECK. */
export const MISC_KEYWORDS: KeywordSpec[] = inContexts(
  ['MISC_CHECK'],
  [
    ...COMMON,
    val('misc_path', A.script(), 'Program to run, with its parameters.', { rest: A.script() }),
    val('misc_timeout', A.secs(0, 4294), 'Program timeout (default: delay_loop).'),
    flag('misc_dynamic', 'Use the exit status to adjust the weight.'),
    val('user', [A.user(), A.group()], 'User/group the program runs as.', { min: 1 }),
  ],
);

/** Keywords of DNS_CHECK. */
export const DNS_KEYWORDS: KeywordSpec[] = inContexts(
  ['DNS_CHECK'],
  [
    ...CONNECTION,
    ...COMMON,
    val('type', A.oneOf(DNS_TYPES, true), 'Query type.', { default: 'SOA' }),
    val('name', A.str(), 'Name to query.', { default: '.' }),
  ],
);

/** Keywords of UDP_CHECK. */
export const UDP_KEYWORDS: KeywordSpec[] = inContexts(
  ['UDP_CHECK'],
  [
    ...CONNECTION,
    ...COMMON,
    val('payload', A.hex(), 'Payload to send (hex).', { rest: A.hex() }),
    val('require_reply', A.hex(), 'Require a reply, optionally matching hex (X = any nibble).', {
      min: 0,
      rest: A.hex(),
    }),
    val('min_reply_length', A.int(0, 65535), 'Minimum reply length.', { default: 0 }),
    val('max_reply_length', A.int(0, 65535), 'Maximum reply length.', { default: 255 }),
  ],
);

/** Keywords of FILE_CHECK. */
export const FILE_CHECK_KEYWORDS: KeywordSpec[] = inContexts(
  ['FILE_CHECK'],
  [
    val('track_file', A.name(), 'Name of the track_file to read.'),
    val('weight', [A.int(-2147483647, 2147483647), A.oneOf(['reverse', 'noreverse'])], 'Weight multiplier.', {
      min: 1,
    }),
    flag('dynamic', 'Add the weighted value to the quorum and LVS weight.', {
      unsupported: 'documented in the 2.2.7 man page but not registered by keepalived 2.2.7',
    }),
  ],
);

/** Keywords of BFD_CHECK. */
export const BFD_CHECK_KEYWORDS: KeywordSpec[] = inContexts(
  ['BFD_CHECK'],
  [val('name', A.name(), 'Name of the bfd_instance.'), flagBool('alpha', 'Start the checker failed.')],
);
