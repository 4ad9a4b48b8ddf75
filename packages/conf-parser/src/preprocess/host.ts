/**
 * How the preprocessor reaches files: an injectable host, so the same code runs on Node
 * ({@link nodeHost} in `node-host.ts`), in tests and in browsers ({@link memoryHost}).
 *
 * @module
 */
import { dirname, join, normalize } from './path.js';

/** Why a read failed. */
export type HostErrorKind = 'not-found' | 'not-file' | 'denied' | 'too-large' | 'other';

/** Outcome of {@link ConfigHost.readFile}. */
export type HostReadResult =
  | {
      /** The read succeeded. */
      ok: true;
      /** File contents decoded as UTF-8. */
      text: string;
    }
  | {
      /** The read failed. */
      ok: false;
      /** Why. */
      error: HostErrorKind;
      /** Human-readable detail. */
      message: string;
    };

/** One entry of a directory listing. */
export interface HostDirEntry {
  /** Name inside the directory (no slash). */
  name: string;
  /** True for a directory. */
  directory: boolean;
}

/** File access used by the preprocessor. Implementations must not throw. */
export interface ConfigHost {
  /** Read `path` as UTF-8; must refuse (error `too-large`) files larger than `maxBytes` without reading them whole. */
  readFile(path: string, maxBytes: number): HostReadResult;
  /** Entries of directory `path`, or `undefined` when it is not a readable directory. */
  listDir(path: string): HostDirEntry[] | undefined;
  /** Directory that relative entry paths are resolved against. */
  cwd(): string;
}

/**
 * An in-memory host: `files` maps absolute (or cwd-relative) paths to contents. Directories
 * are implied by the paths. For tests and browsers.
 */
export function memoryHost(files: Record<string, string>, cwd = '/'): ConfigHost {
  const table = new Map<string, string>();
  const dirs = new Map<string, Map<string, boolean>>();
  const addDir = (dir: string, name: string, isDir: boolean): void => {
    let m = dirs.get(dir);
    if (!m) {
      m = new Map();
      dirs.set(dir, m);
    }
    if (!m.get(name)) m.set(name, isDir);
  };
  for (const [p, text] of Object.entries(files)) {
    const abs = join(cwd, p);
    table.set(abs, text);
    let child = abs;
    let isDir = false;
    while (child !== '/' && child !== '.') {
      const parent = dirname(child);
      addDir(parent, child.slice(parent === '/' ? 1 : parent.length + 1), isDir);
      isDir = true;
      child = parent;
    }
  }
  return {
    readFile(path: string, maxBytes: number): HostReadResult {
      const abs = normalize(path);
      const text = table.get(abs);
      if (text === undefined) {
        if (dirs.has(abs)) return { ok: false, error: 'not-file', message: `${path} is a directory` };
        return { ok: false, error: 'not-found', message: `${path}: no such file` };
      }
      if (text.length > maxBytes)
        return { ok: false, error: 'too-large', message: `${path} is larger than ${maxBytes} bytes` };
      return { ok: true, text };
    },
    listDir(path: string): HostDirEntry[] | undefined {
      const m = dirs.get(normalize(path));
      if (!m) return undefined;
      return [...m.entries()].map(([name, directory]) => ({ name, directory }));
    },
    cwd: () => cwd,
  };
}
