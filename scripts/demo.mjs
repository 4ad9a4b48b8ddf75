#!/usr/bin/env node
// The main job (`npm run demo`): a VRRP failover on the real kernel. It creates a small
// network-namespace lab, starts two @ha/vrrp routers as separate processes, shows the VIP on
// the MASTER, kills it with SIGKILL, prints the failover time measured on the wire and the VIP on
// the new MASTER, restores, and cleans up (examples/failover-demo). Then it lints the example
// keepalived.conf files (scripts/demo-conf.mjs).
// Network namespaces need root; without root only the keepalived.conf part runs, and says why.
// Extra arguments go to the failover demo (e.g. `npm run demo -- --fast` for VRRPv3 at 0.1 s).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
let status = 0;
if (process.platform === 'linux' && isRoot) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'examples/failover-demo/src/demo.ts', ...process.argv.slice(2)],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TSX_TSCONFIG_PATH: 'examples/failover-demo/tsconfig.json' },
    },
  );
  status = r.status ?? 1;
} else {
  console.log('demo: the VRRP failover part needs Linux and root (network namespaces); skipping it.');
}
const conf = spawnSync(process.execPath, ['scripts/demo-conf.mjs'], { cwd: root, stdio: 'inherit' });
process.exit(status || (conf.status ?? 1));
