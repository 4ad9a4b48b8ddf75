import { errnoName } from '@ha/socket';

/** Extended-ack details the kernel attached to an error (NETLINK_EXT_ACK). */
export interface ExtendedAck {
  /** Human-readable reason from the kernel (NLMSGERR_ATTR_MSG). */
  message?: string;
  /** Byte offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS). */
  offset?: number;
  /** Type of a missing required attribute (NLMSGERR_ATTR_MISS_TYPE). */
  missingType?: number;
}

/** The kernel refused a request: NLMSG_ERROR with a negative errno. */
export class NetlinkError extends Error {
  /** Positive errno, e.g. 17. */
  readonly errno: number;
  /** Errno name, e.g. `'EEXIST'`. */
  readonly code: string;
  /** The extended ack, when the kernel sent one. */
  readonly extack: ExtendedAck;
  /** Message type of the request that failed. */
  readonly requestType: number;

  /**
   * @param errno - positive errno
   * @param requestType - `nlmsg_type` of the failed request
   * @param extack - extended ack details
   */
  constructor(errno: number, requestType = 0, extack: ExtendedAck = {}) {
    const code = errnoName(errno);
    super(extack.message ? `netlink: ${code}: ${extack.message}` : `netlink: ${code}`);
    this.name = 'NetlinkError';
    this.errno = errno;
    this.code = code;
    this.extack = extack;
    this.requestType = requestType;
  }
}

/** Malformed netlink bytes (a message or attribute that does not parse). */
export class NetlinkDecodeError extends Error {
  /** Always `'ERR_NETLINK_DECODE'`. */
  readonly code = 'ERR_NETLINK_DECODE' as const;
  /** Byte offset where decoding failed. */
  readonly offset: number;

  /**
   * @param message - what is wrong
   * @param offset - where
   */
  constructor(message: string, offset = 0) {
    super(message);
    this.name = 'NetlinkDecodeError';
    this.offset = offset;
  }
}

/** A request got no answer in time. */
export class NetlinkTimeoutError extends Error {
  /** Always `'ETIMEDOUT'`. */
  readonly code = 'ETIMEDOUT' as const;
  /** Sequence number of the request. */
  readonly seq: number;

  /**
   * @param seq - sequence number of the request
   * @param ms - the timeout that elapsed
   */
  constructor(seq: number, ms: number) {
    super(`netlink request ${seq} timed out after ${ms} ms`);
    this.name = 'NetlinkTimeoutError';
    this.seq = seq;
  }
}
