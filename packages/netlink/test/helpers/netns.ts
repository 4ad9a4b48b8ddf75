import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A unique name with the `hask-` prefix (≤ 15 chars, fits an interface name). */
export function uniqueName(): string {
  return `hask-${randomBytes(4).toString('hex')}`;
}

/** Runs `ip …` and returns stdout. */
export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' });
}

/** Network namespaces and veths made for one test file, deleted by `cleanup()`. */
export class NetnsLab {
  readonly namespaces: string[] = [];

  /** Creates a namespace with loopback up. */
  addNamespace(): string {
    const ns = uniqueName();
    ip('netns', 'add', ns);
    this.namespaces.push(ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    return ns;
  }

  /** Runs a command inside a namespace. */
  exec(ns: string, cmd: string, ...args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8' });
  }

  /** Creates a veth pair between two namespaces, both ends up, returning the names. */
  veth(nsA: string, nsB: string): [string, string] {
    const a = uniqueName();
    const b = uniqueName();
    ip('link', 'add', a, 'netns', nsA, 'type', 'veth', 'peer', 'name', b, 'netns', nsB);
    ip('-n', nsA, 'link', 'set', a, 'up');
    ip('-n', nsB, 'link', 'set', b, 'up');
    return [a, b];
  }

  /** Deletes every namespace (their veths go with them); never throws. */
  cleanup(): void {
    for (const ns of this.namespaces.splice(0)) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // already gone
      }
    }
  }
}
