/**
 * Benchmark: parse + lint of a large generated keepalived.conf (10,000 virtual servers × 4
 * real servers with TCP_CHECK / HTTP_GET, 1,000 vrrp_instances) against `keepalived -t -f` on
 * the same file, in the same run. Not a test.
 *
 * Run: `npx tsx packages/conf-parser/bench/parse-lint.ts [--runs N] [--vs N] [--vrrp N]`
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectFacts } from '../src/lint/facts.js';
import { lint } from '../src/lint/index.js';
import { checkLvs } from '../src/lint/lvs-checks.js';
import { checkVrrp } from '../src/lint/vrrp-checks.js';
import { buildModel } from '../src/model/index.js';
import { preprocess } from '../src/preprocess/index.js';

function argNum(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : def;
}

const RUNS = argNum('--runs', 5);
const VS = argNum('--vs', 10_000);
const VRRP = argNum('--vrrp', 1_000);

function pickInterface(): string {
  try {
    const ifs = readdirSync('/sys/class/net').filter((n) => n !== 'lo' && !n.startsWith('ifb'));
    return ifs.sort()[0] ?? 'lo';
  } catch {
    return 'lo';
  }
}

/** Generates the configuration text. */
export function generate(vsCount: number, vrrpCount: number, iface: string): string {
  const out: string[] = [];
  out.push('global_defs {', '  router_id BENCH', '}');
  for (let i = 0; i < vrrpCount; i++) {
    const h = i.toString(16);
    out.push(
      `vrrp_instance VI_${i} {`,
      '  state BACKUP',
      `  interface ${iface}`,
      `  virtual_router_id ${(i % 255) + 1}`,
      `  priority ${100 + (i % 50)}`,
      '  version 3',
      '  advert_int 1',
      '  unicast_src_ip 2001:db8:3::1',
      '  unicast_peer {',
      `    2001:db8:2::${h}`,
      '  }',
      '  virtual_ipaddress {',
      `    2001:db8:1::${h}/64`,
      '  }',
      '}',
    );
  }
  for (let i = 0; i < vsCount; i++) {
    const ip = `192.0.2.${i % 250}`;
    const port = 1000 + Math.floor(i / 250);
    out.push(
      `virtual_server ${ip} ${port} {`,
      '  delay_loop 6',
      '  lb_algo wrr',
      '  lb_kind NAT',
      '  protocol TCP',
    );
    for (let r = 0; r < 4; r++) {
      const rs = `198.51.100.${(i * 4 + r) % 250}`;
      out.push(`  real_server ${rs} ${port} {`, '    weight 1');
      if (r % 2 === 0) {
        out.push('    TCP_CHECK {', '      connect_timeout 3', '    }');
      } else {
        out.push(
          '    HTTP_GET {',
          '      url {',
          '        path /health',
          '        status_code 200',
          '      }',
          '      connect_timeout 3',
          '    }',
        );
      }
      out.push('  }');
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function runKeepalived(file: string): Promise<{ ms: number; code: number | string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    execFile('keepalived', ['-t', '-f', file], { maxBuffer: 256 * 1024 * 1024, timeout: 600_000 }, (err) => {
      const ms = performance.now() - t0;
      if (err === null) resolve({ ms, code: 0 });
      else resolve({ ms, code: typeof err.code === 'number' ? err.code : String(err.code ?? err.signal) });
    });
  });
}

async function main(): Promise<void> {
  const iface = pickInterface();
  const text = generate(VS, VRRP, iface);
  const dir = mkdtempSync(join(tmpdir(), 'ha-conf-bench-'));
  const file = join(dir, 'keepalived.conf');
  writeFileSync(file, text);
  const mb = Buffer.byteLength(text) / 1e6;
  console.log(
    `config: ${VS} virtual servers × 4 real servers, ${VRRP} vrrp_instances (${iface}), ${mb.toFixed(2)} MB`,
  );

  const ours: number[] = [];
  let exit = -1;
  let diags = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const r = lint({ text, file }, { interfaces: [iface] });
    const ms = performance.now() - t0;
    if (i > 0) ours.push(ms); // first run warms the JIT
    exit = r.exitCode;
    diags = r.diagnostics.length;
  }
  // Phase split (separate runs): preprocess, model, the linter's own checks.
  const phases = { preprocess: [] as number[], model: [] as number[], checks: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    const pp = preprocess({ text, file });
    phases.preprocess.push(performance.now() - t0);
    t0 = performance.now();
    buildModel(pp.nodes);
    phases.model.push(performance.now() - t0);
    t0 = performance.now();
    const facts = collectFacts(pp.nodes);
    checkVrrp(facts, { interfaces: new Set([iface]) });
    checkLvs(facts, []);
    phases.checks.push(performance.now() - t0);
  }
  const theirs: number[] = [];
  let kaCode: number | string = 'not installed';
  for (let i = 0; i < RUNS; i++) {
    const r = await runKeepalived(file).catch(() => undefined);
    if (r === undefined) break;
    if (r.code === 'ENOENT') break;
    theirs.push(r.ms);
    kaCode = r.code;
  }
  rmSync(dir, { recursive: true, force: true });
  const o = median(ours);
  const rows: string[][] = [
    ['tool', 'median ms', 'MB/s', 'exit', 'runs'],
    [
      '@ha/conf-parser lint (parse+model+lint)',
      o.toFixed(1),
      (mb / (o / 1000)).toFixed(1),
      String(exit),
      String(ours.length),
    ],
  ];
  const pm = median(phases.preprocess);
  const mm = median(phases.model);
  rows.push(['  of which preprocess', pm.toFixed(1), (mb / (pm / 1000)).toFixed(1), '', String(RUNS)]);
  rows.push(['  of which buildModel', mm.toFixed(1), (mb / (mm / 1000)).toFixed(1), '', String(RUNS)]);
  const cm = median(phases.checks);
  rows.push(['  of which linter checks', cm.toFixed(1), (mb / (cm / 1000)).toFixed(1), '', String(RUNS)]);
  if (theirs.length > 0) {
    const k = median(theirs);
    rows.push([
      'keepalived -t -f',
      k.toFixed(1),
      (mb / (k / 1000)).toFixed(1),
      String(kaCode),
      String(theirs.length),
    ]);
    rows.push(['ratio keepalived / ours', (k / o).toFixed(2), '', '', '']);
    // The preprocessor is a separate stage; show how the rest compares on its own.
    rows.push(['ratio keepalived / (model + checks)', (k / (mm + cm)).toFixed(2), '', '', '']);
    rows.push(['ratio keepalived / preprocess', (k / pm).toFixed(2), '', '', '']);
  } else {
    rows.push(['keepalived -t -f', 'n/a', '', String(kaCode), '0']);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
  console.log(`(${diags} diagnostics from our lint)`);
}

// Only run when executed directly (the generator is also imported by profiling scripts).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
