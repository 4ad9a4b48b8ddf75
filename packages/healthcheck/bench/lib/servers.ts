/**
 * Benchmark helper, run as a child process (so the servers' CPU is not counted in the monitor's
 * process): listens on `count` ports on 127.0.0.1 (or the address given as fifth argument) as tiny HTTP (node:http, or Debian's nginx when
 * the third argument is `nginx`) or TCP servers, reports the ports over IPC, and on `stop`
 * reports the servers' CPU time and exits.
 *
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { procStatFields } from './proc.js';

const kind = process.argv[2] ?? 'http';
const count = Number(process.argv[3] ?? 4);
const impl = process.argv[4] ?? 'node';
/** Address to listen on (127.0.0.1, or the servers' address in `--net netns` mode). */
const host = process.argv[5] ?? '127.0.0.1';
/**
 * CPU to pin the servers (this process, its threads, nginx) to, or '' to leave them free (undoing
 * the pinning this process inherited from a pinned benchmark).
 */
const cpu = process.argv[6] ?? '';
try {
  execFileSync(
    'taskset',
    ['-a', '-p', '-c', cpu !== '' ? cpu : `0-${cpus().length - 1}`, String(process.pid)],
    {
      stdio: 'ignore',
    },
  );
} catch (e) {
  if (cpu !== '') throw e; // no taskset: nothing was pinned either
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host, backlog: 4096 }, resolve));
  return (server.address() as AddressInfo).port;
}

/** Distinct ports the kernel hands out now (all held until every one is known, then released: a tiny race, fine for a benchmark). */
async function freePorts(n: number): Promise<number[]> {
  const held: Server[] = [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const srv = createTcpServer();
    held.push(srv);
    out.push(await listen(srv));
  }
  await Promise.all(held.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  return out;
}

/** CPU seconds (user + system) of a process, from /proc, in µs. */
function procCpuUs(pid: number): number {
  const f = procStatFields(pid);
  return ((Number(f[11]) + Number(f[12])) * 1e6) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

if (kind === 'http' && impl === 'nginx') {
  // One nginx process (no master), one worker's work, every port answering `200 ok`.
  const dir = mkdtempSync(join(tmpdir(), 'ha-bench-nginx-'));
  const ports = await freePorts(count);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off; master_process off; worker_processes 1;',
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log crit;`,
      // A high-rate server's usual settings: take every pending connection per wake-up, and let the
      // kernel hand a connection over only once its request has arrived (one wake-up, not two).
      'events { worker_connections 16384; multi_accept on; }',
      'http {',
      `  access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir};`,
      `  uwsgi_temp_path ${dir}; scgi_temp_path ${dir}; default_type text/plain;`,
      '  server {',
      ...ports.map((p) => `    listen ${host}:${p} backlog=4096 deferred;`),
      "    location / { return 200 'ok'; }",
      '  }',
      '}',
    ].join('\n'),
  );
  const nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
  const cpu0 = await (async () => {
    for (let i = 0; i < 100; i++) {
      try {
        readFileSync(join(dir, 'nginx.pid'));
        return procCpuUs(nginx.pid as number);
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('nginx did not start');
  })();
  process.send?.({ ports });
  process.on('message', (m: unknown) => {
    if (m === 'stop') {
      const cpuUs = procCpuUs(nginx.pid as number) - cpu0;
      nginx.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
      process.send?.({ cpuUs }, () => process.exit(0));
    }
  });
} else {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'http') {
      servers.push(
        createHttpServer((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
          res.end('ok');
        }),
      );
    } else {
      servers.push(createTcpServer((s) => s.on('error', () => {}).end()));
    }
  }
  const ports = await Promise.all(servers.map(listen));
  const cpu0 = process.cpuUsage();
  process.send?.({ ports });
  process.on('message', (m: unknown) => {
    if (m === 'stop') {
      const cpu = process.cpuUsage(cpu0);
      process.send?.({ cpuUs: cpu.user + cpu.system }, () => process.exit(0));
    }
  });
}
