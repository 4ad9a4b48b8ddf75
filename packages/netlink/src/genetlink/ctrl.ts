import { AttributeDecoder, AttributeEncoder } from '../attributes.js';
import type { NetlinkConnection } from '../connection.js';
import { CTRL_ATTR, CTRL_ATTR_MCAST_GRP, CTRL_ATTR_OP, CTRL_CMD, GENL_ID_CTRL } from '../constants.js';
import { NetlinkDecodeError, NetlinkError } from '../errors.js';
import type { NetlinkMessage } from '../message.js';
import { decodeGeneric, encodeGeneric } from './header.js';

/** A generic-netlink family as the controller describes it. */
export interface GenericFamily {
  /** Family id: the `nlmsg_type` of its messages. */
  id: number;
  /** Family name, e.g. `'IPVS'`, `'nlctrl'`. */
  name: string;
  /** Interface version. */
  version: number;
  /** Size of the family's user header after genlmsghdr. */
  headerSize: number;
  /** Highest attribute number. */
  maxAttr: number;
  /** Multicast groups: name → group id. */
  groups: Map<string, number>;
  /** Supported operations: command → flags. */
  operations: Map<number, number>;
}

/**
 * Decodes a CTRL_CMD_NEWFAMILY message. Never throws.
 *
 * @param m - the message
 * @returns the family or an error
 */
export function decodeFamily(
  m: NetlinkMessage,
): { family: GenericFamily; error?: undefined } | { family?: undefined; error: NetlinkDecodeError } {
  const g = decodeGeneric(m.payload);
  if (!g.message) return { error: g.error };
  const f: GenericFamily = {
    id: 0,
    name: '',
    version: 0,
    headerSize: 0,
    maxAttr: 0,
    groups: new Map(),
    operations: new Map(),
  };
  const d = new AttributeDecoder(g.message.attributes);
  while (d.next()) {
    switch (d.type) {
      case CTRL_ATTR.FAMILY_ID:
        f.id = d.u16();
        break;
      case CTRL_ATTR.FAMILY_NAME:
        f.name = d.string();
        break;
      case CTRL_ATTR.VERSION:
        f.version = d.u32();
        break;
      case CTRL_ATTR.HDRSIZE:
        f.headerSize = d.u32();
        break;
      case CTRL_ATTR.MAXATTR:
        f.maxAttr = d.u32();
        break;
      case CTRL_ATTR.MCAST_GROUPS:
        d.nested((list) => {
          while (list.next()) {
            let name = '';
            let id = 0;
            list.nested((grp) => {
              while (grp.next()) {
                if (grp.type === CTRL_ATTR_MCAST_GRP.NAME) name = grp.string();
                else if (grp.type === CTRL_ATTR_MCAST_GRP.ID) id = grp.u32();
              }
            });
            if (name) f.groups.set(name, id);
          }
        });
        break;
      case CTRL_ATTR.OPS:
        d.nested((list) => {
          while (list.next()) {
            let id = -1;
            let flags = 0;
            list.nested((op) => {
              while (op.next()) {
                if (op.type === CTRL_ATTR_OP.ID) id = op.u32();
                else if (op.type === CTRL_ATTR_OP.FLAGS) flags = op.u32();
              }
            });
            if (id >= 0) f.operations.set(id, flags);
          }
        });
        break;
    }
  }
  if (d.err) return { error: d.err };
  if (!f.id || !f.name) return { error: new NetlinkDecodeError('family without id or name') };
  return { family: f };
}

/**
 * Resolves a generic-netlink family and its multicast groups by name (CTRL_CMD_GETFAMILY).
 * Rejects with a {@link NetlinkError} of code `'ENOENT'` when the kernel has no such family
 * (e.g. `'IPVS'` without the ip_vs module).
 *
 * @param connection - a NETLINK_GENERIC connection
 * @param name - family name
 * @returns the family
 */
export async function resolveFamily(connection: NetlinkConnection, name: string): Promise<GenericFamily> {
  const payload = encodeGeneric(
    CTRL_CMD.GETFAMILY,
    1,
    new AttributeEncoder().string(CTRL_ATTR.FAMILY_NAME, name).encode(),
  );
  const replies = await connection.request({ type: GENL_ID_CTRL, payload });
  for (const m of replies) {
    const r = decodeFamily(m);
    if (r.family) return r.family;
    throw r.error;
  }
  throw new NetlinkError(2, GENL_ID_CTRL, { message: `no reply for family ${name}` });
}

/**
 * Lists every generic-netlink family (CTRL_CMD_GETFAMILY dump).
 *
 * @param connection - a NETLINK_GENERIC connection
 * @returns the families
 */
export async function listFamilies(connection: NetlinkConnection): Promise<GenericFamily[]> {
  const msgs = await connection.dump(GENL_ID_CTRL, encodeGeneric(CTRL_CMD.GETFAMILY, 1));
  const out: GenericFamily[] = [];
  for (const m of msgs) {
    const r = decodeFamily(m);
    if (r.family) out.push(r.family);
  }
  return out;
}
