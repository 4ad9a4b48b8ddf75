// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, format, preprocess } from '../src/index.js';

/** Where Debian installs keepalived. */
const KEEPALIVED = ['/usr/sbin/keepalived', '/usr/bin/keepalived'].find((p) => existsSync(p));

/** keepalived -t's exit code as our diagnostics predict it (fatal 4, error 5, else 0). */
function predictedExit(diags: readonly Diagnostic[]): number {
  if (diags.some((d) => d.keepalived === 'fatal')) return 4;
  if (diags.some((d) => d.keepalived === 'error')) return 5;
  return 0;
}

/** Configurations that are valid except for one language-level problem (or none). */
const CASES: [string, string][] = [
  ['valid', 'global_defs {\n router_id x\n}\n'],
  ["extra '}'", 'global_defs {\n router_id x\n}\n}\n'],
  ["missing '}'", 'global_defs {\n router_id x\n'],
  ['unterminated quote', 'global_defs {\n router_id "x\n}\n'],
  ['include matching nothing', 'global_defs {\n router_id x\n}\ninclude /nonexistent/ha-test-*.conf\n'],
  ["unexpected '{'", '{\n}\n'],
  ['invalid ~SEQ', 'global_defs {\n~SEQ(I,0,0,5) router_id x\n}\n'],
  ['conditional line for another id', 'global_defs {\n@other router_id x\n}\n'],
  ['conditional line for this id', 'global_defs {\n@main router_id x\n}\n'],
  ['definitions and substitution', '$R=x\nglobal_defs {\n router_id $R # c\n}\n'],
  ['multiline definition', '$G= \\\nglobal_defs { \\\n router_id y \\\n}\n\n$G\n'],
  ['sequence', 'global_defs {\n~SEQ(I,1,2) router_id r$I\n}\n'],
  ['brace on the next line', 'global_defs\n{\n router_id x\n}\n'],
  ['comments and escapes', 'global_defs { # c\n router_id a\\#b ! x\n}\n'],
];

describe.skipIf(!KEEPALIVED)('keepalived -t parity (exit code)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-ka-'));
  for (const [name, text] of CASES) {
    it(name, () => {
      const file = join(dir, `${name.replace(/\W+/g, '_')}.conf`);
      writeFileSync(file, text);
      const ka = spawnSync(KEEPALIVED as string, ['-t', '-f', file, '-i', 'main'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      const ours = preprocess({ file }, { instance: 'main' });
      expect({ name, exit: predictedExit(ours.diagnostics) }).toEqual({ name, exit: ka.status });
    });
  }
});

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = [resolve(repo, '../shared/keepalived-samples'), resolve(repo, 'examples/configs')]
  .filter((d) => existsSync(d))
  .flatMap((d) =>
    readdirSync(d)
      .filter((n) => !d.endsWith('configs') || n.endsWith('.conf'))
      .map((n) => join(d, n)),
  );

/** keepalived -t's exit code and messages, without file names and line numbers. */
function check(file: string): { status: number | null; messages: string[] } {
  const r = spawnSync(KEEPALIVED as string, ['-t', '-f', file], { encoding: 'utf8', timeout: 20_000 });
  const messages = `${r.stdout}${r.stderr}`
    .split('\n')
    .map((l) => l.replace(/\([^)]*Line \d+\)/g, '').trim())
    .filter((l) => l !== '')
    .sort();
  return { status: r.status, messages };
}

describe.skipIf(!KEEPALIVED || corpus.length === 0)('keepalived -t sees format(x) exactly as x', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-fmt-'));
  for (const file of corpus) {
    it(file.slice(file.lastIndexOf('/') + 1), () => {
      const base = join(dir, file.slice(file.lastIndexOf('/') + 1));
      writeFileSync(`${base}.orig`, readFileSync(file, 'utf8'));
      writeFileSync(`${base}.fmt`, format(readFileSync(file, 'utf8')));
      expect(check(`${base}.fmt`)).toEqual(check(`${base}.orig`));
    });
  }
});
