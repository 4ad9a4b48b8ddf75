#!/usr/bin/env node
// TSDoc reads `@ha` in a doc comment as an (unknown) block tag, which typedoc reports as a
// warning (and warnings fail the docs build). This rewrites bare `@ha` / `@ha/pkg` mentions
// inside /** … */ comments of the given TypeScript files as code spans: `@ha/pkg`.
// Usage: node scripts/fix-doc-tags.mjs [files…] (default: every packages/*/src/**/*.ts)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir, out) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (n === 'node_modules' || n === 'dist') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync('packages').flatMap((p) => {
        try {
          return walk(join('packages', p, 'src'), []);
        } catch {
          return [];
        }
      });
let changed = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const out = text.replace(/\/\*\*[\s\S]*?\*\//g, (comment) =>
    comment
      .replace(
        /(^|[^`\w/{])@ha(\/[a-z][a-z0-9-]*(?:\/[a-z][a-z0-9-]*)?)?(?![\w`-])/g,
        (_m, pre, sub) => `${pre}\`@ha${sub ?? ''}\``,
      )
      .replace(/(^|[^`\w/{])@ha-only\b/g, (_m, pre) => `${pre}\`@ha\`-only`),
  );
  if (out !== text) {
    writeFileSync(f, out);
    changed++;
  }
}
console.log(`fix-doc-tags: ${changed} files changed`);
