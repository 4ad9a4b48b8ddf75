import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliIo, main, nodeIo } from '../src/cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const broken = join(here, 'fixtures', 'broken');
const cluster = join(here, 'fixtures', 'cluster');
const tmp = mkdtempSync(join(tmpdir(), 'ha-conf-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    ...nodeIo,
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
  };
  const code = main(argv, io);
  return { code, out, err };
}

describe('ha-conf CLI', () => {
  it('--help prints usage and exits 0; no arguments exits 2', () => {
    const h = run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('ha-conf lint FILE');
    expect(run().code).toBe(2);
    expect(run('frobnicate', 'x').code).toBe(2);
    expect(run('lint', '--bogus', 'x').code).toBe(2);
    expect(run('lint').code).toBe(2);
  });

  it('lint of a clean file exits 0', () => {
    const r = run('lint', '--interfaces', 'eth0', join(broken, '00-ok-minimal.conf'));
    expect(r.code).toBe(0);
    expect(r.err).toContain('would exit 0');
  });

  it('lint prints a code frame and exits like keepalived -t', () => {
    const r = run('lint', '--interfaces', 'eth0', join(broken, '22-nopreempt-state-master.conf'));
    expect(r.code).toBe(5);
    expect(r.out).toMatch(/22-nopreempt-state-master\.conf:\d+:\d+: warning\[HA102\]/);
    expect(r.out).toContain('|   nopreempt');
    expect(r.out).toMatch(/\|\s+\^/);
  });

  it('lint --json is machine readable', () => {
    const r = run(
      'lint',
      '--json',
      '--interfaces',
      'eth0',
      join(broken, '20-duplicate-vrid-same-interface.conf'),
    );
    expect(r.code).toBe(5);
    const j = JSON.parse(r.out) as {
      exitCode: number;
      files: Array<{ diagnostics: Array<{ code: string }> }>;
    };
    expect(j.exitCode).toBe(5);
    expect(j.files[0]?.diagnostics.map((d) => d.code)).toContain('HA107');
  });

  it('lint without host knowledge does not fail on unknown interfaces; --interfaces does', () => {
    const f = join(broken, '11-nonexistent-interface.conf');
    expect(run('lint', f).code).toBe(0);
    expect(run('lint', '--interfaces', 'eth0', f).code).toBe(5);
  });

  it('info findings only with --verbose; a missing parameter exits 2 as keepalived', () => {
    const f = join(broken, '100-priority-without-value.conf');
    const plain = run('lint', f);
    expect(plain.code).toBe(2);
    expect(plain.out).not.toContain('KA502');
    expect(run('lint', '--verbose', f).out).toContain('info[KA502]');
    const quiet = run('lint', '--quiet', join(broken, '91-strict-no-accept.conf'));
    expect(quiet.out).toBe('');
    expect(quiet.err).toContain('no problems found');
  });

  it('lint -i selects @id conditional lines', () => {
    const f = join(broken, '79-ok-conditional.conf');
    expect(run('lint', '-i', 'node1', '--interfaces', 'eth0', f).code).toBe(0);
  });

  it('lint --cluster adds HA2xx findings and exits 1 when only the cluster is wrong', () => {
    const r = run(
      'lint',
      '--cluster',
      '--interfaces',
      'eth0,ens3',
      join(cluster, 'good-h1.conf'),
      join(cluster, 'good-h2.conf'),
    );
    expect(r.code).toBe(0);
    const bad = run(
      'lint',
      '--cluster',
      '--json',
      join(cluster, 'split-h1.conf'),
      join(cluster, 'split-h2.conf'),
    );
    const j = JSON.parse(bad.out) as { cluster: { ok: boolean; diagnostics: Array<{ code: string }> } };
    expect(j.cluster.ok).toBe(false);
    expect(j.cluster.diagnostics.map((d) => d.code)).toContain('HA201');
  });

  it('fmt --check exits 1 for a file that would change, --write rewrites it', () => {
    const f = join(tmp, 'messy.conf');
    writeFileSync(f, 'vrrp_instance VI_1 {\n      interface eth0\n virtual_router_id 51\n}\n');
    const check = run('fmt', '--check', f);
    expect(check.code).toBe(1);
    expect(check.out).toContain('would reformat');
    expect(run('fmt', '--write', f).code).toBe(0);
    expect(run('fmt', '--check', f).code).toBe(0);
    const printed = run('fmt', f);
    expect(printed.out).toBe(readFileSync(f, 'utf8'));
    expect(run('fmt', '--check', '--write', f).code).toBe(2);
    expect(run('fmt', join(tmp, 'missing.conf')).code).toBe(2);
  });

  it('json prints the typed model', () => {
    const r = run('json', join(broken, '00-ok-minimal.conf'));
    expect(r.code).toBe(0);
    const model = JSON.parse(r.out) as unknown;
    expect(model).not.toBeNull();
    expect(r.out).toContain('VI_1');
    expect(run('json', 'a', 'b').code).toBe(2);
  });
});
