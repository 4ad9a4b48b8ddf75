import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hask-pack-'));
const quiet = {
  cwd: pkgDir,
  encoding: 'utf8' as const,
  stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
};

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Where a runtime dependency of @ha/socket lives in this checkout. */
function dependencyDir(name: string): string {
  const require = createRequire(join(pkgDir, 'package.json'));
  return dirname(require.resolve(`${name}/package.json`));
}

describe('the published tarball', () => {
  it('packs with dist, prebuilds and native sources, installs without scripts, and opens a socket', () => {
    execFileSync('npx', ['tsup'], quiet);
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], quiet);
    const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.cjs',
        'dist/index.d.ts',
        'binding.gyp',
        'native/socket.cc',
        'prebuilds/linux-x64/@ha+socket.node',
      ]),
    );
    expect(files.some((f) => f.startsWith('build/'))).toBe(false);
    const tarball = join(work, info!.filename);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', private: true }),
    );
    try {
      execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], {
        ...quiet,
        cwd: app,
      });
    } catch {
      // No registry cache for the dependencies on this machine: lay the package out by hand,
      // exactly as npm would, from the tarball and this checkout's copies of its dependencies.
      const dest = join(app, 'node_modules', '@ha', 'socket');
      mkdirSync(dest, { recursive: true });
      execFileSync('tar', ['xzf', tarball, '-C', dest, '--strip-components=1']);
      for (const dep of ['eventemitter3', 'node-gyp-build']) {
        cpSync(dependencyDir(dep), join(app, 'node_modules', dep), { recursive: true });
      }
    }
    const installed = join(app, 'node_modules', '@ha', 'socket');
    expect(existsSync(join(installed, 'build'))).toBe(false);
    expect(readdirSync(join(installed, 'prebuilds', 'linux-x64'))).toContain('@ha+socket.node');

    const esm =
      "import { NetlinkSocket } from '@ha/socket'; const s = NetlinkSocket.open(0); console.log(s.portId > 0); s.close();";
    expect(execFileSync('node', ['--input-type=module', '-e', esm], { ...quiet, cwd: app }).trim()).toBe(
      'true',
    );
    const cjs =
      "const { NetlinkSocket } = require('@ha/socket'); const s = NetlinkSocket.open(0); console.log(s.fd > 2); s.close();";
    expect(execFileSync('node', ['-e', cjs], { ...quiet, cwd: app }).trim()).toBe('true');
    if (process.getuid?.() === 0) {
      const raw =
        "import { RawSocket } from '@ha/socket'; const s = RawSocket.open({ family: 4, protocol: 112 }); console.log(s.fd > 2); s.close();";
      expect(execFileSync('node', ['--input-type=module', '-e', raw], { ...quiet, cwd: app }).trim()).toBe(
        'true',
      );
    }
  }, 120_000);
});
