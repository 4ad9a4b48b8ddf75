/**
 * Regenerates `keyword-verdicts.json`: runs the real `keepalived -t` on every generated keyword
 * case inside a private network namespace that has a veth interface `d0` (needs root, iproute2,
 * unshare and keepalived). Usage: `npx tsx packages/conf-parser/test/helpers/record-keyword-verdicts.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keywordCases } from './keyword-cases.js';

const work = '/tmp/kfz';
mkdirSync(join(work, 'cases'), { recursive: true });
writeFileSync(join(work, 'file'), '1\n');
const verdicts: Record<string, { exit: number; flagged: boolean }> = {};
for (const [i, c] of keywordCases().entries()) {
  const file = join(work, 'cases', `k${i}.conf`);
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
  verdicts[c.key] = { exit: r.status ?? -1, flagged: out.includes(`Line ${c.lineNo})`) };
}
const body = JSON.stringify({
  keepalived: 'Keepalived v2.2.7 (01/16,2022), Debian 12',
  note: 'flagged = keepalived -t printed a message for the statement line',
  verdicts,
});
writeFileSync(join(import.meta.dirname, 'keyword-verdicts.json'), body.replace(/\},"/g, '},\n"'));
console.log(`recorded ${Object.keys(verdicts).length} verdicts`);
