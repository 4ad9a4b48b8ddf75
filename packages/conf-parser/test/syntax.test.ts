// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import { describe, expect, it } from 'vitest';
import { format, lex, parse, print, RawLine, type Statement, StrayBrace } from '../src/index.js';

const SAMPLE = `! Configuration File for keepalived

global_defs {
   router_id LVS_DEVEL   # the router
}

vrrp_instance VI_1 {
    state MASTER
    interface lo
    priority 100
    virtual_ipaddress {
        192.0.2.10/24
    }
}
`;

describe('lex', () => {
  it('covers the input exactly', () => {
    const text = 'a "b # c" d\\#e # f\r\n\t{ }\n"open {\n${X Y}z\n';
    const { tokens, openQuotes } = lex(text);
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(tokens.filter((t) => t.kind === 'comment').map((t) => t.text)).toEqual(['# f']);
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).toEqual([
      'a',
      '"b # c"',
      'd\\#e',
      '"open {',
      '${X Y}z',
    ]);
    expect(openQuotes).toHaveLength(1);
  });

  it('splits braces out of words, but not inside quotes', () => {
    const kinds = lex('a{b}"{"').tokens.map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toEqual(['word:a', 'lbrace:{', 'word:b', 'rbrace:}', 'word:"{"']);
  });
});

describe('parse / print', () => {
  it('round-trips a normal file and builds the tree', () => {
    const doc = parse(SAMPLE);
    expect(print(doc)).toBe(SAMPLE);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.statements.map((s) => s.keyword)).toEqual(['global_defs', 'vrrp_instance']);
    const vi = doc.find('vrrp_instance VI_1');
    expect(vi?.args).toEqual(['VI_1']);
    expect(vi?.find('virtual_ipaddress')?.statements.map((s) => s.keyword)).toEqual(['192.0.2.10/24']);
    expect(doc.find('global_defs', 'router_id')?.comments).toEqual(['# the router']);
  });

  const nasty: Record<string, string> = {
    empty: '',
    'only newline': '\n',
    crlf: 'a {\r\n  b 1\r\n}\r\n',
    'no final newline': 'a {\n b\n}',
    tabs: '\ta\t{\t\n\t\tb\t1\t\n\t}\t\n',
    'comments after braces': 'a { # open\n b 1 ! x\n} # close\n',
    'quotes with braces': 'a "x { y }" {\n b "}"\n}\n',
    'braces mid-line': 'a { b { c } d } e\n',
    'brace on next line': 'a\n# c\n{\n b\n}\n',
    'extra close': '}\n} }\na }\n',
    'missing close': 'a {\n b {\n c\n',
    'unterminated quote': 'a "b {\n c\n',
    'lone CR': 'a\rb\r\n\r',
    garbage: '\u0000\u0001\u00ff{{}}"""\\\\\n\\',
    'definitions and sequences': '$A=1\n$M= \\\n  x { \\\n  }\n\n~SEQ(I,1,3) y$I { z }\n@main q $A\n',
    unicode: 'a "é ✓" 𝄞\n',
  };
  for (const [name, text] of Object.entries(nasty)) {
    it(`is lossless: ${name}`, () => {
      expect(print(parse(text))).toBe(text);
    });
  }

  it('reports syntax problems with positions', () => {
    const doc = parse('a {\n}\n}\n{\nb "open\n', { file: 'x.conf' });
    expect(doc.diagnostics.map((d) => [d.code, d.origin.line, d.origin.column])).toEqual([
      ['KA001', 5, 3],
      ['KA003', 3, 1],
      ['KA005', 4, 1],
      ['KA004', 4, 1],
    ]);
    expect(doc.diagnostics.every((d) => d.origin.file === 'x.conf')).toBe(true);
    expect(doc.diagnostics.find((d) => d.code === 'KA003')?.keepalived).toBe('error');
  });

  it('classifies definitions, sequences, conditions and stray braces', () => {
    const doc = parse('$A=1\n$M= \\\n  x { \\\n  }\n\n~SEQ(I,1,3) y$I { z }\n@main q $A\n}\n');
    const kinds = doc.children.map((c) =>
      c instanceof RawLine ? `raw:${c.rawKind}` : c instanceof StrayBrace ? 'stray' : 'st',
    );
    expect(kinds).toEqual(['raw:definition', 'raw:definition', 'raw:sequence', 'st', 'stray']);
    expect((doc.children[1] as RawLine).name).toBe('M');
    expect((doc.children[1] as RawLine).text).toBe('$M= \\\n  x { \\\n  }');
    const q = doc.children[3] as Statement;
    expect([q.condition, q.keyword, q.args]).toEqual(['@main', 'q', ['$A']]);
  });

  it('attaches a { on the next line to the keyword', () => {
    const doc = parse('a\n{\n b\n}\n');
    expect(doc.statements).toHaveLength(1);
    expect(doc.find('a', 'b')).toBeDefined();
    expect(doc.diagnostics).toEqual([]);
  });

  it('handles 100k nesting levels without recursion', () => {
    const text = `${'a {\n'.repeat(100_000)}${'}\n'.repeat(100_000)}`;
    const doc = parse(text);
    expect(doc.diagnostics).toEqual([]);
    expect(print(doc)).toBe(text);
  });
});

describe('editing', () => {
  it('setArgs changes only that line', () => {
    const doc = parse(SAMPLE);
    doc.find('vrrp_instance VI_1', 'priority')?.setArgs(['150']);
    const out = print(doc);
    const before = SAMPLE.split('\n');
    const after = out.split('\n');
    expect(after).toHaveLength(before.length);
    const changed = after.map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toEqual([9]);
    expect(after[9]).toBe('    priority 150');
  });

  it('setArgs quotes values that need it, keeps the trailing comment and the condition', () => {
    const doc = parse('@main router_id  old   # c\n');
    const st = doc.find('router_id') as Statement;
    st.setArgs(['two words', '{x}']);
    expect(print(doc)).toBe('@main router_id  "two words" "{x}"   # c\n');
    expect(st.values).toEqual(['two words', '{x}']);
  });

  it('remove() drops the line and keeps the comments above it', () => {
    const doc = parse('a {\n    # keep me\n    b 1\n    c 2\n}\n');
    doc.find('a', 'b')?.remove();
    expect(print(doc)).toBe('a {\n    # keep me\n    c 2\n}\n');
    doc.find('a', 'c')?.remove();
    expect(print(doc)).toBe('a {\n    # keep me\n}\n');
  });

  it('insertStatement appends with the siblings indentation; insertAfter/insertBefore place it', () => {
    const doc = parse(SAMPLE);
    const vi = doc.find('vrrp_instance VI_1') as Statement;
    vi.insertStatement('advert_int 1');
    vi.find('state')?.insertAfter('nopreempt');
    vi.find('state')?.insertBefore('# inserted comment?\ndummy 1');
    const out = print(doc);
    expect(out).toContain('    }\n    advert_int 1\n}\n');
    expect(out).toContain('    state MASTER\n    nopreempt\n');
    expect(out).toContain('    dummy 1\n    state MASTER\n');
    // untouched lines are byte-identical
    expect(
      out.startsWith(
        '! Configuration File for keepalived\n\nglobal_defs {\n   router_id LVS_DEVEL   # the router\n}\n',
      ),
    ).toBe(true);
  });

  it('insertStatement formats nested text and opens up one-line blocks', () => {
    const doc = parse('vrrp_instance A { state BACKUP }\n');
    const vi = doc.find('vrrp_instance A') as Statement;
    vi.insertStatement('track_script { chk }');
    expect(print(doc)).toBe('vrrp_instance A { state BACKUP\n    track_script {\n        chk\n    }\n}\n');
    const top = parse('a 1');
    top.insertStatement('b 2');
    expect(print(top)).toBe('a 1\nb 2\n');
  });

  it('ensureBlock adds a block to a plain statement', () => {
    const doc = parse('  virtual_ipaddress   # vips\n');
    const st = doc.find('virtual_ipaddress') as Statement;
    st.insertStatement('192.0.2.1/24');
    expect(print(doc)).toBe('  virtual_ipaddress {   # vips\n      192.0.2.1/24\n  }\n');
  });

  it('setKeyword renames', () => {
    const doc = parse('state MASTER\n');
    doc.find('state')?.setKeyword('xstate');
    expect(print(doc)).toBe('xstate MASTER\n');
  });
});

describe('format', () => {
  it('lays out one statement per line, { on the keyword line, 4-space indent, comments kept', () => {
    const x =
      '! top\n\n\n\nglobal_defs\n{   # g\nrouter_id  a\n}\nvrrp_instance VI_1 { state MASTER\n  virtual_ipaddress { 192.0.2.1/24 } }  # end\n';
    expect(format(x)).toBe(
      [
        '! top',
        '',
        'global_defs { # g',
        '    router_id a',
        '}',
        'vrrp_instance VI_1 {',
        '    state MASTER',
        '    virtual_ipaddress {',
        '        192.0.2.1/24',
        '    }',
        '} # end',
        '',
      ].join('\n'),
    );
  });

  it('takes an indent option and a parsed document', () => {
    expect(format(parse('a {\nb {\nc\n}\n}'), { indent: '\t' })).toBe('a {\n\tb {\n\t\tc\n\t}\n}\n');
  });

  it('keeps line-sensitive lines whole', () => {
    const x =
      '@main vrrp_instance A { priority 1 }\n~SEQ(I,1,2) s$I { t }\nk $V { u }\n$M= \\\n  a \\\n  b\n';
    expect(format(x)).toBe(x);
  });

  it('normalises CRLF and drops trailing blanks', () => {
    expect(format('a {  \r\n\tb 1\t\r\n}\r\n')).toBe('a {\n    b 1\n}\n');
  });
});
