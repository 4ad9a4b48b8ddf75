import { formatIP, parseIP } from '@ha/socket';
import { AttributeDecoder, AttributeEncoder } from '../attributes.js';
import { AF_INET, AF_INET6, IFA, IFA_F, RT_SCOPE } from '../constants.js';
import { LITTLE_ENDIAN as LE } from '../endian.js';
import { NetlinkDecodeError } from '../errors.js';

/** Size of `struct ifaddrmsg`. */
export const IFADDRMSG_LEN = 8;

/** An interface address as rtnetlink describes it (RTM_NEWADDR). */
export interface Address {
  /** 4 or 6. */
  family: 4 | 6;
  /** Interface index. */
  index: number;
  /** The local address (IFA_LOCAL, else IFA_ADDRESS). */
  address: string;
  /** Prefix length. */
  prefixLength: number;
  /** Peer address of a point-to-point address (IFA_ADDRESS when it differs from IFA_LOCAL). */
  peer?: string;
  /** IPv4 label such as `eth0:1` (IFA_LABEL). */
  label?: string;
  /** Broadcast address (IFA_BROADCAST). */
  broadcast?: string;
  /** IFA_F_* flags (IFA_FLAGS when present, else ifa_flags). */
  flags: number;
  /** RT_SCOPE_* scope (0 global, 253 link, 254 host). */
  scope: number;
}

/** What to add or delete. */
export interface AddressSpec {
  /** Interface index. */
  index: number;
  /** The address, e.g. `192.0.2.10` or `2001:db8::10`. */
  address: string;
  /** Prefix length (default 32 / 128). */
  prefixLength?: number;
  /** IPv4 label (IFA_LABEL), conventionally `<ifname>:<suffix>`, at most 15 bytes. */
  label?: string;
  /** IPv6: skip duplicate address detection (IFA_F_NODAD) so the address is usable at once. */
  nodad?: boolean;
  /** Extra IFA_F_* flags. */
  flags?: number;
  /** Scope (default global). */
  scope?: number;
  /** IPv4 broadcast address. */
  broadcast?: string;
  /** Peer address (point-to-point). */
  peer?: string;
}

/**
 * The identity of an address in a table: interface, address and prefix length.
 *
 * @param a - an address
 * @returns a key such as `2/192.0.2.10/24`
 */
export function addressKey(a: Pick<Address, 'index' | 'address' | 'prefixLength'>): string {
  return `${a.index}/${a.address}/${a.prefixLength}`;
}

/** Result of {@link decodeAddress}. */
export type AddressResult =
  | { address: Address; error?: undefined }
  | { address?: undefined; error: NetlinkDecodeError };

/**
 * Decodes an RTM_NEWADDR / RTM_DELADDR payload. Never throws.
 *
 * @param payload - ifaddrmsg + attributes
 * @returns the address or an error
 */
export function decodeAddress(payload: Buffer): AddressResult {
  if (payload.length < IFADDRMSG_LEN) return { error: new NetlinkDecodeError('short ifaddrmsg') };
  const familyNum = payload[0];
  if (familyNum !== AF_INET && familyNum !== AF_INET6) {
    return { error: new NetlinkDecodeError(`unsupported address family ${familyNum}`) };
  }
  const family = familyNum === AF_INET ? 4 : 6;
  const size = family === 4 ? 4 : 16;
  let local: string | undefined;
  let addr: string | undefined;
  let flags32: number | undefined;
  const out: Address = {
    family,
    index: LE ? payload.readUInt32LE(4) : payload.readUInt32BE(4),
    address: '',
    prefixLength: payload[1] ?? 0,
    flags: payload[2] ?? 0,
    scope: payload[3] ?? 0,
  };
  const d = new AttributeDecoder(payload.subarray(IFADDRMSG_LEN));
  const ip = (): string | undefined => {
    const b = d.bytes();
    if (b.length !== size) {
      return undefined;
    }
    return formatIP(b);
  };
  while (d.next()) {
    switch (d.type) {
      case IFA.LOCAL:
        local = ip();
        break;
      case IFA.ADDRESS:
        addr = ip();
        break;
      case IFA.LABEL:
        out.label = d.string();
        break;
      case IFA.BROADCAST: {
        const b = ip();
        if (b !== undefined) out.broadcast = b;
        break;
      }
      case IFA.FLAGS:
        flags32 = d.u32();
        break;
    }
  }
  if (d.err) return { error: d.err };
  const main = local ?? addr;
  if (main === undefined)
    return { error: new NetlinkDecodeError('address message without IFA_LOCAL/IFA_ADDRESS') };
  out.address = main;
  if (local !== undefined && addr !== undefined && addr !== local) out.peer = addr;
  if (flags32 !== undefined) out.flags = flags32;
  return { address: out };
}

/**
 * Encodes an RTM_NEWADDR / RTM_DELADDR payload.
 *
 * @param spec - what to add or delete
 * @returns ifaddrmsg + attributes
 * @throws RangeError when the address does not parse
 */
export function encodeAddress(spec: AddressSpec): Buffer {
  const parsed = parseIP(spec.address);
  if (!parsed) throw new RangeError(`not an IP address: ${spec.address}`);
  const max = parsed.family === 4 ? 32 : 128;
  const prefixLength = spec.prefixLength ?? max;
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > max) {
    throw new RangeError(`bad prefix length ${prefixLength} for ${spec.address}`);
  }
  const flags = (spec.flags ?? 0) | (spec.nodad ? IFA_F.NODAD : 0);
  const h = Buffer.alloc(IFADDRMSG_LEN);
  h[0] = parsed.family === 4 ? AF_INET : AF_INET6;
  h[1] = prefixLength;
  h[2] = flags & 0xff;
  h[3] = spec.scope ?? RT_SCOPE.UNIVERSE;
  if (LE) h.writeUInt32LE(spec.index, 4);
  else h.writeUInt32BE(spec.index, 4);
  const e = new AttributeEncoder().bytes(IFA.LOCAL, parsed.bytes);
  const peer = spec.peer === undefined ? parsed : parseIP(spec.peer);
  if (!peer || peer.family !== parsed.family) throw new RangeError(`bad peer address ${spec.peer}`);
  e.bytes(IFA.ADDRESS, peer.bytes);
  if (spec.label !== undefined) {
    if (parsed.family !== 4) throw new RangeError('IFA_LABEL is IPv4 only');
    if (Buffer.byteLength(spec.label) > 15) throw new RangeError(`label too long: ${spec.label}`);
    e.string(IFA.LABEL, spec.label);
  }
  if (spec.broadcast !== undefined) {
    const b = parseIP(spec.broadcast);
    if (b?.family !== 4) throw new RangeError(`bad broadcast address ${spec.broadcast}`);
    e.bytes(IFA.BROADCAST, b.bytes);
  }
  if (flags !== 0) e.u32(IFA.FLAGS, flags);
  return Buffer.concat([h, e.encode()]);
}

/**
 * Encodes an Address as an RTM_NEWADDR payload (fake kernel, fixtures).
 *
 * @param a - the address
 * @returns ifaddrmsg + attributes
 */
export function encodeAddressMessage(a: Address): Buffer {
  const spec: AddressSpec = {
    index: a.index,
    address: a.address,
    prefixLength: a.prefixLength,
    flags: a.flags,
    scope: a.scope,
  };
  if (a.label !== undefined) spec.label = a.label;
  if (a.broadcast !== undefined) spec.broadcast = a.broadcast;
  if (a.peer !== undefined) spec.peer = a.peer;
  return encodeAddress(spec);
}
