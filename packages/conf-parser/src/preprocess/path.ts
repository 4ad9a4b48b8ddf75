/**
 * Minimal POSIX path helpers (pure, so the preprocessor runs in browsers too).
 *
 * @module
 */

/** True when `p` starts with `/`. */
export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** Collapse `.`, `..` and repeated slashes. Keeps a leading `/`; an empty result is `.`. */
export function normalize(p: string): string {
  const abs = isAbsolute(p);
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (abs) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Join `base` and `rel`; an absolute `rel` wins. */
export function join(base: string, rel: string): string {
  if (isAbsolute(rel)) return normalize(rel);
  return normalize(`${base}/${rel}`);
}

/** The directory part of `p` (`.` when there is none). */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i);
}
