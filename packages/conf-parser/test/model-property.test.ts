import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../src/model/index.js';
import { distinctKeywordNames } from '../src/schema/index.js';
import type { ConfNode, Origin } from '../src/types.js';

const origin: Origin = { file: 'p.conf', line: 1, column: 1 };
const words = [
  ...distinctKeywordNames(),
  '192.0.2.1',
  '192.0.2.0/24',
  '2001:db8::1/64',
  'fe80::1',
  '192.0.2.1-10',
  'fwmark',
  'group',
  'weight',
  'reverse',
  'all',
  'on',
  'off',
  '0',
  '-1',
  '255',
  '1.5',
  '',
  'x',
  '{',
  '}',
];
const word = fc.constantFrom(...words);

const node: fc.Memo<ConfNode> = fc.memo((depth) =>
  fc
    .record(
      {
        keyword: word,
        args: fc.array(word, { maxLength: 4 }),
        children: depth > 1 ? fc.array(node(depth - 1), { maxLength: 5 }) : fc.constant([] as ConfNode[]),
      },
      { requiredKeys: ['keyword', 'args'] },
    )
    .map(
      (n): ConfNode => ({
        keyword: n.keyword,
        args: n.args,
        origin,
        argOrigins: n.args.map(() => origin),
        ...(n.children ? { children: [...n.children] } : {}),
      }),
    ),
);

describe('buildModel never throws', () => {
  it('on random statement trees built from real keywords', () => {
    fc.assert(
      fc.property(fc.array(node(4), { maxLength: 8 }), fc.boolean(), (nodes, completionChecks) => {
        const r = buildModel(nodes, { completionChecks });
        expect(Array.isArray(r.diagnostics)).toBe(true);
        for (const d of r.diagnostics) expect(d.code).toMatch(/^KM\d{3}$/);
      }),
      { numRuns: 400 },
    );
  });
});
