#!/usr/bin/env node
// Runs every benchmark script (packages/*/bench/*.ts) with tsx, one after the other, so each
// gets the machine to itself. Their helpers (child-process servers, shared modules) live in
// packages/*/bench/lib/ and are not run on their own. Benchmarks print their own tables with ratios against the
// reference measured in the same run (keepalived, ipvsadm). They are not tests.
// Usage: npm run bench [-- name-filter]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';
const scripts = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith('.ts') && !f.endsWith('.d.ts') && `${pkg}/${f}`.includes(filter))
      scripts.push(join(dir, f));
  }
}
let failed = 0;
for (const s of scripts) {
  console.log(`\n=== bench ${s.slice(root.length)} ===`);
  const r = spawnSync('npx', ['tsx', s], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\nbenchmarks: ${scripts.length - failed} ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
