#!/usr/bin/env node
/**
 * The `ha-conf` command line: `lint` (keepalived -t compatible exit codes, `@ha` lints, cluster
 * lint), `fmt` (canonical formatting) and `json` (the typed model). `main(argv, io)` is
 * exported so tests can run it without a build.
 *
 * @module
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { lintCluster } from './lint/cluster.js';
import { exitCodeOf } from './lint/exit-code.js';
import { formatDiagnostic } from './lint/format.js';
import { hostInterfaces, hostScriptExists } from './lint/host.js';
import { lint } from './lint/lint.js';
import type { LintOptions, LintResult } from './lint/options.js';
import { format } from './syntax/index.js';
import type { Diagnostic } from './types.js';

/** Where the CLI writes and how it reads files; injectable for tests. */
export interface CliIo {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a UTF-8 file; undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Writes a UTF-8 file; returns an error message on failure. */
  writeFile(path: string, text: string): string | undefined;
}

/** The real process I/O. */
export const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  writeFile: (p, t) => {
    try {
      writeFileSync(p, t);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  },
};

/** Usage text printed by `--help`. */
export const USAGE = `Usage:
  ha-conf lint FILE... [--json] [-i ID] [--cluster] [--host] [--interfaces a,b]
               [--quiet | --verbose]
  ha-conf fmt FILE... [--check | --write]
  ha-conf json FILE [-i ID]
  ha-conf --help | --version

lint   Check keepalived configurations. Exit status as keepalived -t (2.2.7):
       0 ok, 2 parsing aborted (missing parameter), 4 cannot run, 5 configuration
       errors, 6 scripts without enable_script_security.
       --cluster   also compare the files as the nodes of one cluster (HA2xx); exits 1 when
                   only the cluster check finds errors
       --host      check interfaces (/sys/class/net) and scripts against this host
       --interfaces a,b   the interfaces that exist on the target host
       -i ID       config id for @ID conditional lines (keepalived -i)
       --json      machine-readable output
       --quiet     only diagnostics that change keepalived's verdict, and errors
       --verbose   also info findings (e.g. host-dependent checks skipped)
fmt    Print the canonical formatting (--check: exit 1 if a file would change;
       --write: rewrite files in place).
json   Print the typed model as JSON.
Exit 2 on usage errors.
`;

interface Parsed {
  command: string;
  files: string[];
  flags: Set<string>;
  instance?: string;
  interfaces?: string[];
  error?: string;
}

function parseArgs(argv: readonly string[]): Parsed {
  const p: Parsed = { command: '', files: [], flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-i' || a === '--config-id') {
      const v = argv[++i];
      if (v === undefined) p.error = `${a} needs a value`;
      else p.instance = v;
    } else if (a.startsWith('--config-id=')) {
      p.instance = a.slice('--config-id='.length);
    } else if (a === '--interfaces') {
      const v = argv[++i];
      if (v === undefined) p.error = '--interfaces needs a value';
      else p.interfaces = v.split(',').filter((x) => x !== '');
    } else if (a.startsWith('--interfaces=')) {
      p.interfaces = a
        .slice('--interfaces='.length)
        .split(',')
        .filter((x) => x !== '');
    } else if (a === '-h') {
      p.flags.add('--help');
    } else if (a.startsWith('-') && a !== '-') {
      p.flags.add(a);
    } else if (p.command === '') {
      p.command = a;
    } else {
      p.files.push(a);
    }
  }
  return p;
}

const KNOWN_FLAGS: Record<string, string[]> = {
  lint: ['--json', '--cluster', '--host', '--quiet', '--verbose'],
  fmt: ['--check', '--write'],
  json: [],
};

function sourceOf(io: CliIo, cache: Map<string, string | undefined>, file: string): string | undefined {
  if (!cache.has(file)) cache.set(file, io.readFile(file));
  return cache.get(file);
}

function worstExit(codes: readonly number[]): number {
  if (codes.includes(2)) return 2;
  if (codes.includes(4)) return 4;
  if (codes.includes(6)) return 6;
  if (codes.includes(5)) return 5;
  return 0;
}

function visible(d: Diagnostic, quiet: boolean, verbose: boolean): boolean {
  if (quiet) return d.keepalived === 'error' || d.keepalived === 'fatal' || d.severity === 'error';
  return verbose || d.severity !== 'info';
}

function runLint(p: Parsed, io: CliIo): number {
  const options: LintOptions = {};
  if (p.instance !== undefined) options.instance = p.instance;
  if (p.interfaces !== undefined) options.interfaces = p.interfaces;
  if (p.flags.has('--host')) {
    const ifs = hostInterfaces();
    if (ifs !== undefined && options.interfaces === undefined) options.interfaces = ifs;
    options.scriptExists = (c) => hostScriptExists(c);
  }
  const quiet = p.flags.has('--quiet');
  const verbose = p.flags.has('--verbose') || p.flags.has('--json');
  const results: Array<{ file: string; result: LintResult }> = p.files.map((file) => ({
    file,
    result: lint({ file }, options),
  }));
  const cluster = p.flags.has('--cluster')
    ? lintCluster(
        p.files.map((file) => ({ file })),
        { ...options, perNode: false },
      )
    : undefined;
  let code = worstExit(results.map((r) => r.result.exitCode));
  if (code === 0 && cluster !== undefined && !cluster.ok) code = 1;
  if (p.flags.has('--json')) {
    const json = {
      exitCode: code,
      files: results.map((r) => ({
        file: r.file,
        exitCode: r.result.exitCode,
        diagnostics: r.result.diagnostics.filter((d) => visible(d, quiet, verbose)),
      })),
      ...(cluster !== undefined
        ? { cluster: { ok: cluster.ok, groups: cluster.groups, diagnostics: cluster.diagnostics } }
        : {}),
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return code;
  }
  const cache = new Map<string, string | undefined>();
  const all = [...results.flatMap((r) => r.result.diagnostics), ...(cluster?.diagnostics ?? [])];
  let shown = 0;
  for (const d of all) {
    if (!visible(d, quiet, verbose)) continue;
    shown++;
    io.stdout(`${formatDiagnostic(d, sourceOf(io, cache, d.origin.file))}\n\n`);
  }
  for (const r of results) {
    io.stderr(`${r.file}: keepalived -t would exit ${r.result.exitCode}\n`);
  }
  if (cluster !== undefined) {
    io.stderr(`cluster: ${cluster.groups.length} virtual router(s), ${cluster.ok ? 'ok' : 'errors'}\n`);
  }
  if (shown === 0) io.stderr('no problems found\n');
  return code;
}

function runFmt(p: Parsed, io: CliIo): number {
  const check = p.flags.has('--check');
  const write = p.flags.has('--write');
  if (check && write) {
    io.stderr('ha-conf fmt: --check and --write are exclusive\n');
    return 2;
  }
  let code = 0;
  for (const file of p.files) {
    const text = io.readFile(file);
    if (text === undefined) {
      io.stderr(`ha-conf fmt: cannot read ${file}\n`);
      code = Math.max(code, 2);
      continue;
    }
    const formatted = format(text);
    if (check) {
      if (formatted !== text) {
        io.stdout(`${file}: would reformat\n`);
        code = Math.max(code, 1);
      }
    } else if (write) {
      if (formatted !== text) {
        const err = io.writeFile(file, formatted);
        if (err !== undefined) {
          io.stderr(`ha-conf fmt: cannot write ${file}: ${err}\n`);
          code = Math.max(code, 2);
        } else io.stdout(`${file}: reformatted\n`);
      }
    } else {
      io.stdout(formatted);
    }
  }
  return code;
}

function runJson(p: Parsed, io: CliIo): number {
  if (p.files.length !== 1) {
    io.stderr('ha-conf json: exactly one FILE\n');
    return 2;
  }
  const options: LintOptions = {};
  if (p.instance !== undefined) options.instance = p.instance;
  const r = lint({ file: p.files[0]! }, options);
  io.stdout(`${JSON.stringify(r.config ?? null, null, 2)}\n`);
  const cache = new Map<string, string | undefined>();
  for (const d of r.diagnostics) {
    if (d.keepalived === 'error' || d.keepalived === 'fatal') {
      io.stderr(`${formatDiagnostic(d, sourceOf(io, cache, d.origin.file))}\n`);
    }
  }
  return exitCodeOf(r.diagnostics);
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit status. */
export function main(argv: readonly string[], io: CliIo = nodeIo): number {
  const p = parseArgs(argv);
  if (p.flags.has('--version')) {
    io.stdout('ha-conf (@ha/conf-parser) 0.1.0\n');
    return 0;
  }
  if (p.flags.has('--help') || p.command === 'help' || p.command === '') {
    (p.command === '' && !p.flags.has('--help') ? io.stderr : io.stdout)(USAGE);
    return p.command === '' && !p.flags.has('--help') ? 2 : 0;
  }
  const known = KNOWN_FLAGS[p.command];
  if (known === undefined) {
    io.stderr(`ha-conf: unknown command '${p.command}'\n${USAGE}`);
    return 2;
  }
  if (p.error !== undefined) {
    io.stderr(`ha-conf: ${p.error}\n`);
    return 2;
  }
  const bad = [...p.flags].filter((f) => !known.includes(f));
  if (bad.length > 0) {
    io.stderr(`ha-conf ${p.command}: unknown option ${bad.join(', ')}\n`);
    return 2;
  }
  if (p.files.length === 0) {
    io.stderr(`ha-conf ${p.command}: no FILE given\n`);
    return 2;
  }
  if (p.command === 'lint') return runLint(p, io);
  if (p.command === 'fmt') return runFmt(p, io);
  return runJson(p, io);
}

function invokedDirectly(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  let real = entry;
  try {
    real = realpathSync(entry);
  } catch {
    // keep the given path
  }
  return /(?:^|[\\/])(?:cli\.(?:c?js|ts)|ha-conf)$/.test(real) || /(?:^|[\\/])ha-conf$/.test(entry);
}

if (invokedDirectly()) {
  process.exitCode = main(process.argv.slice(2));
}
