/**
 * Numeric comparison of IP addresses, for the RFC tie-break "equal priority: the higher
 * primary IP address wins" (RFC 5798 §6.4.3).
 *
 * @module
 */

import { Address4, Address6 } from 'ip-address';

/**
 * Converts an IPv4 or IPv6 address in text form to its numeric value.
 *
 * @param address - address in text form (`192.0.2.11`, `fe80::ff:fe00:11`)
 * @returns the address as a bigint (IPv4: 32 bits, IPv6: 128 bits)
 */
export function addressValue(address: string): bigint {
  if (address.includes(':')) return new Address6(address).bigInt();
  return new Address4(address).bigInt();
}

/**
 * Compares two addresses of the same family numerically.
 *
 * @param a - first address
 * @param b - second address
 * @returns a negative number if a < b, 0 if equal, a positive number if a > b
 */
export function compareAddresses(a: string, b: string): number {
  const x = addressValue(a);
  const y = addressValue(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
