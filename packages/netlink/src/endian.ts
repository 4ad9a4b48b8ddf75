import { endianness } from 'node:os';

/** Netlink integers are in host byte order; this is true on little-endian hosts. */
export const LITTLE_ENDIAN: boolean = endianness() === 'LE';
