import { binding } from './binding.js';
import { native } from './errors.js';
import { netnsPath } from './netns.js';

/** Facts about a network interface. */
export interface InterfaceInfo {
  /** Interface name. */
  name: string;
  /** Interface index. */
  index: number;
  /** Hardware address as `aa:bb:cc:dd:ee:ff` (all zero for loopback). */
  mac: string;
  /** Hardware address bytes (6). */
  macBytes: Buffer;
  /** ARPHRD_* hardware type (1 Ethernet, 772 loopback). */
  hwtype: number;
  /** MTU. */
  mtu: number;
  /** IFF_* flags (IFF_UP 0x1, IFF_RUNNING 0x40, …). */
  flags: number;
}

/** Options of the interface lookups. */
export interface InterfaceLookupOptions {
  /** Look inside this network namespace (name from `ip netns`, or a path). */
  netns?: string;
}

/**
 * An interface's index, MAC, MTU and flags (ioctl SIOCGIFINDEX / SIOCGIFHWADDR / …).
 * Throws {@link SocketError} with code `'ENODEV'` for an unknown name.
 *
 * @param name - interface name
 * @param options - namespace
 * @returns the facts
 */
export function interfaceInfo(name: string, options: InterfaceLookupOptions = {}): InterfaceInfo {
  const ns = options.netns === undefined ? undefined : netnsPath(options.netns);
  const r = native(() => binding().interfaceInfo(name, ns));
  const macBytes = r.mac ?? Buffer.alloc(6);
  return {
    name,
    index: r.index,
    mac: [...macBytes].map((b) => b.toString(16).padStart(2, '0')).join(':'),
    macBytes,
    hwtype: r.hwtype ?? 0,
    mtu: r.mtu ?? 0,
    flags: r.flags ?? 0,
  };
}

/**
 * The name of an interface index. Throws {@link SocketError} (`'ENODEV'`) when unknown.
 *
 * @param index - interface index
 * @param options - namespace
 * @returns the name
 */
export function interfaceName(index: number, options: InterfaceLookupOptions = {}): string {
  const ns = options.netns === undefined ? undefined : netnsPath(options.netns);
  return native(() => binding().indexToName(index, ns));
}
