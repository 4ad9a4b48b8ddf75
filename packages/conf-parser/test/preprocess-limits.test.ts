// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ConfigHost,
  DEFAULT_LIMITS,
  format,
  memoryHost,
  parse,
  preprocess,
  print,
} from '../src/index.js';

function codes(r: { diagnostics: { code: string }[] }): string[] {
  return r.diagnostics.map((d) => d.code);
}

/** Run `fn`, assert it returns within `ms` (only used to prove "no hang"). */
function timed<T>(fn: () => T, ms = 5000): T {
  const t0 = performance.now();
  const r = fn();
  expect(performance.now() - t0).toBeLessThan(ms);
  return r;
}

describe('preprocess limits and bad input', () => {
  it('documents its defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxFileBytes: 16 * 1024 * 1024,
      maxIncludeDepth: 32,
      maxIncludedFiles: 1000,
      maxExpansionDepth: 1000,
      maxLineLength: 1024 * 1024,
      maxSeqLines: 2_000_000,
      maxNodes: 2_000_000,
      maxBlockDepth: 1000,
    });
  });

  it('binary data: NUL bytes give HA001 once per file, parse reports it too', () => {
    const text = 'a 1\nb \u0000\u0001\u0002 x\nc\u0000\n';
    const r = preprocess({ text }, { host: memoryHost({}) });
    expect(codes(r)).toEqual(['HA001']);
    expect(r.diagnostics[0]?.origin).toMatchObject({ line: 2, column: 3 });
    expect(r.nodes.map((n) => n.keyword)).toEqual(['a', 'b', 'c']);
    const doc = parse(text);
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['HA001']);
    expect(print(doc)).toBe(text);
  });

  it('a file over maxFileBytes is refused without being processed (HA002)', () => {
    const big = 'a 1\n'.repeat(1000);
    const r = preprocess({ text: big }, { host: memoryHost({}), limits: { maxFileBytes: 100 } });
    expect(codes(r)).toEqual(['HA002']);
    expect(r.nodes).toEqual([]);
    const host = memoryHost({ '/k/m.conf': 'include big.conf\nok\n', '/k/big.conf': big });
    const r2 = preprocess({ file: '/k/m.conf' }, { host, limits: { maxFileBytes: 100 } });
    expect(codes(r2)).toEqual(['HA002']);
    expect(r2.nodes.map((n) => n.keyword)).toEqual(['ok']);
  });

  it('a 100 MB file through a host is refused in bounded time', () => {
    let asked = 0;
    const host: ConfigHost = {
      readFile: (_p, max) => {
        asked = max;
        return { ok: false, error: 'too-large', message: `104857600 bytes (limit ${max})` };
      },
      listDir: () => undefined,
      cwd: () => '/',
    };
    const r = timed(() => preprocess({ file: '/huge.conf' }, { host }));
    expect(asked).toBe(DEFAULT_LIMITS.maxFileBytes);
    expect(codes(r)).toEqual(['HA002']);
  });

  it('deep include chains stop at maxIncludeDepth (HA003)', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) files[`/k/f${i}.conf`] = `l${i}\ninclude f${i + 1}.conf\n`;
    const r = preprocess({ file: '/k/f0.conf' }, { host: memoryHost(files), limits: { maxIncludeDepth: 3 } });
    expect(codes(r)).toContain('HA003');
    expect(r.nodes.map((n) => n.keyword)).toEqual(['l0', 'l1', 'l2', 'l3']);
  });

  it('a glob matching thousands of files gives HA004 and includes nothing', () => {
    const files: Record<string, string> = { '/k/m.conf': 'include d/*.conf\nend\n' };
    for (let i = 0; i < 3000; i++) files[`/k/d/${i}.conf`] = 'x\n';
    const r = timed(() => preprocess({ file: '/k/m.conf' }, { host: memoryHost(files) }));
    expect(codes(r)).toEqual(['HA004']);
    expect(r.nodes.map((n) => n.keyword)).toEqual(['end']);
  });

  it('brace expansion blow-up gives HA008', () => {
    const pattern = '{a,b}'.repeat(30);
    const r = timed(() => preprocess({ text: `include ${pattern}\n` }, { host: memoryHost({}) }));
    expect(codes(r)).toEqual(['HA008']);
  });

  it('include cycles terminate (self include)', () => {
    const r = timed(() =>
      preprocess({ file: '/k/a.conf' }, { host: memoryHost({ '/k/a.conf': 'a\ninclude a.conf\n' }) }),
    );
    expect(codes(r)).toEqual(['KA013']);
  });

  it('runaway recursive substitution gives HA005', () => {
    const r = timed(() => preprocess({ text: '$A=x${A}\nk ${A}\n' }, { host: memoryHost({}) }));
    expect(codes(r)).toEqual(['HA005']);
    const r2 = timed(() => preprocess({ text: '$A=${B}\n$B=${A}\nk ${A}\n' }, { host: memoryHost({}) }));
    expect(codes(r2)).toEqual(['HA005']);
  });

  it('exponential substitution is bounded by maxLineLength / maxExpansionDepth', () => {
    let t = '$A0=xxxxxxxxxx\n';
    for (let i = 1; i < 40; i++) t += `$A${i}=\${A${i - 1}}\${A${i - 1}}\n`;
    t += 'k ${A39}\n';
    const r = timed(() => preprocess({ text: t }, { host: memoryHost({}) }));
    expect(codes(r)).toEqual(['HA005']);
  });

  it('a self-referencing multiline definition is bounded by maxSeqLines', () => {
    const t = '$M= \\\nm \\\n$M\n\n$M\n';
    const r = timed(() => preprocess({ text: t }, { host: memoryHost({}), limits: { maxSeqLines: 10_000 } }));
    expect(codes(r)).toEqual(['HA006']);
  });

  it('~SEQ blow-up (10^9 lines) is refused before expanding (HA006)', () => {
    const r = timed(() => preprocess({ text: 'a\n~SEQ(I,1,1000000000) x$I\n' }, { host: memoryHost({}) }));
    expect(codes(r)).toEqual(['HA006']);
    expect(r.nodes.map((n) => n.keyword)).toEqual(['a']);
    const nested = timed(() =>
      preprocess(
        { text: '~SEQ(A,1,1000) ~SEQ(B,1,1000) ~SEQ(C,1,1000) x\n' },
        { host: memoryHost({}), limits: { maxSeqLines: 50_000 } },
      ),
    );
    expect(codes(nested)).toEqual(['HA006']);
  });

  it('maxNodes stops the tree (HA007)', () => {
    const r = preprocess({ text: 'a\n'.repeat(100) }, { host: memoryHost({}), limits: { maxNodes: 10 } });
    expect(codes(r)).toEqual(['HA007']);
    expect(r.nodes).toHaveLength(10);
  });

  it('an over-long line is truncated with HA005', () => {
    const r = preprocess(
      { text: `k ${'x'.repeat(200)}\n` },
      { host: memoryHost({}), limits: { maxLineLength: 50 } },
    );
    expect(codes(r)).toEqual(['HA005']);
    expect(r.nodes[0]?.args[0]).toHaveLength(48);
  });

  it('a line of 200k braces is handled in bounded time (HA009 stops deep nesting)', () => {
    const text = `a ${'{ '.repeat(200_000)}\n${'}'.repeat(200_000)}\n`;
    const r = timed(() => preprocess({ text }, { host: memoryHost({}) }));
    // keepalived reports every unexpected '{' too; we stop at maxBlockDepth.
    expect(codes(r).slice(0, 2)).toEqual(['KA005', 'KA005']);
    expect(codes(r).at(-1)).toBe('HA009');
    expect(r.diagnostics).toHaveLength(1000);
    const shallow = preprocess(
      { text: `${'a {\n'.repeat(50)}${'}\n'.repeat(50)}` },
      { host: memoryHost({}), limits: { maxBlockDepth: 10 } },
    );
    expect(codes(shallow)).toEqual(['HA009']);
    const doc = timed(() => parse(text));
    expect(print(doc)).toBe(text);
  });

  it('parse and format refuse text over maxBytes but stay lossless (HA002)', () => {
    const big = 'a {\n b 1\n}\n'.repeat(100);
    const doc = timed(() => parse(big, { maxBytes: 100 }));
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['HA002']);
    expect(doc.children).toEqual([]);
    expect(print(doc)).toBe(big);
    expect(format(big, { maxBytes: 100 })).toBe(big);
    expect(format(big)).not.toBe(big);
  });

  it('invalid limit values fall back to the defaults', () => {
    const r = preprocess(
      { text: 'a\n' },
      { host: memoryHost({}), limits: { maxNodes: Number.NaN, maxSeqLines: -1 } },
    );
    expect(r.nodes).toHaveLength(1);
  });
});

describe('property: random include graphs', () => {
  const line = fc.constantFrom(
    'include f0.conf',
    'include f1.conf',
    'include f*.conf',
    'include {f2,f3}.conf',
    'includea none.conf',
    'a {',
    '}',
    'b 1',
    '$X=include f0.conf',
    '$X',
    '~SEQ(I,1,3) include f${I}.conf',
    '@main include f2.conf',
  );
  const files = fc.array(fc.array(line, { maxLength: 6 }), { minLength: 1, maxLength: 4 }).map((fs) => {
    const out: Record<string, string> = {};
    fs.forEach((ls, i) => {
      out[`/k/f${i}.conf`] = `${ls.join('\n')}\n`;
    });
    return out;
  });

  it('never throws, always terminates, and stays within the file limit', () => {
    fc.assert(
      fc.property(files, (fs) => {
        const r = preprocess(
          { file: '/k/f0.conf' },
          { host: memoryHost(fs), instance: 'main', limits: { maxIncludedFiles: 50, maxIncludeDepth: 8 } },
        );
        expect(r.files.length).toBeLessThanOrEqual(50);
        expect(r.files[0]).toBe('/k/f0.conf');
        for (const d of r.diagnostics) expect(d.code).toMatch(/^(KA|HA)0\d\d$/);
      }),
      { numRuns: 400 },
    );
  });
});
