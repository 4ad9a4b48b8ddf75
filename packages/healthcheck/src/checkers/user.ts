/**
 * Resolving keepalived's `user USERNAME [GROUPNAME]` to numeric ids (from /etc/passwd and /etc/group).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { CheckerConfigError } from './common.js';

/** Numeric credentials a script runs with. */
export interface ScriptCredentials {
  /** User id. */
  uid: number;
  /** Group id. */
  gid: number;
}

function table(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/**
 * Resolves a user (name or numeric id) and optional group (name or numeric id; default: the user's
 * primary group) to ids. Throws {@link CheckerConfigError} when a name is unknown.
 */
export function resolveCredentials(
  user: string,
  group?: string,
  files: { passwd: string; group: string } = { passwd: '/etc/passwd', group: '/etc/group' },
): ScriptCredentials {
  let uid: number;
  let gid: number | undefined;
  const pw = table(files.passwd).find((f) => f[0] === user);
  if (pw) {
    uid = Number(pw[2]);
    gid = Number(pw[3]);
  } else if (/^\d+$/.test(user)) {
    uid = Number(user);
    const byId = table(files.passwd).find((f) => f[2] === user);
    gid = byId ? Number(byId[3]) : undefined;
  } else {
    throw new CheckerConfigError('user', `unknown user '${user}'`);
  }
  if (group !== undefined) {
    const gr = table(files.group).find((f) => f[0] === group);
    if (gr) gid = Number(gr[2]);
    else if (/^\d+$/.test(group)) gid = Number(group);
    else throw new CheckerConfigError('group', `unknown group '${group}'`);
  }
  if (gid === undefined)
    throw new CheckerConfigError('group', `no group given and user ${user} has no passwd entry`);
  return { uid, gid };
}
