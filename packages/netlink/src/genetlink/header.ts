import { NetlinkDecodeError } from '../errors.js';

/** Size of `struct genlmsghdr`. */
export const GENL_HDRLEN = 4;

/** A generic-netlink message body: command, version and attribute bytes. */
export interface GenericMessage {
  /** Family command. */
  cmd: number;
  /** Family interface version. */
  version: number;
  /** Attributes (after the family's user header, if any). */
  attributes: Buffer;
}

/**
 * Encodes `genlmsghdr` + attributes (the payload of a message whose type is the family id).
 *
 * @param cmd - command
 * @param version - interface version
 * @param attributes - encoded attributes
 * @returns the payload
 */
export function encodeGeneric(cmd: number, version: number, attributes: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(GENL_HDRLEN);
  h[0] = cmd;
  h[1] = version;
  return Buffer.concat([h, attributes]);
}

/**
 * Decodes a generic-netlink payload. Never throws.
 *
 * @param payload - message payload
 * @returns the message or an error
 */
export function decodeGeneric(
  payload: Buffer,
): { message: GenericMessage; error?: undefined } | { message?: undefined; error: NetlinkDecodeError } {
  if (payload.length < GENL_HDRLEN) return { error: new NetlinkDecodeError('short genlmsghdr') };
  return {
    message: { cmd: payload[0] ?? 0, version: payload[1] ?? 0, attributes: payload.subarray(GENL_HDRLEN) },
  };
}
