/**
 * Re-records `value-line-verdicts.json`: runs the real `keepalived -t` on every value-block line
 * listed there (configs from `valueLineConfig()`) inside a private network namespace with a veth
 * interface `d0` (needs root, iproute2, unshare and keepalived). To add a case, append
 * `{ "block": …, "line": …, "flagged": false }` to the JSON and run
 * `npx tsx packages/conf-parser/test/helpers/record-value-line-verdicts.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { valueLineConfig } from './value-line-config.js';

const jsonPath = join(import.meta.dirname, 'value-line-verdicts.json');
const recorded = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
  cases: { block: string; line: string; flagged: boolean }[];
};
const work = '/tmp/kvb';
mkdirSync(join(work, 'cases'), { recursive: true });
mkdirSync('/tmp/kfz', { recursive: true });
writeFileSync('/tmp/kfz/file', '1\n');
const cases = recorded.cases.map((c, i) => {
  const { text, lineNo } = valueLineConfig(c.block, c.line);
  const file = join(work, 'cases', `r${i}.conf`);
  writeFileSync(file, text);
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
  return {
    block: c.block,
    line: c.line,
    flagged: `${r.stdout ?? ''}${r.stderr ?? ''}`.includes(`Line ${lineNo})`),
  };
});
writeFileSync(
  jsonPath,
  JSON.stringify({
    keepalived: 'Keepalived v2.2.7 (01/16,2022), Debian 12',
    note: 'flagged = keepalived -t printed a message for the line; configs built by valueLineConfig()',
    cases,
  }),
);
console.log(`recorded ${cases.length} verdicts`);
