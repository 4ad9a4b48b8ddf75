import { NLA_F } from './constants.js';
import { LITTLE_ENDIAN as LE } from './endian.js';
import { NetlinkDecodeError } from './errors.js';
import { align4 } from './message.js';

/** Size of `struct nlattr`. */
export const NLA_HDRLEN = 4;

/** One raw attribute. */
export interface Attribute {
  /** Type without the NESTED / NET_BYTEORDER flag bits. */
  type: number;
  /** Whether NLA_F_NESTED was set. */
  nested: boolean;
  /** Whether NLA_F_NET_BYTEORDER was set. */
  netByteOrder: boolean;
  /** The attribute's value bytes. */
  data: Buffer;
}

/** Result of {@link decodeAttributes}. */
export interface DecodedAttributes {
  /** Attributes decoded before the first malformed one. */
  attributes: Attribute[];
  /** Why decoding stopped early, if it did. */
  error?: NetlinkDecodeError;
}

/**
 * Splits bytes into attributes. Never throws.
 *
 * @param bytes - a run of netlink attributes
 * @returns the attributes and an optional error
 */
export function decodeAttributes(bytes: Buffer): DecodedAttributes {
  const attributes: Attribute[] = [];
  let off = 0;
  while (off < bytes.length) {
    if (bytes.length - off < NLA_HDRLEN) {
      return { attributes, error: new NetlinkDecodeError(`truncated attribute header at ${off}`, off) };
    }
    const len = LE ? bytes.readUInt16LE(off) : bytes.readUInt16BE(off);
    const rawType = LE ? bytes.readUInt16LE(off + 2) : bytes.readUInt16BE(off + 2);
    if (len < NLA_HDRLEN || len > bytes.length - off) {
      return { attributes, error: new NetlinkDecodeError(`bad attribute length ${len} at ${off}`, off) };
    }
    attributes.push({
      type: rawType & NLA_F.TYPE_MASK,
      nested: (rawType & NLA_F.NESTED) !== 0,
      netByteOrder: (rawType & NLA_F.NET_BYTEORDER) !== 0,
      data: bytes.subarray(off + NLA_HDRLEN, off + len),
    });
    off += align4(len);
  }
  return { attributes };
}

/**
 * Builds a run of attributes. Integers are host order unless the method says `be`.
 *
 * ```ts
 * const e = new AttributeEncoder();
 * e.string(IFA.LABEL, 'eth0:1').u32(IFA.FLAGS, IFA_F.NODAD);
 * e.nested(1, (n) => n.u16(2, 80));
 * const bytes = e.encode();
 * ```
 */
export class AttributeEncoder {
  readonly #parts: Buffer[] = [];

  /**
   * Adds an attribute with raw bytes.
   *
   * @param type - attribute type (flag bits allowed)
   * @param data - value bytes
   * @returns this
   */
  bytes(type: number, data: Uint8Array): this {
    const len = NLA_HDRLEN + data.length;
    if (len > 0xffff) throw new RangeError(`attribute ${type} is too long (${len} bytes)`);
    const b = Buffer.alloc(align4(len));
    if (LE) {
      b.writeUInt16LE(len, 0);
      b.writeUInt16LE(type, 2);
    } else {
      b.writeUInt16BE(len, 0);
      b.writeUInt16BE(type, 2);
    }
    b.set(data, NLA_HDRLEN);
    this.#parts.push(b);
    return this;
  }

  /**
   * Adds an empty (flag) attribute.
   *
   * @param type - attribute type
   * @returns this
   */
  flag(type: number): this {
    return this.bytes(type, Buffer.alloc(0));
  }

  /**
   * Adds a u8.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u8(type: number, v: number): this {
    return this.bytes(type, Buffer.from([v & 0xff]));
  }

  /**
   * Adds a host-order u16.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u16(type: number, v: number): this {
    const b = Buffer.alloc(2);
    if (LE) b.writeUInt16LE(v, 0);
    else b.writeUInt16BE(v, 0);
    return this.bytes(type, b);
  }

  /**
   * Adds a big-endian (network order) u16, e.g. a port.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u16be(type: number, v: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v, 0);
    return this.bytes(type, b);
  }

  /**
   * Adds a host-order u32.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u32(type: number, v: number): this {
    const b = Buffer.alloc(4);
    if (LE) b.writeUInt32LE(v >>> 0, 0);
    else b.writeUInt32BE(v >>> 0, 0);
    return this.bytes(type, b);
  }

  /**
   * Adds a big-endian u32.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u32be(type: number, v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v >>> 0, 0);
    return this.bytes(type, b);
  }

  /**
   * Adds a host-order u64.
   *
   * @param type - attribute type
   * @param v - value
   * @returns this
   */
  u64(type: number, v: bigint): this {
    const b = Buffer.alloc(8);
    if (LE) b.writeBigUInt64LE(v, 0);
    else b.writeBigUInt64BE(v, 0);
    return this.bytes(type, b);
  }

  /**
   * Adds a NUL-terminated string.
   *
   * @param type - attribute type
   * @param s - value
   * @returns this
   */
  string(type: number, s: string): this {
    return this.bytes(type, Buffer.from(`${s}\0`, 'utf8'));
  }

  /**
   * Adds a nested attribute (NLA_F_NESTED set) built by `build`.
   *
   * @param type - attribute type
   * @param build - fills the nested encoder
   * @returns this
   */
  nested(type: number, build: (e: AttributeEncoder) => void): this {
    const inner = new AttributeEncoder();
    build(inner);
    return this.bytes(type | NLA_F.NESTED, inner.encode());
  }

  /** The encoded attributes. */
  encode(): Buffer {
    return Buffer.concat(this.#parts);
  }
}

/**
 * Iterator-style attribute reader (after mdlayher/netlink's AttributeDecoder). It never throws:
 * a malformed run or a value of the wrong size records the first error in {@link err} and
 * reads as 0 / empty.
 *
 * ```ts
 * const d = new AttributeDecoder(bytes);
 * while (d.next()) {
 *   if (d.type === IFA.LABEL) label = d.string();
 * }
 * if (d.err) throw d.err;
 * ```
 */
export class AttributeDecoder {
  readonly #attrs: Attribute[];
  #i = -1;
  #err: NetlinkDecodeError | undefined;

  /** @param bytes - a run of attributes */
  constructor(bytes: Buffer) {
    const r = decodeAttributes(bytes);
    this.#attrs = r.attributes;
    this.#err = r.error;
  }

  /** The first error met, if any. */
  get err(): NetlinkDecodeError | undefined {
    return this.#err;
  }

  /** Number of attributes decoded. */
  get length(): number {
    return this.#attrs.length;
  }

  /** Moves to the next attribute; false at the end. */
  next(): boolean {
    this.#i++;
    return this.#i < this.#attrs.length;
  }

  #current(): Attribute {
    return this.#attrs[this.#i] ?? { type: 0, nested: false, netByteOrder: false, data: Buffer.alloc(0) };
  }

  /** Type of the current attribute (flag bits removed). */
  get type(): number {
    return this.#current().type;
  }

  /** Raw bytes of the current attribute. */
  bytes(): Buffer {
    return this.#current().data;
  }

  #fail(what: string): void {
    this.#err ??= new NetlinkDecodeError(`attribute ${this.type}: ${what}`);
  }

  #sized(n: number): Buffer | undefined {
    const d = this.#current().data;
    if (d.length !== n) {
      this.#fail(`expected ${n} bytes, got ${d.length}`);
      return undefined;
    }
    return d;
  }

  /** The current attribute as a u8 (0 on error). */
  u8(): number {
    return this.#sized(1)?.[0] ?? 0;
  }

  /** The current attribute as a host-order u16. */
  u16(): number {
    const d = this.#sized(2);
    return d ? (LE ? d.readUInt16LE(0) : d.readUInt16BE(0)) : 0;
  }

  /** The current attribute as a big-endian u16. */
  u16be(): number {
    return this.#sized(2)?.readUInt16BE(0) ?? 0;
  }

  /** The current attribute as a host-order u32. */
  u32(): number {
    const d = this.#sized(4);
    return d ? (LE ? d.readUInt32LE(0) : d.readUInt32BE(0)) : 0;
  }

  /** The current attribute as a big-endian u32. */
  u32be(): number {
    return this.#sized(4)?.readUInt32BE(0) ?? 0;
  }

  /** The current attribute as a host-order s32. */
  s32(): number {
    const d = this.#sized(4);
    return d ? (LE ? d.readInt32LE(0) : d.readInt32BE(0)) : 0;
  }

  /** The current attribute as a host-order u64. */
  u64(): bigint {
    const d = this.#sized(8);
    return d ? (LE ? d.readBigUInt64LE(0) : d.readBigUInt64BE(0)) : 0n;
  }

  /** The current attribute as a string (up to the first NUL). */
  string(): string {
    const d = this.#current().data;
    const nul = d.indexOf(0);
    return d.toString('utf8', 0, nul < 0 ? d.length : nul);
  }

  /**
   * Reads the current attribute as a nested run; errors inside are recorded here.
   *
   * @param read - reads the nested decoder
   */
  nested(read: (d: AttributeDecoder) => void): void {
    const inner = new AttributeDecoder(this.#current().data);
    read(inner);
    if (inner.err) this.#err ??= inner.err;
  }
}
