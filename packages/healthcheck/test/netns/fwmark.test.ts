/**
 * TCP_CHECK `fwmark` in a network namespace (root): proves that the native engine really marks
 * the probe's packets, by routing marked traffic into a dead end.
 *
 * One fresh namespace with a veth pair, one end holding 192.0.2.1/24 and 2001:db8::1/64. Policy
 * routing: `fwmark 7 lookup 100` at priority 100, the `local` table moved from priority 0 to 1000
 * (so that the mark rule is consulted first, even for the namespace's own addresses), and table
 * 100 holds `prohibit 192.0.2.1` and `unreachable 2001:db8::1`. Unmarked traffic reaches the local
 * listener; traffic marked 7 gets EACCES / an unreachable error from the route lookup in connect().
 *
 * The checks run inside the namespace in a child process (`ip netns exec … node --import tsx`):
 * the probe engine opens its sockets in its own thread's namespace. The child listens on the
 * target, runs the checks one after the other and prints their results as JSON.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab } from '../../../socket/test/helpers/netns.js';

const lab = new NetnsLab();
let ns = '';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const checkers = fileURLToPath(new URL('../../src/checkers/index.ts', import.meta.url));

beforeAll(() => {
  ns = lab.addNamespace();
  const inNs = (...args: string[]): string => lab.exec(ns, 'ip', ...args);
  // A veth pair inside the namespace (this kernel may lack the dummy driver); the target is on one end.
  inNs('link', 'add', 'hafw0', 'type', 'veth', 'peer', 'name', 'hafw1');
  inNs('link', 'set', 'hafw0', 'up');
  inNs('link', 'set', 'hafw1', 'up');
  inNs('addr', 'add', '192.0.2.1/24', 'dev', 'hafw0');
  inNs('-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'hafw0', 'nodad');
  for (const family of ['-4', '-6']) {
    inNs(family, 'rule', 'add', 'fwmark', '7', 'lookup', '100', 'pref', '100');
    inNs(family, 'rule', 'add', 'lookup', 'local', 'pref', '1000');
    inNs(family, 'rule', 'del', 'pref', '0');
  }
  inNs('-4', 'route', 'add', 'prohibit', '192.0.2.1/32', 'table', '100');
  inNs('-6', 'route', 'add', 'unreachable', '2001:db8::1/128', 'table', '100');
  inNs('-4', 'route', 'add', 'prohibit', '192.0.2.3/32');
});

afterAll(() => lab.cleanup());

/** One check the child runs: `createTcpCheck` options besides host and port. */
interface Case {
  engine: 'native' | 'node' | 'auto';
  fwmark?: number;
}

interface CheckResult {
  ok: boolean;
  code?: string;
  reason: string;
}

interface ChildReport {
  port: number;
  results: CheckResult[];
  warnings: { code?: string; message: string }[];
  status: { loaded: boolean; nativeRuns: number; nodeRuns: number };
}

/**
 * Runs `cases` in order against `target` (default: the listener's address) from a fresh process
 * inside the namespace, with a listener on `listen`; the port of every check is the listener's.
 */
function runInNamespace(listen: string, cases: Case[], target = listen): Promise<ChildReport> {
  const script = `
    const net = await import('node:net');
    const { createTcpCheck, probeEngineStatus } = await import(${JSON.stringify(checkers)});
    const warnings = [];
    process.on('warning', (w) => warnings.push({ code: w.code, message: w.message }));
    const server = net.createServer((s) => s.destroy());
    await new Promise((resolve) => server.listen(0, ${JSON.stringify(listen)}, resolve));
    const port = server.address().port;
    const signal = new AbortController().signal;
    const results = [];
    for (const c of ${JSON.stringify(cases)}) {
      const r = await createTcpCheck({ host: ${JSON.stringify(target)}, port, connectTimeoutMs: 2000, ...c })(signal);
      results.push({ ok: r.ok, code: r.code, reason: r.reason });
    }
    await new Promise((resolve) => setImmediate(resolve)); // let process warnings be emitted
    server.close();
    const { loaded, nativeRuns, nodeRuns } = probeEngineStatus();
    console.log(JSON.stringify({ port, results, warnings, status: { loaded, nativeRuns, nodeRuns } }));`;
  return new Promise((resolve, reject) => {
    execFile(
      'ip',
      ['netns', 'exec', ns, process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err !== null) {
          reject(new Error(`child failed: ${err.message}\n${stderr}`));
          return;
        }
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildReport);
      },
    );
  });
}

describe.each([
  // IPv4: a `prohibit` route, connect() fails with EACCES (code `network`). The exact reason is
  // asserted separately below: the native path currently loses the errno there (reported bug).
  {
    family: 'IPv4',
    host: '192.0.2.1',
    route: 'prohibit',
    code: 'network',
    reason: 'connect EACCES 192.0.2.1:',
  },
  // IPv6: an `unreachable` route, connect() fails with EHOSTUNREACH (code `unreachable`).
  { family: 'IPv6', host: '2001:db8::1', route: 'unreachable', code: 'unreachable', reason: 'EHOSTUNREACH' },
])('TCP_CHECK fwmark over $family ($route route for mark 7)', ({ family, host, code, reason }) => {
  let report: ChildReport;
  const where = host.includes(':') ? `[${host}]` : host;

  beforeAll(async () => {
    report = await runInNamespace(host, [
      { engine: 'native' },
      { engine: 'native', fwmark: 7 },
      { engine: 'native', fwmark: 8 },
      { engine: 'auto', fwmark: 7 },
      { engine: 'node', fwmark: 7 },
    ]);
  });

  it('the native engine loaded and ran the four native/auto checks; node:net ran one', () => {
    expect(report.status).toEqual({ loaded: true, nativeRuns: 4, nodeRuns: 1 });
  });

  it('without fwmark the native check passes (the listener is reachable)', () => {
    expect(report.results[0]).toEqual({ ok: true, reason: `connected to ${where}:${report.port}` });
  });

  it(`with fwmark 7 the native check fails with code ${code}: the mark rule routed it into the dead end`, () => {
    expect(report.results[1]).toMatchObject({ ok: false, code });
    expect(report.results[1]?.reason.startsWith(`connect ${where}:${report.port}: `)).toBe(true);
  });

  // Regression: the native engine's reason once read `connect 192.0.2.1:P: [object Object]`.
  it('with fwmark 7 the reason names the error', () => {
    const port = report.port;
    const expected = family === 'IPv4' ? `${reason}${port}` : reason;
    expect(report.results[1]?.reason).toBe(`connect ${where}:${port}: ${expected}`);
  });

  it('a different mark (8) does not match the rule: passes', () => {
    expect(report.results[2]).toEqual({ ok: true, reason: `connected to ${where}:${report.port}` });
  });

  it("engine 'auto' marks too (it runs natively): fails like 'native'", () => {
    expect(report.results[3]).toEqual(report.results[1]);
  });

  it("engine 'node' cannot mark: it passes, and warns once (HA_CHECK_FWMARK_UNSUPPORTED)", () => {
    expect(report.results[4]).toEqual({ ok: true, reason: `connected to ${where}:${report.port}` });
    expect(report.warnings).toEqual([
      {
        code: 'HA_CHECK_FWMARK_UNSUPPORTED',
        message: `connect ${where}:${report.port}: fwmark 7 ignored: the node:net transport cannot set SO_MARK (use engine 'native')`,
      },
    ]);
  });
});

describe('an errno the result codes do not name (EACCES from a prohibit route, no mark)', () => {
  // 192.0.2.3 is prohibited for everyone (main table): both transports meet the same EACCES.
  let report: ChildReport;

  beforeAll(async () => {
    report = await runInNamespace('192.0.2.1', [{ engine: 'node' }, { engine: 'native' }], '192.0.2.3');
  });

  it("engine 'node': code network, the reason quotes Node's error (connect EACCES …)", () => {
    const p = report.port;
    expect(report.results[0]).toMatchObject({ ok: false, code: 'network' });
    expect(
      report.results[0]?.reason.startsWith(`connect 192.0.2.3:${p}: connect EACCES 192.0.2.3:${p}`),
    ).toBe(true);
  });

  // Regression: engineErrorOutcome hands errorOutcome a plain `{ code, message }`, which
  // errMessage() once printed as `[object Object]`.
  it("engine 'native': code network, the reason names EACCES like 'node' does", () => {
    const p = report.port;
    expect(report.results[1]).toEqual({
      ok: false,
      code: 'network',
      reason: `connect 192.0.2.3:${p}: connect EACCES 192.0.2.3:${p}`,
    });
  });
});

describe('the policy routing of the namespace (control)', () => {
  it('routes mark 7 into table 100 and everything else to the local table', () => {
    const route = (...args: string[]): string => lab.exec(ns, 'ip', ...args);
    expect(() => route('-4', 'route', 'get', '192.0.2.1', 'mark', '7')).toThrow(/Permission denied/);
    expect(route('-4', 'route', 'get', '192.0.2.1')).toMatch(/^local 192\.0\.2\.1 dev lo /);
    expect(() => route('-6', 'route', 'get', '2001:db8::1', 'mark', '7')).toThrow(/No route to host/);
    expect(route('-6', 'route', 'get', '2001:db8::1')).toMatch(/^local 2001:db8::1 /);
    expect(() => route('-4', 'route', 'get', '192.0.2.3')).toThrow(/Permission denied/);
  });
});
