// biome-ignore-all lint/suspicious/noTemplateCurlyInString: keepalived's ${NAME} syntax is the subject under test
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ConfNode, format, memoryHost, parse, preprocess, print } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const samplesDir = resolve(repo, '../shared/keepalived-samples');
const vectorsDir = resolve(repo, '../shared/vectors/conf');
const examplesDir = resolve(repo, 'examples/configs');

/** Files of a directory (non-recursive), or none when it is absent. */
function filesOf(dir: string, filter: (name: string) => boolean = () => true): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(filter)
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile())
    .sort();
}

/** The resolved tree without origins. */
export interface Shape {
  /** keyword */
  k: string;
  /** args */
  a: string[];
  /** children */
  c?: Shape[];
}

/** Strip origins from a preprocessed tree. */
export function shape(nodes: readonly ConfNode[]): Shape[] {
  return nodes.map((n) => {
    const s: Shape = { k: n.keyword, a: n.args };
    if (n.children) s.c = shape(n.children);
    return s;
  });
}

/** Preprocess text with no file access, for every instance name that matters. */
function resolved(text: string, instance?: string): { tree: Shape[]; codes: string[] } {
  const r = preprocess(
    { text, file: '/etc/keepalived/keepalived.conf' },
    { host: memoryHost({}), instance, randomSeed: 1, env: { HOME: '/root' } },
  );
  return { tree: shape(r.nodes), codes: r.diagnostics.map((d) => d.code).sort() };
}

function checkCorpusFile(path: string): void {
  const text = readFileSync(path, 'utf8');
  expect(print(parse(text, { file: path }))).toBe(text);
  const f = format(text);
  expect(format(f)).toBe(f);
  expect(format(parse(text))).toBe(f);
  for (const instance of [undefined, 'high', 'low', 'main', 'backup']) {
    expect(resolved(f, instance)).toEqual(resolved(text, instance));
  }
}

const corpora: [string, string[]][] = [
  ['keepalived samples', filesOf(samplesDir)],
  ['vectors', filesOf(vectorsDir)],
  ['examples', filesOf(examplesDir, (n) => n.endsWith('.conf'))],
  ['lint fixtures (broken)', filesOf(resolve(here, 'fixtures/broken'), (n) => n.endsWith('.conf'))],
  ['lint fixtures (cluster)', filesOf(resolve(here, 'fixtures/cluster'), (n) => n.endsWith('.conf'))],
];

for (const [name, files] of corpora) {
  describe.skipIf(files.length === 0)(`corpus round-trip: ${name}`, () => {
    for (const file of files) {
      it(`${file.slice(file.lastIndexOf('/') + 1)}: print(parse) exact, format idempotent and meaning-preserving`, () => {
        checkCorpusFile(file);
      });
    }
  });
}

describe('corpus is present when the shared directory is', () => {
  it.skipIf(!existsSync(samplesDir))('has the keepalived samples', () => {
    expect(filesOf(samplesDir).length).toBeGreaterThan(20);
  });
});

/** Hand-made inputs that stress layout and the line rules. */
const NASTY: string[] = [
  'a {\r\n  b 1\r\n}\r\n',
  'a {\n b\n}',
  '\ta\t{\t\n\t\tb\t1\t\n\t}\t\n',
  'a { # open\n b 1 ! x\n} # close\n',
  'a "x { y }" {\n b "}"\n}\n',
  'a { b { c } d } e\n',
  'a\n{\n b\n}\n',
  'a\n# between\n{\n b\n}\n',
  '}\n} }\na }\n',
  'a {\n b {\n c\n',
  'a "b {\n c\n',
  '$A=1\n$M= \\\n  x { \\\n  }\n\n~SEQ(I,1,3) y$I { z }\n@main q $A\n',
  'vrrp_instance V {\n@main priority 1 }\n}\n',
  'a { @main b } c\n',
  '$V=vrrp_instance X {\n$V\n  state MASTER\n}\n',
  '$M= \\\nq \\\nr\n\nx { $M }\ny { $M\n}\n',
  '@main vrrp_instance A {\n  priority 1\n}\n@^main vrrp_instance B { priority 2 }\n',
  'k "unterminated { x\nz {\n}\n',
  'a\\#b c\\!d {\n  e\\ f\n}\n',
  '\n\n\na\n\n\n\nb\n\n\n',
  'x ${_RANDOM 1 9} ${_ENV HOME} ${_HASH}\n',
  // Regressions found by the property tests (shrunk counterexamples).
  '"\n{two words"',
  '\r@',
  '{\r@}\nt',
  'state \\}',
  'a"\\"a!b"c state',
  'a\t\\\t',
  '${"}#"',
  '$M=\\\\\n}e',
  '$V=\r \nvalue',
  '$M=\r\\\n{}',
  'a\r#\\',
  'include \n{',
  'include x\n{\n}\n',
  'a { include x }\n',
  '\\"  "',
  '{ brace }" {\n}',
  'k1 a\\#b $V\n',
  '$B= \\\u0000\nk\r\n { ',
  ' } $B= \\\r\n } @main @main ',
];

describe('nasty inputs', () => {
  NASTY.forEach((text, i) => {
    it(`#${i}: lossless, idempotent, meaning-preserving`, () => {
      expect(print(parse(text))).toBe(text);
      const f = format(text);
      expect(format(f)).toBe(f);
      for (const instance of [undefined, 'main'])
        expect(resolved(f, instance)).toEqual(resolved(text, instance));
    });
  });
});
