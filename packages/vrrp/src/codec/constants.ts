/**
 * Protocol numbers and sizes of VRRP (RFC 3768 §5, RFC 5798 §5).
 *
 * @module
 */

/** IP protocol number of VRRP (IPv4 protocol / IPv6 next header). */
export const VRRP_PROTOCOL = 112;
/** TTL (IPv4) / hop limit (IPv6) every VRRP packet is sent with and must arrive with. */
export const VRRP_TTL = 255;
/** IPv4 multicast group of VRRP (RFC 3768 §5.2.2, RFC 5798 §5.1.1.2). */
export const VRRP_MULTICAST_IPV4 = '224.0.0.18';
/** IPv6 multicast group of VRRP (RFC 5798 §5.1.2.2). */
export const VRRP_MULTICAST_IPV6 = 'ff02::12';
/** VRRP packet type "ADVERTISEMENT", the only one defined. */
export const VRRP_TYPE_ADVERTISEMENT = 1;
/** Size of the fixed VRRP header (before the addresses). */
export const VRRP_HEADER_LENGTH = 8;
/** Size of the VRRPv2 authentication data that follows the addresses. */
export const VRRP_V2_AUTH_DATA_LENGTH = 8;
/** Largest number of addresses the 8-bit Count field can carry. */
export const VRRP_MAX_ADDRESSES = 255;
/** Largest VRRPv3 Max Adver Int (12 bits, centiseconds). */
export const VRRP_V3_MAX_INTERVAL_CS = 4095;
/** Largest VRRPv2 Adver Int (8 bits, seconds). */
export const VRRP_V2_MAX_INTERVAL_S = 255;
