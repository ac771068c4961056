/**
 * The plain reader (js-yaml, fast) and the located way (yaml's Document) must read a suite the same:
 * wherever the plain reader takes a file, the located way finds no problem in it, gives the same
 * values, and starts every value and key at the same line and column. Seeds are every YAML file in
 * the project plus the edges below; a property then mutates them the way fuzz.test.ts does.
 * A longer hunt: PROMPTGATE_FUZZ_RUNS=20000 npx vitest run test/suite/plain-yaml.test.ts
 */
import { readFile } from 'node:fs/promises';
import { glob } from 'node:fs/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Locator, type YamlPath } from '../../src/suite/locate.ts';
import { parseLocated } from '../../src/suite/parse-yaml.ts';
import { readPlainYaml } from '../../src/suite/plain-yaml.ts';
import { MAX_DEPTH } from '../../src/yaml-hazards.ts';

const nested = (depth: number) => `a: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;

/** Documents whose reading differs between YAML versions, schemas or parsers, or that only the located way may judge. */
const EDGES = [
  'n: [1_000, 0x1F, 0o17, 0b101, +12, -0, 1e3, 1E3, .5, 5., .inf, -.Inf, .NaN, 012, 0.1e+2, 12345678901234567890]\n',
  'b: [yes, no, on, off, y, n, True, TRUE, false, ~, Null, NULL, null, "", 2026-11-30, 12:30:00, 1:2]\n',
  'e:\nf: \ng: ""\nh: []\ni: {}\n',
  '%YAML 1.1\n---\na: yes\nb: 0o17\n',
  '%TAG !e! tag:example.com,2000:\n---\na: 1\n',
  'a: &x {b: 1}\nc: *x\n',
  'a: !!str 5\nb: !!binary aGk=\n',
  'a: 1\na: 2\n',
  '"a": 1\n\'a\': 2\n',
  '---\na: 1\n---\nb: 2\n',
  '--- |\n  text\n',
  '',
  '# only a comment\n',
  '__proto__: {polluted: true}\nconstructor: 1\n',
  '? [a, b]\n: c\n',
  '? a\n: b\n',
  '0o17: a\n.inf: b\n',
  "a: \"\\x41\\u00e9\\N\\_\\t\"\nb: 'it''s'\nc: |+\n  keep\n\nd: >-\n  fold\n  ed\n",
  'a:\r\n  - b: 1\r\n    c: "two"\r\n',
  '\uFEFFname: bom\n',
  'a: plain\n  continued\n  lines\nb: x # comment\n',
  'a: {b: [1, {c: d}], "e f": g}\n',
  'a:\n- 1\n-   - 2\n    - 3\n',
  'a: b: c\n',
  'a: [1, 2\n',
  '\ta: 1\n',
  'key with spaces: 1\n"quoted key": 2\n',
  // Keys the places index reads from the source: folded over lines, escaped, quotes doubled.
  'a: {b\n  c: 1, d: 2}\n',
  'a: {"b\\x41": 1, \'b\'\'c\': 2, "b\n  c": 3}\n',
  // A long sequence is indexed rather than walked: every item, nested ones too, in both forms.
  `cases:\n${Array.from({ length: 40 }, (_, i) => `  - id: c${i}\n    assert: [${i}, {b: [x]}]\n`).join('')}`,
  `long: ${'x'.repeat(1100)}\n`,
  `${'k'.repeat(1100)}: 1\n`,
  `a${' '.repeat(1100)}: 1\n`,
  'cases:\n  - id: x\n    assert:\n      - contains: a\n    :  - contains: b\n',
  ...[MAX_DEPTH - 3, MAX_DEPTH - 2, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1].map(nested),
];

/** Every value's path, parents first. */
function paths(value: unknown, at: YamlPath = []): YamlPath[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
  return [at];
}

function expectAgreement(source: string): 'plain' | 'located' {
  const plain = readPlainYaml(source);
  if (!plain) return 'located';
  const located = parseLocated('s.yaml', source);
  expect('problems' in located ? located.problems : [], source).toEqual([]);
  if ('problems' in located) return 'plain';
  expect(plain.data, source).toStrictEqual(located.data);
  const fast = new Locator('s.yaml', source, { starts: plain.starts });
  for (const p of paths(plain.data)) {
    // Every value is in the index (a Locator would quietly find a missing one the slow way).
    expect(plain.starts.startsAt(p), `${source}\nindexed ${p.join('.')}`).toBeDefined();
    // Only where yaml's Document finds that very node: a key it reads as a number it cannot look up by name.
    if (JSON.stringify(located.locator.node(p)?.toJSON()) !== JSON.stringify(p.reduce<any>((v, k) => v[k], plain.data))) continue;
    expect(fast.loc(p), `${source}\nat ${p.join('.')}`).toEqual(located.locator.loc(p));
    if (p.length && typeof p.at(-1) === 'string')
      expect(fast.loc(p, { key: true }), `${source}\nkey ${p.join('.')}`).toEqual(located.locator.loc(p, { key: true }));
  }
  return 'plain';
}

async function projectYaml(): Promise<string[]> {
  const files: string[] = [];
  for await (const f of glob(['examples/**/*.yaml', 'test/**/*.yaml', 'src/init/templates/**/*.yaml', 'docs/**/*.yaml'], {
    exclude: (f) => f.includes('node_modules') || f.includes('/fixtures/'),
  }))
    files.push(f);
  return files.sort();
}

describe('the plain reader', () => {
  it('reads every plain YAML file of the project as the located way does', async () => {
    const files = await projectYaml();
    expect(files.length).toBeGreaterThan(60);
    const ways = await Promise.all(files.map(async (f) => expectAgreement(await readFile(f, 'utf8'))));
    // The example suites are plain: the fast way is the usual way, not a rarity.
    expect(ways.filter((w) => w === 'plain').length).toBeGreaterThan(files.length / 2);
  });

  it('leaves to the located way what only it may judge, and agrees on the rest', () => {
    const ways = EDGES.map(expectAgreement);
    const way = (source: string) => ways[EDGES.indexOf(source)];
    // A YAML 1.1 document reads yes as true and 0o17 as a string; core schema reads neither so.
    expect(way('%YAML 1.1\n---\na: yes\nb: 0o17\n')).toBe('located');
    // Aliases are bounded by the hazard check; tags are judged by it; duplicate keys are its errors.
    expect(way('a: &x {b: 1}\nc: *x\n')).toBe('located');
    expect(way('a: !!str 5\nb: !!binary aGk=\n')).toBe('located');
    expect(way('a: 1\na: 2\n')).toBe('located');
    expect(way('---\na: 1\n---\nb: 2\n')).toBe('located');
    expect(way('? [a, b]\n: c\n')).toBe('located');
    // A key read as a number is named by its value (15), not its text (0o17).
    expect(way('0o17: a\n.inf: b\n')).toBe('located');
    // js-yaml reads these; yaml (strict) refuses an empty key and a key 1024 characters long.
    expect(way('cases:\n  - id: x\n    assert:\n      - contains: a\n    :  - contains: b\n')).toBe('located');
    expect(way(`${'k'.repeat(1100)}: 1\n`)).toBe('located');
    expect(way(nested(MAX_DEPTH + 1))).toBe('located');
    // The ordinary shapes of a suite stay on the fast way.
    expect(way('a: {b: [1, {c: d}], "e f": g}\n')).toBe('plain');
    expect(way('a:\r\n  - b: 1\r\n    c: "two"\r\n')).toBe('plain');
  });

  it('agrees on mutated suites: lines deleted, duplicated, re-indented, punctuation dropped in', async () => {
    const seeds = await Promise.all((await projectYaml()).filter((f) => f.startsWith('examples/')).map((f) => readFile(f, 'utf8')));
    const edit = fc.record({
      seed: fc.nat(),
      line: fc.nat(),
      kind: fc.constantFrom('delete', 'duplicate', 'indent', 'dedent', 'punctuation'),
      col: fc.nat(),
      char: fc.constantFrom(':', '-', '[', ']', '{', '}', '"', "'", ',', '&', '*', '!', '|', '>', '#', '?', '%', '\t'),
    });
    fc.assert(
      fc.property(edit, ({ seed, line, kind, col, char }) => {
        const lines = seeds[seed % seeds.length]!.split('\n');
        const i = line % lines.length;
        const l = lines[i]!;
        if (kind === 'delete') lines.splice(i, 1);
        else if (kind === 'duplicate') lines.splice(i, 0, l);
        else if (kind === 'indent') lines[i] = `  ${l}`;
        else if (kind === 'dedent') lines[i] = l.replace(/^ {1,2}/, '');
        else lines[i] = l.slice(0, col % (l.length + 1)) + char + l.slice(col % (l.length + 1));
        expectAgreement(lines.join('\n'));
      }),
      { numRuns: Number(process.env.PROMPTGATE_FUZZ_RUNS ?? 400) },
    );
  });
});
