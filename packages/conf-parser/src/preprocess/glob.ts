/**
 * `include` patterns: csh brace expansion and glob(3)-style matching (`*`, `?`, `[...]`)
 * over a {@link ConfigHost}. Pure; bounded by the caller's limits.
 *
 * @module
 */
import type { ConfigHost } from './host.js';
import { isAbsolute, join, normalize } from './path.js';

/** Result of {@link expandBraces}. */
export interface BraceExpansion {
  /** Alternatives, in csh order. */
  patterns: string[];
  /** True when the expansion stopped at the limit. */
  truncated: boolean;
}

/**
 * Expand csh-style braces: `a{b,c{d,e}}f` gives `abf`, `acdf`, `acef`. A brace group without
 * a top-level comma, or an unbalanced one, is kept literally (as glibc's GLOB_BRACE does).
 */
export function expandBraces(pattern: string, limit: number): BraceExpansion {
  const out: string[] = [];
  let truncated = false;
  const work: string[] = [pattern];
  while (work.length > 0) {
    const p = work.shift() as string;
    const group = findGroup(p);
    if (!group) {
      if (out.length >= limit) {
        truncated = true;
        break;
      }
      out.push(p);
      continue;
    }
    const { open, close, parts } = group;
    const pre = p.slice(0, open);
    const post = p.slice(close + 1);
    const expanded = parts.map((part) => pre + part + post);
    if (work.length + out.length + expanded.length > limit * 4) {
      truncated = true;
      break;
    }
    work.unshift(...expanded);
  }
  return { patterns: out, truncated };
}

/** First brace group with a top-level comma. */
function findGroup(p: string): { open: number; close: number; parts: string[] } | undefined {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < p.length; j++) {
      const c = p[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          if (commas.length === 0) break;
          const parts: string[] = [];
          let from = i + 1;
          for (const c2 of commas) {
            parts.push(p.slice(from, c2));
            from = c2 + 1;
          }
          parts.push(p.slice(from, j));
          return { open: i, close: j, parts };
        }
      } else if (c === ',' && depth === 1) commas.push(j);
    }
  }
  return undefined;
}

/** True when `p` contains an unescaped glob wildcard. */
export function hasWildcard(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Compile one path segment's glob to a RegExp (a leading `.` must be matched explicitly). */
function segmentRegExp(seg: string): RegExp {
  let re = '^';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i] as string;
    if (c === '\\' && i + 1 < seg.length) {
      re += escapeRe(seg[++i] as string);
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      let neg = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        neg = true;
        body = body.slice(1);
      }
      re += `[${neg ? '^' : ''}${body.replace(/[\\\]]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`, 'su');
  } catch {
    // e.g. a reversed range `[z-a]`: glob(3) matches nothing there; so do we.
    return /(?!)/;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => `\\${m}`);
}

/** Result of {@link globFiles}. */
export interface GlobResult {
  /** Matching paths (files only), sorted per pattern. */
  files: string[];
  /** True when the search stopped at the limit. */
  truncated: boolean;
}

/**
 * Match one brace-free pattern (relative to `cwd` unless absolute) against the host's
 * directories. Returns files only (directories are skipped like keepalived does). A pattern
 * without wildcards is returned as-is when it exists as a file.
 */
export function globFiles(host: ConfigHost, cwd: string, pattern: string, limit: number): GlobResult {
  const abs = isAbsolute(pattern) ? normalize(pattern) : join(cwd, pattern);
  if (!hasWildcard(pattern)) {
    const unescaped = abs.replace(/\\(.)/g, '$1');
    return { files: [unescaped], truncated: false };
  }
  const segs = abs.split('/').filter((s) => s !== '');
  let current: string[] = ['/'];
  let truncated = false;
  let visited = 0;
  for (let k = 0; k < segs.length; k++) {
    const seg = segs[k] as string;
    const last = k === segs.length - 1;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasWildcard(seg)) {
        next.push(join(dir, seg.replace(/\\(.)/g, '$1')));
        continue;
      }
      const entries = host.listDir(dir);
      if (!entries) continue;
      const re = segmentRegExp(seg);
      const names = entries
        .filter((e) => (last ? true : e.directory))
        .filter((e) => !(e.name.startsWith('.') && !seg.startsWith('.')))
        .filter((e) => re.test(e.name))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of names) {
        if (last && e.directory) continue;
        next.push(join(dir, e.name));
        visited++;
        if (visited > limit) {
          truncated = true;
          break;
        }
      }
      if (truncated) break;
    }
    current = next;
    if (truncated) break;
  }
  return { files: current.slice(0, limit), truncated };
}
