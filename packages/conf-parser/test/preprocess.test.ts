// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import { describe, expect, it } from 'vitest';
import {
  type ConfNode,
  expandBraces,
  memoryHost,
  type PreprocessOptions,
  preprocess,
  splitQuotedEscaped,
  splitWords,
} from '../src/index.js';

/** Flatten nodes to "keyword arg arg" lines, children indented. */
function lines(nodes: readonly ConfNode[], depth = 0): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    out.push(`${'  '.repeat(depth)}${[n.keyword, ...n.args].join(' ')}`);
    if (n.children) out.push(...lines(n.children, depth + 1));
  }
  return out;
}

function run(text: string, options: PreprocessOptions = {}): { out: string[]; codes: string[] } {
  const r = preprocess(
    { text, file: '/etc/keepalived/keepalived.conf' },
    { host: memoryHost({}), ...options },
  );
  return { out: lines(r.nodes), codes: r.diagnostics.map((d) => d.code) };
}

describe('preprocess: comments and quoting', () => {
  it('strips # and ! comments outside quotes and keeps escaped ones', () => {
    const { out, codes } = run('a 1 # c\nb 2 ! c\nc "x # y"\nd x\\#y\ne x\\!y\n# whole line\n! bang line\n');
    expect(out).toEqual(['a 1', 'b 2', 'c x # y', 'd x#y', 'e x!y']);
    expect(codes).toEqual([]);
  });

  it('splits words like keepalived: " quotes, a quote ends an unquoted word, single quotes are plain', () => {
    expect(run('k "a b"c d\n').out).toEqual(['k a b c d']);
    const r = preprocess({ text: "k 'a b'\n" }, { host: memoryHost({}) });
    expect(r.nodes[0]?.args).toEqual(["'a", "b'"]);
  });

  it('reports an unterminated quote (KA001 + KA002) and keeps going', () => {
    const { out, codes } = run('a "open\nb 2\n');
    expect(codes).toEqual(['KA001', 'KA002']);
    expect(out).toEqual(['a', 'b 2']);
  });

  it('splitQuotedEscaped concatenates pieces and decodes escapes', () => {
    expect(splitQuotedEscaped(`abcd" efg h jkl "mnop`)).toEqual(['abcd efg h jkl mnop']);
    expect(splitQuotedEscaped(`abcd "efg h jkl" mnop`)).toEqual(['abcd', 'efg h jkl', 'mnop']);
    expect(splitQuotedEscaped(`'a\\tb' \\x41\\101 \\cA \\q`)).toEqual(['a\tb', 'AA', '\x01', 'q']);
    expect(splitWords('a"b c"d').words.map((w) => w.value)).toEqual(['a', 'b c', 'd']);
  });
});

describe('preprocess: blocks', () => {
  it('builds blocks from braces anywhere on a line, and { on the next line', () => {
    const { out, codes } = run('a { b 1 } c\nd\n{\n e { f }\n}\n');
    expect(out).toEqual(['a', '  b 1', 'c', 'd', '  e', '    f']);
    expect(codes).toEqual([]);
  });

  it('keeps braces inside quotes', () => {
    expect(run('a "x { y }" {\n b\n}\n').out).toEqual(['a x { y }', '  b']);
  });

  it('reports extra } (KA003), missing } (KA004) and unexpected { (KA005)', () => {
    expect(run('a {\n}\n}\n').codes).toEqual(['KA003']);
    const missing = preprocess({ text: 'a {\n b {\n' }, { host: memoryHost({}) });
    expect(missing.diagnostics.map((d) => [d.code, d.keepalived])).toEqual([['KA004', 'error']]);
    expect(missing.diagnostics[0]?.message).toContain('2 missing');
    expect(run('{\n}\n').codes).toEqual(['KA005']);
  });

  it('records origins of keywords, args and closing braces', () => {
    const r = preprocess(
      { text: 'vrrp_instance VI_1 {\n    priority  100\n}\n', file: 'k.conf' },
      { host: memoryHost({}) },
    );
    const vi = r.nodes[0] as ConfNode;
    expect(vi.origin).toEqual({ file: 'k.conf', line: 1, column: 1 });
    expect(vi.argOrigins[0]).toEqual({ file: 'k.conf', line: 1, column: 15 });
    expect(vi.closeOrigin).toEqual({ file: 'k.conf', line: 3, column: 1 });
    const prio = vi.children?.[0] as ConfNode;
    expect(prio.origin).toEqual({ file: 'k.conf', line: 2, column: 5 });
    expect(prio.argOrigins[0]).toEqual({ file: 'k.conf', line: 2, column: 15 });
  });
});

describe('preprocess: conditionals', () => {
  const text = '@main a 1\n@^main b 2\n@backup c 3\n@^backup d 4\n@main\n';
  it('keeps @id lines for the instance and @^id lines for others', () => {
    expect(run(text, { instance: 'main' }).out).toEqual(['a 1', 'd 4']);
    expect(run(text, { instance: 'backup' }).out).toEqual(['b 2', 'c 3']);
    expect(run(text).out).toEqual(['b 2', 'd 4']);
  });
  it('applies conditionals produced by substitution', () => {
    expect(run('$IF_MAIN=@main\n$IF_MAIN priority 240\n', { instance: 'main' }).out).toEqual([
      'priority 240',
    ]);
    expect(run('$IF_MAIN=@main\n$IF_MAIN priority 240\n', { instance: 'x' }).out).toEqual([]);
  });
});

describe('preprocess: definitions', () => {
  it('substitutes $NAME followed by a blank or end, and ${NAME} anywhere', () => {
    expect(run('$D=v\nk $D\nk ${D}x\nk $Dx\n').out).toEqual(['k v', 'k vx', 'k $Dx']);
    // An undefined ${X} stays, and keepalived then splits its braces like any other.
    expect(run('k ${UNDEF}\n').out).toEqual(['k $', '  UNDEF']);
  });

  it('is late-bound and recursive (man page example)', () => {
    const t =
      '$ADDRESS_BASE=198.51.${ADDRESS_BASE_SUB}\n$ADDRESS_BASE_SUB=0\na ${ADDRESS_BASE}.100/32\n$ADDRESS_BASE_SUB=10\na ${ADDRESS_BASE}.100/32\n';
    expect(run(t).out).toEqual(['a 198.51.0.100/32', 'a 198.51.10.100/32']);
  });

  it('allows empty values and overriding', () => {
    expect(run('$E=\nk x${E}y\n$E=1\nk ${E}\n').out).toEqual(['k xy', 'k 1']);
  });

  it('expands multiline definitions with nested conditionals and definitions', () => {
    const t = [
      '$INSTANCE= \\',
      'vrrp_instance VI_${NUM} { \\',
      '    @high priority 130 \\',
      '    @low priority 120 \\',
      '    virtual_ipaddress { \\',
      '        192.0.2.${NUM}/24 \\',
      '    } \\',
      '}',
      '',
      '$NUM=1',
      '$INSTANCE',
      '$NUM=2',
      '$INSTANCE',
    ].join('\n');
    const r = preprocess({ text: t, file: '/k.conf' }, { host: memoryHost({}), instance: 'high' });
    expect(lines(r.nodes)).toEqual([
      'vrrp_instance VI_1',
      '  priority 130',
      '  virtual_ipaddress',
      '    192.0.2.1/24',
      'vrrp_instance VI_2',
      '  priority 130',
      '  virtual_ipaddress',
      '    192.0.2.2/24',
    ]);
    // Origins of lines from a multiline body point into the definition.
    expect(r.nodes[1]?.children?.[0]?.origin).toEqual({ file: '/k.conf', line: 3, column: 11 });
    expect(r.nodes[1]?.origin).toEqual({ file: '/k.conf', line: 2, column: 1 });
  });

  it('ends a multiline definition at a blank line, and expands it only at the end of a line', () => {
    const t = '$M= \\\n  km1 \\\n  km2 \\\n\n  km3\nx $M y\nx $M\n';
    expect(run(t).out).toEqual(['km3', 'x $M y', 'x km1', 'km2']);
  });

  it('nests multiline definitions (man page shape)', () => {
    const t = [
      '$RS= \\',
      'real_server 192.0.2.${RS_NUM} 80 { \\',
      '    weight 1 \\',
      '}',
      '$VS= \\',
      'virtual_server 198.51.100.${VS_NUM} 80 { \\',
      '    $RS_NUM=1 \\',
      '    $RS \\',
      '    $RS_NUM=2 \\',
      '    $RS \\',
      '}',
      '$VS_NUM=7',
      '$VS',
    ].join('\n');
    expect(run(t).out).toEqual([
      'virtual_server 198.51.100.7 80',
      '  real_server 192.0.2.1 80',
      '    weight 1',
      '  real_server 192.0.2.2 80',
      '    weight 1',
    ]);
  });
});

describe('preprocess: built-ins', () => {
  it('_PWD, _INSTANCE, _HASH, _BANG, _ENV, _RANDOM', () => {
    const r = run(
      'a ${_PWD}\nb ${_INSTANCE}\nc ${_HASH}x${_BANG}\nd ${_ENV HOME}\ne ${_RANDOM 5 5}\nf "${_HASH}x${_BANG}"\n',
      {
        instance: 'lb1',
        env: { HOME: '/home/x' },
      },
    );
    // Outside quotes the produced `#` starts a comment (keepalived re-strips comments).
    expect(r.out).toEqual(['a /etc/keepalived', 'b lb1', 'c', 'd /home/x', 'e 5', 'f #x!']);
    expect(r.codes).toEqual(['KA021']);
  });

  it('strips comments again after a substitution, as keepalived 2.2.7 does', () => {
    const t = '$V=v\nk12\\#a $V\nk13\\#b\nk14 "x$V#y" z\n$V k15#c\nk16 a${_HASH}b {\nk17\n';
    expect(run(t).out).toEqual(['k12', 'k13#b', 'k14 x$V#y z', 'v k15', 'k16 a', 'k17']);
  });

  it('_RANDOM is reproducible with a seed and in range', () => {
    const t = '~SEQ(I,1,50) r ${_RANDOM 10 20}\n';
    const a = run(t, { randomSeed: 42 }).out;
    expect(run(t, { randomSeed: 42 }).out).toEqual(a);
    for (const l of a) {
      const v = Number(l.split(' ')[1]);
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThanOrEqual(20);
    }
  });
});

describe('preprocess: ~SEQ and ~LST', () => {
  it('expands the man page examples', () => {
    expect(run('~SEQ(SUBNET, 0, 3) ip_address 203.0.${SUBNET}.1\n').out).toEqual([
      'ip_address 203.0.0.1',
      'ip_address 203.0.1.1',
      'ip_address 203.0.2.1',
      'ip_address 203.0.3.1',
    ]);
    const hex = [
      'ip_address fe80::20:90:1',
      'ip_address fe80::20:a0:1',
      'ip_address fe80::20:b0:1',
      'ip_address fe80::20:c0:1',
    ];
    expect(run('~SEQx(SUBNET, 144, 16, 192) ip_address fe80::20:${SUBNET}:1\n').out).toEqual(hex);
    expect(run('~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1\n').out).toEqual(hex);
    expect(
      run('~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}\n').out,
    ).toEqual(['fe81::10:90:12', 'fe81::10:90:11', 'fe81::10:a0:12', 'fe81::10:a0:11']);
    expect(run('~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,51,2,53) 198.${IP2}.${IP}.${IP1}\n').out).toEqual([
      '198.51.10.1',
      '198.53.10.1',
      '198.51.20.4',
      '198.53.20.4',
    ]);
    expect(run('~LST(IP, 1, 2) ~LST(IP1, 5,6) 192.169.${IP}.${IP1}\n').out).toEqual([
      '192.169.1.5',
      '192.169.1.6',
      '192.169.2.5',
      '192.169.2.6',
    ]);
  });

  it('defaults start and step', () => {
    expect(run('~SEQ(I,3) a$I\n').out).toEqual(['a1', 'a2', 'a3']);
    expect(run('~SEQ(I,-2) a$I\n').out).toEqual(['a-1', 'a-2']);
    expect(run('~SEQ(I,3,1) a$I\n').out).toEqual(['a3', 'a2', 'a1']);
  });

  it('repeats the whole rest of the line, braces included, with origins on the ~SEQ line', () => {
    const r = preprocess(
      { text: 'x\n~SEQ(I,1,2) vrrp_instance V$I { priority 1$I }\n', file: 'f' },
      { host: memoryHost({}) },
    );
    expect(lines(r.nodes)).toEqual([
      'x',
      'vrrp_instance V1',
      '  priority 11',
      'vrrp_instance V2',
      '  priority 12',
    ]);
    expect(r.nodes[2]?.origin).toEqual({ file: 'f', line: 2, column: 13 });
    expect(r.nodes[2]?.children?.[0]?.origin).toEqual({ file: 'f', line: 2, column: 33 });
  });

  it('repeats a multiline definition (man page 3-level form, small)', () => {
    const t = '$VI4= \\\nvi ${IF}.${NUM} { \\\n  id ${NUM} \\\n}\n\n~SEQ(IF,0,1) ~SEQ(NUM,1,2) $VI4\n';
    expect(run(t).out).toEqual([
      'vi 0.1',
      '  id 1',
      'vi 0.2',
      '  id 2',
      'vi 1.1',
      '  id 1',
      'vi 1.2',
      '  id 2',
    ]);
  });

  it('reports invalid specifications (KA020)', () => {
    expect(run('~SEQ(I,1,0,5) a\n').codes).toEqual(['KA020']);
    expect(run('~SEQ I,1) a\n').codes).toEqual(['KA020']);
    expect(run('~LST(A) a\n').codes).toEqual(['KA020']);
    expect(run('~LST({A,B},{1}) a\n').codes).toEqual(['KA020']);
  });
});

describe('preprocess: include', () => {
  const files = {
    '/etc/keepalived/keepalived.conf':
      'top 1\ninclude conf.d/*.conf\ninclude /etc/keepalived/other/{x,y}.conf\nbottom 2\n',
    '/etc/keepalived/conf.d/b.conf': 'b 1\n',
    '/etc/keepalived/conf.d/a.conf': 'a 1\ninclude ../deep/d.conf\n',
    '/etc/keepalived/conf.d/skip.txt': 'nope\n',
    '/etc/keepalived/deep/d.conf': 'd ${_PWD}\n',
    '/etc/keepalived/other/x.conf': 'x 1\n',
    '/etc/keepalived/other/y.conf': 'y 1\n',
  };

  it('expands globs and braces relative to the including file, in order', () => {
    const r = preprocess({ file: '/etc/keepalived/keepalived.conf' }, { host: memoryHost(files) });
    expect(lines(r.nodes)).toEqual([
      'top 1',
      'a 1',
      'd /etc/keepalived/deep',
      'b 1',
      'x 1',
      'y 1',
      'bottom 2',
    ]);
    expect(r.files).toEqual([
      '/etc/keepalived/keepalived.conf',
      '/etc/keepalived/conf.d/a.conf',
      '/etc/keepalived/conf.d/b.conf',
      '/etc/keepalived/deep/d.conf',
      '/etc/keepalived/other/x.conf',
      '/etc/keepalived/other/y.conf',
    ]);
    expect(r.diagnostics).toEqual([]);
    const d = r.nodes[2] as ConfNode;
    expect(d.origin).toEqual({ file: '/etc/keepalived/deep/d.conf', line: 1, column: 1 });
  });

  it('includes inside a block put statements into that block', () => {
    const r = preprocess(
      { file: '/k/main.conf' },
      {
        host: memoryHost({
          '/k/main.conf': 'vrrp_instance A {\n  include vips.conf\n}\n',
          '/k/vips.conf': 'priority 100\n',
        }),
      },
    );
    expect(lines(r.nodes)).toEqual(['vrrp_instance A', '  priority 100']);
  });

  it('processes conditionals and substitution before include detection (as keepalived 2.2.7)', () => {
    const host = memoryHost({
      '/k/m.conf': '@main include a.conf\n@x include b.conf\n$I=include b.conf\n$I\n',
      '/k/a.conf': 'a\n',
      '/k/b.conf': 'b\n',
    });
    expect(lines(preprocess({ file: '/k/m.conf' }, { host, instance: 'main' }).nodes)).toEqual(['a', 'b']);
  });

  it('a missing file is a warning for include, an error for includem/includea', () => {
    const host = memoryHost({
      '/k/m.conf': 'include none.conf\nincludem none.conf\nincludea none*.conf\nincluder ok.conf\n',
      '/k/ok.conf': 'ok\n',
    });
    const r = preprocess({ file: '/k/m.conf' }, { host });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KA010', 'KA011', 'KA011']);
    expect(lines(r.nodes)).toEqual(['ok']);
  });

  it('include_check in global_defs and the include variants follow keepalived 2.2.7', () => {
    // Verified with keepalived -t (exit 6 and "Config files missing" for each KA011 here).
    const host = memoryHost({
      '/k/m.conf':
        'global_defs {\n include_check match\n}\ninclude emptyd/*.conf\ninclude none2/*.conf\ninclude sub.conf\n',
      '/k/sub.conf': 'include none4.conf\n',
      '/k/emptyd/readme.txt': 'x\n',
      '/k/v.conf':
        'includem emptyd/*.conf\nincludem none6.conf\nincludew emptyd/*.conf\nincluder emptyd/*.conf\nincludeb {x,y}.conf\nincludew none7.conf\n',
    });
    const r = preprocess({ file: '/k/m.conf' }, { host });
    expect(r.diagnostics.map((d) => [d.code, d.origin.file, d.origin.line])).toEqual([
      ['KA010', '/k/m.conf', 4],
      ['KA011', '/k/m.conf', 5],
      ['KA011', '/k/sub.conf', 1],
    ]);
    const v = preprocess({ file: '/k/v.conf' }, { host });
    expect(v.diagnostics.map((d) => [d.code, d.origin.line])).toEqual([
      ['KA010', 1],
      ['KA011', 2],
      ['KA011', 3],
      ['KA010', 4],
      ['KA011', 5],
      ['KA011', 6],
    ]);
    // An include_check in the main file also governs includes before it (keepalived's first pass).
    const early = preprocess(
      { file: '/k/e.conf' },
      { host: memoryHost({ '/k/e.conf': 'include none1.conf\nglobal_defs {\n include_check\n}\n' }) },
    );
    expect(early.diagnostics.map((d) => [d.code, d.origin.line])).toEqual([['KA011', 1]]);
    const all = preprocess({ text: 'include /none.conf\n' }, { host: memoryHost({}), allConfig: true });
    expect(all.diagnostics.map((d) => d.code)).toEqual(['KA011']);
  });

  it('detects include cycles (KA013)', () => {
    const host = memoryHost({ '/k/a.conf': 'a\ninclude b.conf\n', '/k/b.conf': 'b\ninclude a.conf\n' });
    const r = preprocess({ file: '/k/a.conf' }, { host });
    expect(lines(r.nodes)).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KA013']);
  });

  it('an unreadable entry file is fatal (KA014)', () => {
    const r = preprocess({ file: '/nope.conf' }, { host: memoryHost({}) });
    expect(r.diagnostics.map((d) => [d.code, d.keepalived])).toEqual([['KA014', 'fatal']]);
    expect(r.nodes).toEqual([]);
  });

  it('odd glob classes never throw', () => {
    // (`[!a]` would start a comment: keepalived's `!`.)
    const host = memoryHost({
      '/k/m.conf': 'include [z-a].conf\ninclude [^a]*.conf\ninclude [\n',
      '/k/b.conf': 'b\n',
    });
    const r = preprocess({ file: '/k/m.conf' }, { host });
    expect(lines(r.nodes)).toEqual(['b']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KA010', 'KA013', 'KA010']);
  });

  it('expandBraces follows csh order and keeps brace groups without commas', () => {
    expect(expandBraces('{foo/{,cat,dog},bar}', 100).patterns).toEqual(['foo/', 'foo/cat', 'foo/dog', 'bar']);
    expect(expandBraces('a{b}c', 100).patterns).toEqual(['a{b}c']);
  });
});

describe('preprocess: nodeHost', () => {
  it('reads real files through the default host', async () => {
    const { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ha-pp-`);
    writeFileSync(`${dir}/main.conf`, 'a 1\ninclude sub/*.conf\n');
    mkdirSync(`${dir}/sub`);
    writeFileSync(`${dir}/sub/x.conf`, 'x ${_PWD}\n');
    writeFileSync(`${dir}/sub/y.conf`, 'y\n', { mode: 0o755 });
    symlinkSync(`${dir}/sub`, `${dir}/linked`);
    writeFileSync(`${dir}/main2.conf`, 'include linked/x.conf\ninclude */x.conf\n');
    const r = preprocess({ file: `${dir}/main.conf` });
    expect(lines(r.nodes)).toEqual(['a 1', `x ${dir}/sub`]);
    expect(r.files).toEqual([`${dir}/main.conf`, `${dir}/sub/x.conf`]);
    // Executable files are skipped, as keepalived does (KA012).
    expect(r.diagnostics.map((d) => d.code)).toEqual(['KA012']);
    // Symbolic links to directories are followed by globs.
    const r2 = preprocess({ file: `${dir}/main2.conf` });
    expect(r2.files).toEqual([
      `${dir}/main2.conf`,
      `${dir}/linked/x.conf`,
      `${dir}/linked/x.conf`,
      `${dir}/sub/x.conf`,
    ]);
    const missing = preprocess({ file: `${dir}/nope.conf` });
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['KA014']);
  });
});
