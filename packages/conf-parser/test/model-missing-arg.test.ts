import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/lint/exit-code.js';
import { buildModel } from '../src/model/index.js';
import { preprocess } from '../src/preprocess/index.js';
import { missingArgCases } from './helpers/missing-arg-cases.js';
import verdictsFile from './helpers/missing-arg-verdicts.json' with { type: 'json' };

const verdicts: Record<string, { exit: number; msg: string }> = verdictsFile.verdicts;

describe('a keyword without its parameter, as keepalived -t 2.2.7 treats it', () => {
  const cases = missingArgCases().filter((c) => verdicts[c.key] !== undefined);

  it('has a recorded verdict for every case', () => {
    expect(cases.length).toBeGreaterThan(250);
    expect(cases.length).toBe(missingArgCases().length);
  });

  it('aborts (exit 2), reports (exit 5) or ignores (exit 0) exactly as keepalived does', () => {
    const disagree: string[] = [];
    for (const c of cases) {
      const all = buildModel(preprocess({ text: c.text, file: 'case.conf' }).nodes).diagnostics;
      const onLine = all.filter((d) => d.origin.line === c.lineNo);
      const got = exitCodeOf(onLine);
      const v = verdicts[c.key]!;
      // keepalived 2.2.7 crashes (SIGSEGV) on `bfd_instance` without neighbor; the model reports it as an abort.
      const want = v.exit === 139 ? 2 : v.exit;
      if (got !== want) disagree.push(`${c.key}: ours ${got}, keepalived ${v.exit} (${v.msg})`);
    }
    expect(disagree).toEqual([]);
  });

  it('reports router_id without a value as a configuration error, not an abort', () => {
    const { diagnostics } = buildModel(preprocess({ text: 'global_defs {\n router_id\n}\n' }).nodes);
    expect(diagnostics.map((d) => [d.code, d.keepalived])).toEqual([['KM003', 'error']]);
    expect(exitCodeOf(diagnostics)).toBe(5);
  });
});
