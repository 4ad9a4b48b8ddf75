#!/usr/bin/env node
// `npm run demo:conf`: the keepalived.conf half of the demo. It
// builds @ha/conf-parser and runs the keepalived.conf linter and formatter from @ha/conf-parser
// over the example configs in examples/configs/, including a cluster lint of the LVS-DR pair.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, opts = {}) => {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts }).status ?? 1;
};

if (run('npm', ['run', 'build', '--silent', '-w', '@ha/conf-parser']) !== 0) process.exit(1);
const cli = join(root, 'packages/conf-parser/dist/cli.js');
const dir = join(root, 'examples/configs');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.conf'))
  .sort()
  .map((f) => join('examples/configs', f));
let worst = 0;
for (const f of files) worst = Math.max(worst, run('node', [cli, 'lint', f]));
run('node', [
  cli,
  'lint',
  '--cluster',
  'examples/configs/lvs-dr-master.conf',
  'examples/configs/lvs-dr-backup.conf',
]);
console.log(
  '\n--- traps keepalived accepts but that break failover (vrrp_strict + PASS, nopreempt + MASTER, …)',
);
run('node', [cli, 'lint', 'examples/configs/traps/strict-pass.conf']);
console.log('\n--- a two-node cluster whose nodes disagree: split brain waiting to happen');
run('node', [
  cli,
  'lint',
  '--cluster',
  'examples/configs/traps/node1.conf',
  'examples/configs/traps/node2.conf',
]);
run('node', [cli, 'fmt', 'examples/configs/nginx-pair.conf']);
run('node', [cli, 'fmt', '--check', ...files]);
console.log(`\ndemo: linted ${files.length} configs (worst keepalived-compatible exit code ${worst})`);
