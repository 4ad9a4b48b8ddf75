/**
 * `@ha/netlink`
 *
 * @packageDocumentation
 */
export {};
