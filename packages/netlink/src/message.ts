import { NLMSG } from './constants.js';
import { LITTLE_ENDIAN as LE } from './endian.js';
import { NetlinkDecodeError } from './errors.js';

/** Size of `struct nlmsghdr`. */
export const NLMSG_HDRLEN = 16;

/** Rounds up to the 4-byte netlink alignment. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

/** One netlink message. */
export interface NetlinkMessage {
  /** `nlmsg_type`: NLMSG_* control types or a family's message type. */
  type: number;
  /** `nlmsg_flags`: NLM_F_* bits. */
  flags: number;
  /** `nlmsg_seq`: request sequence number (0 for most notifications). */
  seq: number;
  /** `nlmsg_pid`: port id (0 for messages from the kernel). */
  pid: number;
  /** The payload after the header (family header and attributes). */
  payload: Buffer;
}

/**
 * Encodes one message (header + payload, padded to 4 bytes).
 *
 * @param m - the message
 * @returns its bytes
 */
export function encodeMessage(m: NetlinkMessage): Buffer {
  const len = NLMSG_HDRLEN + m.payload.length;
  const b = Buffer.alloc(align4(len));
  if (LE) {
    b.writeUInt32LE(len, 0);
    b.writeUInt16LE(m.type, 4);
    b.writeUInt16LE(m.flags, 6);
    b.writeUInt32LE(m.seq >>> 0, 8);
    b.writeUInt32LE(m.pid >>> 0, 12);
  } else {
    b.writeUInt32BE(len, 0);
    b.writeUInt16BE(m.type, 4);
    b.writeUInt16BE(m.flags, 6);
    b.writeUInt32BE(m.seq >>> 0, 8);
    b.writeUInt32BE(m.pid >>> 0, 12);
  }
  m.payload.copy(b, NLMSG_HDRLEN);
  return b;
}

/**
 * Encodes several messages into one datagram (a batch: one sendmsg).
 *
 * @param messages - the messages
 * @returns the datagram
 */
export function encodeMessages(messages: readonly NetlinkMessage[]): Buffer {
  return Buffer.concat(messages.map(encodeMessage));
}

/** Result of {@link decodeMessages}. */
export interface DecodedMessages {
  /** The messages decoded before the first malformed one. */
  messages: NetlinkMessage[];
  /** Why decoding stopped early, if it did. */
  error?: NetlinkDecodeError;
}

/**
 * Splits a datagram into messages. Never throws: malformed input stops decoding and is
 * reported in `error`, with every well-formed message before it kept.
 *
 * @param datagram - bytes as received
 * @returns the messages and an optional error
 */
export function decodeMessages(datagram: Uint8Array): DecodedMessages {
  const b = Buffer.isBuffer(datagram)
    ? datagram
    : Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  const messages: NetlinkMessage[] = [];
  let off = 0;
  while (off < b.length) {
    if (b.length - off < NLMSG_HDRLEN) {
      return { messages, error: new NetlinkDecodeError(`truncated message header at offset ${off}`, off) };
    }
    const len = LE ? b.readUInt32LE(off) : b.readUInt32BE(off);
    if (len < NLMSG_HDRLEN || len > b.length - off) {
      return { messages, error: new NetlinkDecodeError(`bad message length ${len} at offset ${off}`, off) };
    }
    messages.push({
      type: LE ? b.readUInt16LE(off + 4) : b.readUInt16BE(off + 4),
      flags: LE ? b.readUInt16LE(off + 6) : b.readUInt16BE(off + 6),
      seq: LE ? b.readUInt32LE(off + 8) : b.readUInt32BE(off + 8),
      pid: LE ? b.readUInt32LE(off + 12) : b.readUInt32BE(off + 12),
      payload: b.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += align4(len);
  }
  return { messages };
}

/**
 * Whether a message type is a netlink control message (NOOP, ERROR, DONE, OVERRUN).
 *
 * @param type - `nlmsg_type`
 * @returns true for control messages
 */
export function isControl(type: number): boolean {
  return type < NLMSG.MIN_TYPE;
}
