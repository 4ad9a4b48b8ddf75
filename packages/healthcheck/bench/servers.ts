/**
 * Benchmark helper, run as a child process (so the servers' CPU is not counted in the monitor's
 * process): listens on `count` ports on 127.0.0.1 as tiny HTTP (node:http) or TCP servers, reports
 * the ports over IPC, and on `stop` reports its own CPU time and exits.
 *
 * @module
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';

const kind = process.argv[2] ?? 'http';
const count = Number(process.argv[3] ?? 4);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  return (server.address() as AddressInfo).port;
}

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
