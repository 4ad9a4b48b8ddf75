/**
 * `@ha/vrrp/router` — the VRRP Router on the real kernel (raw sockets, rtnetlink, packet
 * sockets through `@ha/socket` and `@ha/netlink`). A separate entry point because it loads the
 * native addon; `@ha/vrrp` itself stays pure.
 *
 * @packageDocumentation
 */
export * from './router/index.js';
