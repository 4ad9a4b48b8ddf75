import type { NetlinkConnection } from '../connection.js';
import type { resolveFamily } from './ctrl.js';
import { decodeGeneric, encodeGeneric, type GenericMessage } from './header.js';

/** Options of {@link genericRequest}. */
export interface GenericRequestOptions {
  /** Send as a dump (NLM_F_DUMP) and collect every part. */
  dump?: boolean;
  /** Extra NLM_F_* flags for a non-dump request (e.g. CREATE | EXCL). */
  flags?: number;
}

/**
 * Sends one generic-netlink command to a family and decodes the replies (the shape every
 * genetlink family client — IPVS, … — builds on).
 *
 * @param connection - a NETLINK_GENERIC connection
 * @param familyId - the family id from {@link resolveFamily}
 * @param cmd - the family command
 * @param version - the family interface version
 * @param attributes - encoded attributes
 * @param options - dump or flags
 * @returns the decoded replies (malformed ones are skipped)
 */
export async function genericRequest(
  connection: NetlinkConnection,
  familyId: number,
  cmd: number,
  version: number,
  attributes: Buffer,
  options: GenericRequestOptions = {},
): Promise<GenericMessage[]> {
  const payload = encodeGeneric(cmd, version, attributes);
  const replies = options.dump
    ? await connection.dump(familyId, payload)
    : await connection.request(
        options.flags === undefined
          ? { type: familyId, payload }
          : { type: familyId, flags: options.flags, payload },
      );
  const out: GenericMessage[] = [];
  for (const m of replies) {
    const g = decodeGeneric(m.payload);
    if (g.message) out.push(g.message);
  }
  return out;
}
