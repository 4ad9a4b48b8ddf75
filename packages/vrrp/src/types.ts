/**
 * Shared types of the VRRP core: a decoded advertisement, what the receive path knows about
 * the packet that carried it, and why a packet was dropped.
 *
 * @module
 */

/** VRRP protocol version: 2 (RFC 3768, IPv4 only) or 3 (RFC 5798, IPv4 and IPv6). */
export type VrrpVersion = 2 | 3;

/** Address family of an instance and of its advertisements. */
export type Family = 'ipv4' | 'ipv6';

/** VRRPv2 authentication type (RFC 2338 §5.3.6): 0 none, 1 simple text password, 2 IP AH. */
export type AuthType = 0 | 1 | 2;

/** A VRRP advertisement (the only VRRP packet type, type 1). */
export interface Advertisement {
  /** Protocol version. */
  version: VrrpVersion;
  /** Address family of the addresses (and of the IP packet that carries it). */
  family: Family;
  /** Virtual Router Identifier, 1..255. */
  vrid: number;
  /** Sender's priority: 0 (master is leaving), 1..254, 255 (address owner). */
  priority: number;
  /**
   * Advertisement interval in centiseconds. v2 carries whole seconds (this is seconds × 100);
   * v3 carries a 12-bit centisecond value (1..4095).
   */
  intervalCs: number;
  /** The virtual addresses in packet order, in canonical text form (`192.0.2.100`, `2001:db8::100`). */
  addresses: string[];
  /** v2 only: authentication type (0 for v3). */
  authType: AuthType;
  /** v2 only: the 8 bytes of authentication data (all zero without auth); empty for v3. */
  authData: Uint8Array;
  /** Checksum as found on the wire (decode) or computed (encode). */
  checksum: number;
}

/** What the receive path knows about the IP packet that carried an advertisement. */
export interface RxMeta {
  /** Source address of the IP packet (IPv6: usually link-local). */
  source: string;
  /** Destination address of the IP packet (multicast group or our unicast address). */
  destination: string;
  /** IPv4 TTL or IPv6 hop limit as received. */
  ttl: number;
  /** Receiving interface name, when known. */
  ifname?: string;
}

/**
 * Why a received packet was dropped. The names follow the VRRPv3 MIB (RFC 6527)
 * statistics where one exists (`vrrpv3StatisticsChecksumErrors` → `checksumErrors`, …).
 */
export type DropReason =
  | 'checksumErrors'
  | 'versionErrors'
  | 'vrIdErrors'
  | 'ipTtlErrors'
  | 'invalidTypeErrors'
  | 'advIntervalErrors'
  | 'addressListErrors'
  | 'packetLengthErrors'
  | 'invalidAuthType'
  | 'authTypeMismatch'
  | 'authFailures'
  | 'ownAdvert'
  | 'unknownPeer';
