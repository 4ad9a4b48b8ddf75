import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CheckerConfigError,
  createMiscCheck,
  miscExitOutcome,
  resolveCredentials,
  splitCommandLine,
} from '../../src/checkers/index.js';
import { ENGINES, expectEngine, expectNoLeaks, never, snapshot } from './helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ha-misc-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** True while `pid` exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms = 1000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !alive(pid);
}

function script(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

describe.each(ENGINES)('MISC_CHECK on the %s engine', (engine) => {
  expectEngine(engine);
  let before: Map<string, number>;
  beforeEach(() => {
    before = snapshot();
  });
  afterEach(async () => {
    await expectNoLeaks(before);
  });

  it('exit 0 passes, exit 1 fails quoting the output', async () => {
    expect(
      await createMiscCheck({ engine, miscPath: '/bin/true', miscTimeoutMs: 2000 })(never),
    ).toMatchObject({
      ok: true,
      reason: 'exit 0',
    });
    const s = script('fail.sh', 'echo "backend down" >&2; exit 1');
    const r = await createMiscCheck({ engine, miscPath: s, miscTimeoutMs: 2000 })(never);
    expect(r).toMatchObject({ ok: false, code: 'exit', reason: 'exit 1: backend down' });
    expect(r.weight).toBeUndefined();
  });

  it('passes arguments without a shell (quoting, no expansion)', async () => {
    const out = join(dir, 'args.txt');
    const s = script('args.sh', `for a in "$@"; do printf '%s|' "$a"; done > ${out}`);
    const r = await createMiscCheck({
      engine,
      miscPath: `${s} "two words" 'single $HOME' \\* ;echo`,
      miscTimeoutMs: 2000,
    })(never);
    expect(r.ok).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('two words|single $HOME|*|;echo|');
  });

  it('misc_dynamic: 0 ok without weight, 1 fails, 2..255 ok with weight = status - 2', async () => {
    const s = script('dyn.sh', 'exit "$1"');
    const probe = (code: number) =>
      createMiscCheck({ engine, miscPath: [s, String(code)], miscDynamic: true })(never);
    expect(await probe(0)).toMatchObject({ ok: true });
    expect((await probe(0)).weight).toBeUndefined();
    expect(await probe(1)).toMatchObject({ ok: false, code: 'exit' });
    expect(await probe(2)).toMatchObject({ ok: true, weight: 0 });
    expect(await probe(12)).toMatchObject({ ok: true, weight: 10 });
    expect(await probe(255)).toMatchObject({ ok: true, weight: 253 });
    expect(await createMiscCheck({ engine, miscPath: [s, '12'] })(never)).toMatchObject({
      ok: false,
      code: 'exit',
    });
    expect(miscExitOutcome(7, false)).toEqual({ ok: false, code: 'exit', reason: 'exit 7' });
  });

  it('kills a hanging script AND its child on timeout', async () => {
    const pidfile = join(dir, 'pids');
    const s = script('hang.sh', `sleep 30 & echo "$$ $!" > ${pidfile}; wait`);
    const r = await createMiscCheck({ engine, miscPath: s, miscTimeoutMs: 300 })(never);
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    expect(r.latencyMs).toBeLessThan(2000);
    const [shPid, sleepPid] = readFileSync(pidfile, 'utf8').trim().split(' ').map(Number);
    expect(await waitGone(shPid!)).toBe(true);
    expect(await waitGone(sleepPid!)).toBe(true);
  });

  it('kills the process group when the caller aborts', async () => {
    const pidfile = join(dir, 'pids2');
    const s = script('hang2.sh', `sleep 30 & echo "$!" > ${pidfile}; wait`);
    const ac = new AbortController();
    const p = createMiscCheck({ engine, miscPath: s, miscTimeoutMs: 5000 })(ac.signal);
    while (!existsSync(pidfile)) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    expect(await p).toMatchObject({ ok: false, code: 'aborted' });
    expect(await waitGone(Number(readFileSync(pidfile, 'utf8')))).toBe(true);
  });

  it('drains a stdout flood without blocking or buffering it', async () => {
    const s = script('flood.sh', 'head -c 50000000 /dev/zero; echo done >&2; exit 0');
    const heap = process.memoryUsage().rss;
    const r = await createMiscCheck({ engine, miscPath: s, miscTimeoutMs: 10_000 })(never);
    expect(r).toMatchObject({ ok: true });
    expect(process.memoryUsage().rss - heap).toBeLessThan(40_000_000);
  });

  it('fails with code spawn when the program does not exist', async () => {
    const r = await createMiscCheck({ engine, miscPath: '/nonexistent/check --flag' })(never);
    expect(r).toMatchObject({ ok: false, code: 'spawn' });
    expect(r.reason).toContain('ENOENT');
  });

  it('runs as another user (root only)', async () => {
    if (engine === 'native') {
      // posix_spawn cannot change user: asking for both is a configuration error, not a silent fallback.
      expect(() => createMiscCheck({ engine, miscPath: '/bin/true', user: 'nobody' })).toThrow(/engine/);
      return;
    }
    if (process.getuid?.() !== 0) return;
    chmodSync(dir, 0o755);
    const s = script('id.sh', 'echo "$(id -u) $(id -g)" >&2; [ "$(id -u) $(id -g)" = "$1 $2" ]');
    const nobody = resolveCredentials('nobody');
    const r = await createMiscCheck({
      engine,
      miscPath: [s, String(nobody.uid), String(nobody.gid)],
      user: 'nobody',
    })(never);
    expect(r).toMatchObject({ ok: true });
    expect(await createMiscCheck({ engine, miscPath: [s, '0', '0'], user: 'nobody' })(never)).toMatchObject({
      ok: false,
      reason: `exit 1: ${nobody.uid} ${nobody.gid}`,
    });
    expect(() => createMiscCheck({ engine, miscPath: s, user: 'no-such-user-xyz' })).toThrow(
      CheckerConfigError,
    );
  });

  it('splits command lines like a simple shell, and rejects bad ones', () => {
    expect(splitCommandLine(' /bin/check  -a "b c" d\\ e \'f "g"\' "h\\"i" ')).toEqual([
      '/bin/check',
      '-a',
      'b c',
      'd e',
      'f "g"',
      'h"i',
    ]);
    expect(splitCommandLine('a""b \'\'')).toEqual(['ab', '']);
    expect(() => splitCommandLine('a "b')).toThrow(/unterminated double/);
    expect(() => splitCommandLine("a 'b")).toThrow(/unterminated single/);
    expect(() => splitCommandLine('   ')).toThrow(/empty/);
  });
});
