/**
 * The Node.js file-system host. This is the only module of `@ha/conf-parser` that touches
 * `node:fs`; it reaches it through `process.getBuiltinModule` at call time, so bundling the
 * package for a browser pulls in no Node built-in.
 *
 * @module
 */
import type { ConfigHost, HostDirEntry, HostReadResult } from './host.js';

/** The subset of `node:fs` used here. */
interface FsLike {
  statSync(p: string): { isFile(): boolean; isDirectory(): boolean; size: number; mode: number };
  readFileSync(p: string, enc: 'utf8'): string;
  readdirSync(
    p: string,
    o: { withFileTypes: true },
  ): { name: string; isDirectory(): boolean; isSymbolicLink(): boolean }[];
}

/** Load `node:fs`, or undefined outside Node (or on a Node without `getBuiltinModule`). */
function loadFs(): FsLike | undefined {
  const proc: unknown = (globalThis as { process?: unknown }).process;
  if (typeof proc !== 'object' || proc === null) return undefined;
  const get: unknown = (proc as { getBuiltinModule?: unknown }).getBuiltinModule;
  if (typeof get !== 'function') return undefined;
  try {
    const fs: unknown = (get as (id: string) => unknown).call(proc, 'node:fs');
    return fs as FsLike;
  } catch {
    return undefined;
  }
}

/** Node's `process.cwd()`, or `/`. */
function processCwd(): string {
  const proc: unknown = (globalThis as { process?: unknown }).process;
  const cwd: unknown =
    typeof proc === 'object' && proc !== null ? (proc as { cwd?: unknown }).cwd : undefined;
  if (typeof cwd === 'function') {
    const v: unknown = (cwd as () => unknown).call(proc);
    if (typeof v === 'string') return v;
  }
  return '/';
}

/** Map an fs error to a host error kind. */
function errorKind(e: unknown): HostReadResult {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, error: 'not-found', message };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, error: 'denied', message };
  if (code === 'EISDIR') return { ok: false, error: 'not-file', message };
  return { ok: false, error: 'other', message };
}

/** A {@link ConfigHost} over the real file system (Node ≥ 20.16). Never throws. */
export const nodeHost: ConfigHost = {
  readFile(path: string, maxBytes: number): HostReadResult {
    const fs = loadFs();
    if (!fs) return { ok: false, error: 'other', message: 'no file system here; pass options.host' };
    try {
      const st = fs.statSync(path);
      if (!st.isFile()) return { ok: false, error: 'not-file', message: `${path} is not a regular file` };
      // keepalived refuses executable configuration files too.
      if ((st.mode & 0o111) !== 0) return { ok: false, error: 'not-file', message: `${path} is executable` };
      if (st.size > maxBytes)
        return { ok: false, error: 'too-large', message: `${path} is ${st.size} bytes (limit ${maxBytes})` };
      return { ok: true, text: fs.readFileSync(path, 'utf8') };
    } catch (e) {
      return errorKind(e);
    }
  },
  listDir(path: string): HostDirEntry[] | undefined {
    const fs = loadFs();
    if (!fs) return undefined;
    try {
      return fs.readdirSync(path, { withFileTypes: true }).map((d) => {
        let directory = d.isDirectory();
        if (d.isSymbolicLink()) {
          // Follow links, as glob(3) does.
          try {
            directory = fs.statSync(`${path}/${d.name}`).isDirectory();
          } catch {
            directory = false;
          }
        }
        return { name: d.name, directory };
      });
    } catch {
      return undefined;
    }
  },
  cwd: processCwd,
};
