/**
 * Node-only host probing for the linter and the CLI: the interfaces in `/sys/class/net` and
 * whether a script command exists (absolute path, or a name found in `PATH`).
 *
 * @module
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Names of this host's network interfaces, or undefined when `/sys/class/net` is not readable. */
export function hostInterfaces(sysClassNet = '/sys/class/net'): string[] | undefined {
  try {
    return readdirSync(sysClassNet).sort();
  } catch {
    return undefined;
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when `command` (a program path or name) is executable here. */
export function hostScriptExists(command: string, pathEnv = process.env.PATH ?? ''): boolean {
  if (command === '') return false;
  if (isAbsolute(command) || command.includes('/')) return executable(command);
  return pathEnv
    .split(delimiter)
    .filter((d) => d !== '')
    .some((d) => executable(join(d, command)));
}
