// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConfNode,
  type CstItem,
  format,
  memoryHost,
  parse,
  preprocess,
  print,
  Statement,
} from '../src/index.js';

interface Shape {
  k: string;
  a: string[];
  c?: Shape[];
}

function shape(nodes: readonly ConfNode[]): Shape[] {
  return nodes.map((n) =>
    n.children ? { k: n.keyword, a: n.args, c: shape(n.children) } : { k: n.keyword, a: n.args },
  );
}

function resolved(text: string, instance?: string): { tree: Shape[]; codes: string[] } {
  const r = preprocess(
    { text, file: '/k/keepalived.conf' },
    { host: memoryHost({}), instance, randomSeed: 7 },
  );
  return { tree: shape(r.nodes), codes: r.diagnostics.map((d) => d.code).sort() };
}

// --- generated, mostly well-formed configurations -------------------------------------------

const space = fc.constantFrom(' ', '  ', '\t', ' \t ');
const nl = fc.constantFrom('\n', '\r\n');
const bareWord = fc.constantFrom(
  'include',
  'state',
  'MASTER',
  'priority',
  '100',
  '192.0.2.1/24',
  'lo',
  'VI_1',
  'x\\#y',
  'a"b"c',
);
const word = fc.oneof(
  { weight: 6, arbitrary: bareWord },
  {
    weight: 1,
    arbitrary: fc.constantFrom('"two words"', '"{ brace }"', '"# not a comment"', '$V', '${V}', '${_HASH}'),
  },
);
const comment = fc.constantFrom('# c', '! bang', '#', '# trailing \\');

interface Gen {
  text: string;
}

const line = fc
  .tuple(
    fc.option(fc.constantFrom('@main ', '@^main ', '@backup '), { nil: undefined }),
    fc.array(word, { minLength: 1, maxLength: 4 }),
    space,
    fc.option(comment, { nil: undefined }),
  )
  .map(([cond, ws, sp, c]) => `${cond ?? ''}${ws.join(' ')}${c ? sp + c : ''}`);

const block: fc.Memo<Gen> = fc.memo((depth) =>
  fc
    .tuple(
      fc.array(word, { minLength: 1, maxLength: 3 }),
      fc.array(
        fc.oneof(
          line.map((text) => ({ text })),
          depth > 1 ? block(depth - 1) : line.map((text) => ({ text })),
        ),
        { maxLength: 4 },
      ),
      fc.boolean(),
      nl,
      space,
    )
    .map(([head, body, oneLine, eol, sp]) => {
      if (
        oneLine &&
        body.every((b) => !b.text.includes('\n') && !/[#!]/.test(b.text) && !b.text.startsWith('@'))
      )
        return { text: `${head.join(' ')}${sp}{ ${body.map((b) => b.text).join(' ')} }` };
      const inner = body.map((b) => `${sp}${b.text.split('\n').join(`\n${sp}`)}`).join(eol);
      return { text: `${head.join(' ')} {${eol}${inner}${inner ? eol : ''}}` };
    }),
);

const definition = fc.constantFrom('$V=value', '$V=', '$V=a b', '$M= \\\n  m1 \\\n  m2 {\\\n  }', '$V=@main');
const sequence = fc.constantFrom('~SEQ(I,1,3) s$I', '~LST(L,a,b) l${L}', '~SEQx(H,9,11) h${H} { z }');

const config = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: block(3) },
        { weight: 2, arbitrary: line.map((text) => ({ text })) },
        {
          weight: 1,
          arbitrary: definition.map((text) => ({ text })),
        },
        { weight: 1, arbitrary: sequence.map((text) => ({ text })) },
        { weight: 1, arbitrary: fc.constantFrom({ text: '' }, { text: '# comment line' }) },
      ),
      { maxLength: 8 },
    ),
    nl,
    fc.boolean(),
  )
  .map(([items, eol, finalNl]) => {
    const t = items.map((i) => i.text.replace(/\n/g, eol)).join(eol);
    return finalNl ? t + eol : t;
  });

describe('property: generated configurations', () => {
  it('print(parse(x)) === x', () => {
    fc.assert(
      fc.property(config, (x) => {
        expect(print(parse(x))).toBe(x);
      }),
      { numRuns: 1000 },
    );
  });

  it('format is idempotent and keeps the preprocessed meaning', () => {
    fc.assert(
      fc.property(config, fc.constantFrom(undefined, 'main', 'backup'), (x, instance) => {
        const f = format(x);
        expect(format(f)).toBe(f);
        expect(resolved(f, instance)).toEqual(resolved(x, instance));
      }),
      { numRuns: 600 },
    );
  });
});

describe('property: editing keeps untouched lines', () => {
  function statements(items: readonly CstItem[]): Statement[] {
    const out: Statement[] = [];
    const work = [...items];
    while (work.length > 0) {
      const it = work.shift() as CstItem;
      if (it instanceof Statement) {
        if (it.keyword !== '') out.push(it);
        work.push(...it.children);
      }
    }
    return out;
  }

  it('setArgs on any statement changes at most its own line', () => {
    fc.assert(
      fc.property(
        config,
        fc.nat(),
        fc.array(fc.constantFrom('150', 'two words', 'x'), { maxLength: 3 }),
        (x, pick, args) => {
          const doc = parse(x);
          const all = statements(doc.children);
          fc.pre(all.length > 0);
          const st = all[pick % all.length] as Statement;
          st.setArgs(args);
          const before = x.split('\n');
          const after = print(doc).split('\n');
          expect(after).toHaveLength(before.length);
          expect(after.filter((l, i) => l !== before[i]).length).toBeLessThanOrEqual(1);
          expect(parse(print(doc)).diagnostics.length).toBe(doc.diagnostics.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// --- random and mutated input: nothing throws ----------------------------------------------

const chars = fc.constantFrom(
  'include ',
  'a',
  'b',
  ' ',
  '\t',
  '\n',
  '\r',
  '{',
  '}',
  '"',
  "'",
  '#',
  '!',
  '\\',
  '$',
  '@',
  '^',
  '~',
  '=',
  '(',
  ')',
  ',',
  '0',
  '1',
  'S',
  'E',
  'Q',
  'L',
  'T',
  'x',
  '_',
  '\u0000',
  'é',
  '\u{1d11e}',
);
const garbage = fc.array(chars, { maxLength: 200 }).map((cs) => cs.join(''));
const mutated = fc
  .tuple(config, fc.array(fc.tuple(fc.nat(), fc.nat(3), garbage), { maxLength: 4 }))
  .map(([base, muts]) => {
    let s = base;
    for (const [pos, len, ins] of muts) {
      const p = s.length === 0 ? 0 : pos % (s.length + 1);
      s = s.slice(0, p) + ins.slice(0, 12) + s.slice(p + len);
    }
    return s;
  });
const langToken = fc.constantFrom(
  '$A=',
  '$B= \\',
  '$A',
  '${A}',
  '${B}',
  '$B',
  '@main ',
  '@^main ',
  '~SEQ(I,1,2) ',
  '~LST(L,x,y) ',
  '$I',
  '${L}',
  '{',
  '}',
  ' { ',
  ' } ',
  'include ',
  'a.conf',
  '"',
  "'",
  '#',
  '!',
  '\\',
  '\\#',
  ' ',
  '\t',
  '\n',
  '\r\n',
  'k',
  'v1',
  '${_HASH}',
  '${_RANDOM 1 3}',
  '\r',
  '\u0000',
);
const language = fc.array(langToken, { maxLength: 40 }).map((ts) => ts.join(''));
const anyInput = fc.oneof(garbage, mutated, language, fc.string({ maxLength: 200 }));

describe('property: bad input never throws', () => {
  it('parse/print/format/preprocess never throw, print stays lossless, format idempotent', () => {
    fc.assert(
      fc.property(anyInput, (x) => {
        const doc = parse(x);
        expect(print(doc)).toBe(x);
        const f = format(x);
        expect(format(f)).toBe(f);
        const r = preprocess(
          { text: x },
          { host: memoryHost({}), instance: 'main', limits: { maxSeqLines: 10_000 } },
        );
        expect(Array.isArray(r.nodes)).toBe(true);
        for (const d of [...doc.diagnostics, ...r.diagnostics]) {
          expect(d.code).toMatch(/^(KA|HA)0\d\d$/);
          expect(d.origin.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('format keeps the meaning of mutated input and of language-token soup', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, language), (x) => {
        const f = format(x);
        expect(resolved(f, 'main')).toEqual(resolved(x, 'main'));
      }),
      { numRuns: 800 },
    );
  });
});
