/**
 * @ha/netlink
 *
 * @packageDocumentation
 */
export {};
