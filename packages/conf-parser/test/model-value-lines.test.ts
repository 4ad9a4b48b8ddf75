import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/index.js';
import { preprocess } from '../src/preprocess/index.js';
import { valueLineConfig } from './helpers/value-line-config.js';
import recorded from './helpers/value-line-verdicts.json' with { type: 'json' };

describe('value-block lines agree with recorded keepalived -t 2.2.7 verdicts', () => {
  it('flags exactly the lines keepalived flags', () => {
    expect(recorded.cases.length).toBeGreaterThan(60);
    const disagree: string[] = [];
    for (const c of recorded.cases) {
      const { text, lineNo } = valueLineConfig(c.block, c.line);
      const { diagnostics } = buildModel(preprocess({ text, file: 'case.conf' }).nodes);
      const mine = diagnostics.some((d) => d.origin.line === lineNo && d.keepalived !== 'none');
      if (mine !== c.flagged) disagree.push(`${c.block}: ${c.line}`);
    }
    expect(disagree).toEqual([]);
  });
});
