import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryHost, preprocess } from '../src/index.js';

// Plain lines (no comment, quote, escape, `$`, `@`, `~` or control character) take the
// preprocessor's fast path. Appending a comment sends the same line down the general path,
// which must give exactly the same tree and diagnostics.
const piece = fc.constantFrom(
  'a',
  'kw',
  'x1',
  ' ',
  '  ',
  '\t',
  '{',
  '}',
  'é',
  '192.0.2.1/24',
  'include',
  'u',
);
const line = fc.array(piece, { maxLength: 12 }).map((ps) => ps.join(''));
const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.join('\n'));

function withComments(t: string, mark: string): string {
  return t
    .split('\n')
    .map((l) => (l === '' ? l : `${l} ${mark}c`))
    .join('\n');
}

describe('preprocess fast path', () => {
  it('gives the same result as the general path', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('#', '!'), (t, mark) => {
        const opts = { randomSeed: 1, host: memoryHost({ '/etc/a': 'kw 1' }) };
        const fast = preprocess({ text: t, file: '/etc/k.conf' }, opts);
        const slow = preprocess({ text: withComments(t, mark), file: '/etc/k.conf' }, opts);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result under tight limits', () => {
    fc.assert(
      fc.property(text, (t) => {
        const opts = { randomSeed: 1, host: memoryHost({}), limits: { maxNodes: 6, maxBlockDepth: 3 } };
        const fast = preprocess({ text: t, file: '/etc/k.conf' }, opts);
        const slow = preprocess({ text: withComments(t, '#'), file: '/etc/k.conf' }, opts);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps words, texts and origins of plain lines', () => {
    const r = preprocess({ text: 'a {\n\tb 1  2 3 4\r\n  c }\n', file: 'k.conf' });
    expect(r.diagnostics).toEqual([]);
    const a = r.nodes[0];
    expect(a?.keyword).toBe('a');
    expect(
      a?.children?.map((n) => [
        n.keyword,
        n.args,
        n.text,
        n.origin.column,
        n.argOrigins.map((o) => o.column),
      ]),
    ).toEqual([
      ['b', ['1', '2', '3', '4'], 'b 1  2 3 4', 2, [4, 7, 9, 11]],
      ['c', [], 'c', 3, []],
    ]);
    expect(a?.closeOrigin).toEqual({ file: 'k.conf', line: 3, column: 5 });
  });
});
