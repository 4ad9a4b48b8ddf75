/**
 * Keywords of bfd_instance and track_file (and its deprecated synonym vrrp_track_file).
 *
 * @module
 */
import { A, flag, inContexts, keywordBlock, val } from './builders.js';
import type { KeywordSpec } from './types.js';

/** Top-level bfd_instance and track_file blocks. */
export const BFD_TRACK_ROOT_KEYWORDS: KeywordSpec[] = inContexts(
  ['root'],
  [
    keywordBlock('bfd_instance', 'A BFD session (RFC 5880) to a neighbour.', {}, [A.name()]),
    keywordBlock('track_file', 'A file whose numeric content is tracked.', {}, [A.name()]),
    keywordBlock(
      'vrrp_track_file',
      'A file whose numeric content is tracked.',
      {
        deprecated: 'use track_file',
        aliasOf: 'track_file',
        opens: 'track_file',
      },
      [A.name()],
    ),
  ],
);

/** Keywords inside `bfd_instance NAME { … }`. */
export const BFD_INSTANCE_KEYWORDS: KeywordSpec[] = inContexts(
  ['bfd_instance'],
  [
    val('source_ip', A.ip(), 'Source address.'),
    val('neighbor_ip', A.ip(), 'Neighbour address.'),
    val('neighbour_ip', A.ip(), 'Neighbour address.', { aliasOf: 'neighbor_ip' }),
    val('min_rx', A.timerMs(1, 4294967), 'Required minimum RX interval in ms.', { default: 10 }),
    val('min_tx', A.timerMs(1, 4294967), 'Desired minimum TX interval in ms.', { default: 10 }),
    val('idle_tx', A.timerMs(1000, 4294967), 'Desired idle TX interval in ms.', { default: 1000 }),
    val('multiplier', A.int(1, 255), 'Missed packets before the session is down.', { default: 5 }),
    flag('passive', 'Operate in passive mode.'),
    val('ttl', A.int(1, 255), 'Outgoing IPv4 TTL.', { default: 255 }),
    val('hoplimit', A.int(1, 255), 'Outgoing IPv6 hop limit.', { default: 64 }),
    val('max_hops', A.int(-1, 255), 'Maximum TTL/hop limit reduction (255 disables the check).', {
      default: 0,
    }),
    val('weight', [A.int(-253, 253), A.oneOf(['reverse'])], 'Default tracking weight.', {
      min: 1,
      default: 0,
    }),
    flag('vrrp', 'Send events only to the VRRP process.'),
    flag('checker', 'Send events only to the checker process.'),
  ],
);

/** Keywords inside `track_file NAME { … }`. */
export const TRACK_FILE_KEYWORDS: KeywordSpec[] = inContexts(
  ['track_file'],
  [
    val('file', A.path(), 'File to read.'),
    val('weight', [A.int(-254, 254), A.oneOf(['reverse', 'noreverse'])], 'Default weight.', {
      min: 1,
      default: 1,
    }),
    val('init_file', [A.str(), A.oneOf(['overwrite'])], 'Create/initialise the file: [VALUE] [overwrite].', {
      min: 0,
    }),
  ],
);
