/**
 * Regenerates `missing-arg-verdicts.json`: runs the real `keepalived -t` on every keyword that
 * needs a parameter, written alone in each of its contexts, inside a private network namespace
 * with a veth interface `d0` (needs root, iproute2, unshare and keepalived). Usage:
 * `npx tsx packages/conf-parser/test/helpers/record-missing-arg-verdicts.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingArgCases } from './missing-arg-cases.js';

const work = '/tmp/kfz';
mkdirSync(join(work, 'mcases'), { recursive: true });
writeFileSync(join(work, 'file'), '1\n');
const verdicts: Record<string, { exit: number; msg: string }> = {};
for (const [i, c] of missingArgCases().entries()) {
  const file = join(work, 'mcases', `m${i}.conf`);
  writeFileSync(file, c.text);
  const r = spawnSync(
    'unshare',
    [
      '-n',
      'sh',
      '-c',
      `ip link add d0 type veth peer name d1 && ip link set d0 up && keepalived -t -f ${file}`,
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const msgs = out
    .split('\n')
    .filter((l) => l.includes(`Line ${c.lineNo})`))
    .map((l) => l.replace(/^\([^)]*\)\s*/, ''));
  verdicts[c.key] = { exit: r.status ?? -1, msg: [...new Set(msgs)].join(' || ') };
}
const body = {
  keepalived: 'Keepalived v2.2.7 (01/16,2022), Debian 12',
  note: 'exit of keepalived -t with the keyword alone (no parameter); msg = what it printed for that line',
  verdicts,
};
writeFileSync(join(import.meta.dirname, 'missing-arg-verdicts.json'), `${JSON.stringify(body, null, 1)}\n`);
console.log(`recorded ${Object.keys(verdicts).length} verdicts`);
