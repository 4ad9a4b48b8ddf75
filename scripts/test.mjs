#!/usr/bin/env node
// Runs every test tier this machine can run (unit, netns, kernel), says which tiers it skipped
// and why, and prints one closing line `tests: N passed, N failed, N skipped`.
// Under CI=true a skipped tier, or a skipped test, fails the run: CI must prove everything.
// Usage: node scripts/test.mjs [tier ...] [-- extra vitest args]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const wanted = (dash === -1 ? argv : argv.slice(0, dash)).filter(Boolean);
const extra = dash === -1 ? [] : argv.slice(dash + 1);

/** Lists test files of a tier, mirroring the include/exclude globs of vitest.config.ts. */
function testFiles(tier) {
  const out = [];
  for (const top of ['packages', 'examples']) {
    const base = join(root, top);
    if (!existsSync(base)) continue;
    for (const pkg of readdirSync(base)) {
      const testDir = join(base, pkg, 'test');
      if (!existsSync(testDir)) continue;
      walk(testDir, (file) => {
        if (!file.endsWith('.test.ts')) return;
        const rel = relative(testDir, file).split('/');
        const t = rel[0] === 'netns' ? 'netns' : rel[0] === 'kernel' ? 'kernel' : 'unit';
        if (t === tier) out.push(file);
      });
    }
  }
  return out;
}

function walk(dir, fn) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, fn);
    else fn(p);
  }
}

/** Why a tier cannot run here, or null when it can. */
function cannotRun(tier) {
  if (tier === 'unit') return null;
  if (tier === 'netns') {
    if (process.platform !== 'linux') return 'not Linux';
    if (typeof process.getuid === 'function' && process.getuid() !== 0)
      return 'needs root (network namespaces)';
    const probe = `ha-probe-${process.pid}`;
    const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
    if (add.error) return 'iproute2 (`ip`) is not installed';
    if (add.status !== 0) return `cannot create a network namespace: ${add.stderr.trim()}`;
    spawnSync('ip', ['netns', 'del', probe]);
    return null;
  }
  if (tier === 'kernel') {
    if (process.platform !== 'linux') return 'not Linux';
    const q = spawnSync('sh', ['-c', 'command -v qemu-system-x86_64'], { encoding: 'utf8' });
    if (q.status !== 0) return 'qemu-system-x86_64 is not installed (scripts/kernel-vm.sh installs it)';
    return null;
  }
  return `unknown tier ${tier}`;
}

const tiers = wanted.length > 0 ? wanted : ['unit', 'netns', 'kernel'];
const summary = [];
let passed = 0;
let failed = 0;
let skipped = 0;
let problems = 0;

for (const tier of tiers) {
  const files = testFiles(tier);
  if (files.length === 0) {
    summary.push(`${tier}: no tests yet`);
    continue;
  }
  const why = cannotRun(tier);
  if (why) {
    summary.push(`${tier}: SKIPPED (${why})`);
    if (ci) problems++;
    continue;
  }
  const out = join(root, `.vitest-results-${tier}.json`);
  rmSync(out, { force: true });
  const args = [
    'vitest',
    'run',
    '--project',
    tier,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...extra,
  ];
  const cmd =
    tier === 'kernel'
      ? ['bash', [join(root, 'scripts/kernel-vm.sh'), '-w', root, '-C', root, `npx ${args.join(' ')}`]]
      : ['npx', args];
  console.log(`\n=== tier ${tier}: ${files.length} test files ===`);
  const r = spawnSync(cmd[0], cmd[1], { cwd: root, stdio: 'inherit', env: process.env });
  let res = null;
  try {
    res = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    res = null;
  }
  if (!res) {
    summary.push(`${tier}: FAILED to run (exit ${r.status})`);
    failed++;
    continue;
  }
  const tp = res.numPassedTests ?? 0;
  const tf = res.numFailedTests ?? 0;
  const ts = (res.numPendingTests ?? 0) + (res.numTodoTests ?? 0);
  const suiteFail = res.numFailedTestSuites ?? 0;
  passed += tp;
  failed += tf + (tf === 0 && (suiteFail > 0 || r.status !== 0) ? 1 : 0);
  skipped += ts;
  summary.push(
    `${tier}: ${tp} passed, ${tf} failed, ${ts} skipped${suiteFail ? `, ${suiteFail} suites failed` : ''}`,
  );
}

console.log('\n=== test tiers ===');
for (const line of summary) console.log(`  ${line}`);
if (ci && skipped > 0) {
  console.log('CI=true: skipped tests are not allowed in CI');
  problems++;
}
if (ci && problems > 0) console.log('CI=true: a skipped tier fails the run');
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems > 0 ? 1 : 0);
