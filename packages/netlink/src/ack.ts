import { AttributeDecoder } from './attributes.js';
import { NLM_F, NLMSGERR_ATTR } from './constants.js';
import { LITTLE_ENDIAN as LE } from './endian.js';
import type { ExtendedAck } from './errors.js';
import { align4, type NetlinkMessage, NLMSG_HDRLEN } from './message.js';

/** A decoded NLMSG_ERROR (an ack when `errno` is 0) or NLMSG_DONE status. */
export interface AckStatus {
  /** Positive errno; 0 for success. */
  errno: number;
  /** `nlmsg_type` of the request this answers (NLMSG_ERROR only; 0 when unknown). */
  requestType: number;
  /** Extended-ack details. */
  extack: ExtendedAck;
}

function readExtack(bytes: Buffer): ExtendedAck {
  const ack: ExtendedAck = {};
  const d = new AttributeDecoder(bytes);
  while (d.next()) {
    switch (d.type) {
      case NLMSGERR_ATTR.MSG:
        ack.message = d.string();
        break;
      case NLMSGERR_ATTR.OFFS:
        ack.offset = d.u32();
        break;
      case NLMSGERR_ATTR.MISS_TYPE:
        ack.missingType = d.u32();
        break;
    }
  }
  return ack;
}

/**
 * Decodes the payload of an NLMSG_ERROR: `int error; struct nlmsghdr msg; [payload]; [TLVs]`.
 * Never throws; a short payload reads as errno EPROTO (71).
 *
 * @param m - the NLMSG_ERROR message
 * @returns errno, the request type, and the extended ack
 */
export function decodeError(m: NetlinkMessage): AckStatus {
  const p = m.payload;
  if (p.length < 4) return { errno: 71, requestType: 0, extack: { message: 'short NLMSG_ERROR' } };
  const errno = 0 - (LE ? p.readInt32LE(0) : p.readInt32BE(0)) || 0;
  let requestType = 0;
  let extack: ExtendedAck = {};
  if (p.length >= 4 + NLMSG_HDRLEN) {
    requestType = LE ? p.readUInt16LE(8) : p.readUInt16BE(8);
    if ((m.flags & NLM_F.ACK_TLVS) !== 0) {
      const embeddedLen = LE ? p.readUInt32LE(4) : p.readUInt32BE(4);
      const start = 4 + ((m.flags & NLM_F.CAPPED) !== 0 ? NLMSG_HDRLEN : align4(embeddedLen));
      if (start <= p.length) extack = readExtack(p.subarray(start));
    }
  }
  return { errno, requestType, extack };
}

/**
 * Decodes the payload of an NLMSG_DONE: `int error; [TLVs]` (a failed dump has a negative
 * error). Never throws.
 *
 * @param m - the NLMSG_DONE message
 * @returns errno (0: the dump ended well) and the extended ack
 */
export function decodeDone(m: NetlinkMessage): AckStatus {
  const p = m.payload;
  if (p.length < 4) return { errno: 0, requestType: 0, extack: {} };
  const errno = 0 - (LE ? p.readInt32LE(0) : p.readInt32BE(0)) || 0;
  const extack = (m.flags & NLM_F.ACK_TLVS) !== 0 ? readExtack(p.subarray(4)) : {};
  return { errno: Math.max(errno, 0), requestType: 0, extack };
}
