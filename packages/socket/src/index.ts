/**
 * @ha/socket
 *
 * @packageDocumentation
 */
export {};
