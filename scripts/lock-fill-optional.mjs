#!/usr/bin/env node
// The registry this project installs from serves only the platform binaries of this machine
// (e.g. @biomejs/cli-linux-x64, not cli-darwin-arm64), so `npm install` writes a lockfile
// without the other platforms' optional packages, and `npm ci` then refuses it ("Missing: …
// from lock file"). This adds a lock entry for every such optional dependency, with the os /
// cpu / libc its name states, so `npm ci` sees a complete lock and skips them on this platform.
// Run after any `npm install` that changes package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'android',
  'darwin',
  'linux',
  'win32',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  arm: 'arm',
  ia32: 'ia32',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loong64',
};
const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (pkgs[key] || pkgs[`${path}/${key}`]) continue;
    const tokens = name.split('/').pop().split('-');
    const os = OS.find((o) => tokens.includes(o));
    const cpuTok = tokens.find((t) => t in CPU);
    if (!os || !cpuTok) continue; // not a platform binary: leave it to npm
    const entry = { version: range.replace(/^[\^~=]/, ''), optional: true };
    if (meta.dev) entry.dev = true;
    entry.os = [os];
    entry.cpu = [CPU[cpuTok]];
    if (tokens.some((t) => t.startsWith('musl'))) entry.libc = ['musl'];
    pkgs[key] = entry;
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
lock.packages = sorted;
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-fill-optional: added ${added} platform entries to ${file}`);
