/**
 * `@ha/netlink` — pure TypeScript netlink over `@ha/socket`: message framing, attributes,
 * request/ack/dump correlation, typed errors with extended acks, rtnetlink links and addresses
 * (requests and a watcher that survives overflows), generic-netlink family resolution.
 *
 * @packageDocumentation
 */
export type { AckStatus } from './ack.js';
export { decodeDone, decodeError } from './ack.js';
export type { Attribute, DecodedAttributes } from './attributes.js';
export { AttributeDecoder, AttributeEncoder, decodeAttributes, NLA_HDRLEN } from './attributes.js';
export type { ConnectionEvents, ConnectionOptions, RequestMessage } from './connection.js';
export { NetlinkConnection } from './connection.js';
export * from './constants.js';
export type { ExtendedAck } from './errors.js';
export { NetlinkDecodeError, NetlinkError, NetlinkTimeoutError } from './errors.js';
export type { GenericFamily } from './genetlink/ctrl.js';
export { decodeFamily, listFamilies, resolveFamily } from './genetlink/ctrl.js';
export type { GenericMessage } from './genetlink/header.js';
export { decodeGeneric, encodeGeneric, GENL_HDRLEN } from './genetlink/header.js';
export type { GenericRequestOptions } from './genetlink/request.js';
export { genericRequest } from './genetlink/request.js';
export type { DecodedMessages, NetlinkMessage } from './message.js';
export { align4, decodeMessages, encodeMessage, encodeMessages, isControl, NLMSG_HDRLEN } from './message.js';
export type { Address, AddressResult, AddressSpec } from './rtnetlink/address.js';
export {
  addressKey,
  decodeAddress,
  encodeAddress,
  encodeAddressMessage,
  IFADDRMSG_LEN,
} from './rtnetlink/address.js';
export type { AddAddressOptions, AddressFilter, RtnetlinkClientOptions } from './rtnetlink/client.js';
export { RtnetlinkClient } from './rtnetlink/client.js';
export type { Link, LinkResult } from './rtnetlink/link.js';
export { decodeLink, encodeIfinfomsg, encodeLink, IFINFOMSG_LEN, isLinkMessage } from './rtnetlink/link.js';
export type { ResyncSummary, WatcherEvents, WatcherOptions } from './rtnetlink/watcher.js';
export { RtnetlinkWatcher } from './rtnetlink/watcher.js';
export type { DatagramSender, NetlinkTransport, TransportHandlers } from './transport.js';
export { openTransport, socketTransport } from './transport.js';
