/**
 * Network-namespace naming: sockets can be opened inside a named namespace (`ip netns add`)
 * from a process that lives elsewhere; the addon enters it (setns, this thread only) just for
 * the socket() call and returns.
 *
 * @module
 */

/**
 * The path of a network namespace.
 *
 * @param nameOrPath - a name made by `ip netns add` (→ `/var/run/netns/NAME`) or a path such as
 *   `/proc/1234/ns/net`
 * @returns the namespace file path
 */
export function netnsPath(nameOrPath: string): string {
  return nameOrPath.includes('/') ? nameOrPath : `/var/run/netns/${nameOrPath}`;
}
