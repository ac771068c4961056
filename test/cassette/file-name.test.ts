/**
 * Cassette file names: every call gets its own file, inside `fixtures/<suite>/`, that no other call
 * shares on a case-insensitive filesystem; and names that were already safe keep the name they had,
 * so recorded cassettes keep replaying.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cassetteFile, type CallId } from '../../src/cassette/cassette.ts';
import { fileStem } from '../../src/cassette/file-name.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'fixtures');
const EXAMPLE_FIXTURES = ['fixtures', 'src/init/templates/fixtures', 'examples/ticket-router/fixtures'].map((d) => path.join(ROOT, d));

/** What people (and attackers) name cases: the scheme's own suffixes, case twins, paths, devices. */
const NASTY = [
  'a',
  'a.r2',
  'a.r3',
  'a.r1',
  'a.r02',
  'a.grade-1',
  'a.r2.grade-1',
  'a.grade-1.r2',
  'a.grade-1.x',
  'a~2er2',
  'a.cont-1',
  'a.cont-2',
  'a.r2.cont-1',
  'a.cont-1.r2',
  'a.cont-1.x',
  'a.grade-1.cont-1',
  'Billing',
  'billing',
  'BILLING',
  'bILLING',
  'a/b',
  'a\\b',
  'a:b',
  '../../etc/x',
  '..',
  '.',
  '',
  ' ',
  'a.',
  '.a',
  'a..b',
  '/abs',
  'C:\\x',
  'a\0b',
  '\0',
  'CON',
  'con',
  'Con',
  'aux.json',
  'nul.txt',
  'com1',
  'lpt9.r2',
  'prn.',
  'conin$',
  '~',
  '~2f',
  'a~2fb',
  'é',
  'É',
  'e\u0301',
  '\ud800',
  '\ud801',
  '😀',
  'a'.repeat(128),
  'a'.repeat(129),
  'b'.repeat(300),
  '😀'.repeat(80),
  '😀'.repeat(81),
  `${'x'.repeat(63)}/`,
  `${'x'.repeat(63)}?`,
];

/** Every file a case with this id could have: repeats, the case call, its continuations and its grader calls. */
function callsOf(suite: string, caseId: string): CallId[] {
  return [1, 2, 3].flatMap((repeat) => [
    { suite, caseId, repeat, role: 'case' as const, index: 1 },
    { suite, caseId, repeat, role: 'case' as const, index: 1, continuation: 1 },
    { suite, caseId, repeat, role: 'case' as const, index: 1, continuation: 2 },
    { suite, caseId, repeat, role: 'grader' as const, index: 1 },
    { suite, caseId, repeat, role: 'grader' as const, index: 2 },
  ]);
}

/** Why the file is not inside fixtures/<its suite's folder>/ with a name every filesystem takes as written, or undefined. */
function unsafe(file: string, suite: string): string | undefined {
  const folder = path.join(FIXTURES, fileStem(suite));
  const name = path.basename(file);
  if (path.dirname(file) !== folder) return `${file} is not in ${folder}`;
  if (/^\.\.?$|[/\\]|^\.\./.test(path.relative(FIXTURES, folder))) return `${folder} is not one folder inside ${FIXTURES}`;
  // Lowercase ASCII only: a case-insensitive or normalising filesystem sees the name as written.
  // `@` (every filesystem takes it) marks the model of a case run under another model than its own.
  if (!/^[a-z0-9_~-][a-z0-9_.~@-]*\.json$/.test(name)) return `${JSON.stringify(name)} holds more than [a-z0-9_.~-]`;
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/.test(name.split('.')[0]!)) return `${name} is a Windows device name`;
  if (Buffer.byteLength(name) > 200) return `${name} is longer than 200 bytes`;
  return undefined;
}

function expectSafe(files: string[], suites: string[]): void {
  expect(files.map((f, i) => unsafe(f, suites[i]!)).filter(Boolean)).toEqual([]);
}

function expectDistinct(files: string[]): void {
  expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
}

describe('cassette file names', () => {
  it('keep the names of safe ids, so the example cassettes are where cassetteFile looks for them', () => {
    let checked = 0;
    for (const root of EXAMPLE_FIXTURES) {
      for (const suite of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        for (const name of readdirSync(path.join(root, suite.name)).filter((f) => f.endsWith('.json'))) {
          const [, caseId, repeat, grader, continuation] = name.match(/^(.*?)(?:\.r(\d+))?(?:\.grade-(\d+))?(?:\.cont-(\d+))?\.json$/)!;
          const id: CallId = {
            suite: suite.name,
            caseId: caseId!,
            repeat: Number(repeat ?? 1),
            role: grader ? 'grader' : 'case',
            index: Number(grader ?? 1),
            ...(continuation ? { continuation: Number(continuation) } : {}),
          };
          expect(cassetteFile(root, id)).toBe(path.join(root, suite.name, name));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    for (const safe of ['billing-double-charge', 'v1.2', 'snake_case', 'a.r2x', 'a.grade', 'console', 'r2', 'x'.repeat(128)]) expect(fileStem(safe)).toBe(safe);
  });

  it('give every call of every nasty id its own file, inside its suite folder', () => {
    const files = NASTY.flatMap((id) => callsOf('s', id).map((call) => cassetteFile(FIXTURES, call)));
    expectDistinct(files);
    expectSafe(
      files,
      files.map(() => 's'),
    );
  });

  it('name suite folders the same way: case twins, paths and devices get folders of their own', () => {
    const folders = NASTY.map((suite) => path.dirname(cassetteFile(FIXTURES, { suite, caseId: 'a', repeat: 1, role: 'case', index: 1 })));
    expectDistinct(folders);
    expectSafe(
      folders.map((f) => path.join(f, 'a.json')),
      NASTY,
    );
  });

  it('escape what they change readably, and tag it with a hash of the exact name', () => {
    expect(fileStem('a/b')).toMatch(/^a~2fb~[0-9a-f]{8}$/);
    expect(fileStem('a.r2')).toMatch(/^a~2er2~[0-9a-f]{8}$/);
    expect(fileStem('Billing')).toMatch(/^billing~[0-9a-f]{8}$/);
    expect(fileStem('CON')).toMatch(/^con~[0-9a-f]{8}$/);
    // A cut never leaves half an escape: 63 x's then `/` is cut before the `~2f`, not inside it.
    expect(fileStem(`${'x'.repeat(63)}/`)).toMatch(/^x{63}~[0-9a-f]{8}$/);
  });

  it('keep each model of a case apart, and apart from every other case, its repeats and graders', () => {
    const models = [undefined, 'claude-opus-4-5', 'Claude-Opus-4-5', 'us.anthropic.claude-opus-4-5-v1:0', 'a.r2', 'a', 'a@b', '../x'];
    const files = NASTY.flatMap((id) =>
      models.flatMap((model) => callsOf('s', id).map((call) => cassetteFile(FIXTURES, { ...call, ...(model !== undefined ? { model } : {}) }))),
    );
    expectDistinct(files);
    expectSafe(
      files,
      files.map(() => 's'),
    );
    expect(path.basename(cassetteFile(FIXTURES, { suite: 's', caseId: 'refund', repeat: 2, role: 'grader', index: 1, model: 'claude-opus-4-5' }))).toBe(
      'refund@claude-opus-4-5.r2.grade-1.json',
    );
    expect(
      path.basename(cassetteFile(FIXTURES, { suite: 's', caseId: 'refund', repeat: 2, role: 'case', index: 0, model: 'claude-opus-4-5', continuation: 3 })),
    ).toBe('refund@claude-opus-4-5.r2.cont-3.json');
  });

  it("give a paused turn's continuations files no case id can name", () => {
    expect(path.basename(cassetteFile(FIXTURES, { suite: 's', caseId: 'search', repeat: 1, role: 'case', index: 0, continuation: 2 }))).toBe(
      'search.cont-2.json',
    );
    // A case whose id ends like a continuation is escaped, so `a.cont-1` is never case `a`'s first continuation.
    expect(fileStem('a.cont-1')).toMatch(/^a~2econt-1~[0-9a-f]{8}$/);
    expect(fileStem('a.cont')).toBe('a.cont');
  });

  it('are one-to-one and stay in their folder, for any suite and case names (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'A', 'b', 'B', '.', '/', '\\', '~', '2', 'r', 'grade-', 'cont-', '-', '_', '\0', ' ', 'con', 'é', '😀'),
      fc.string({ unit: 'binary', maxLength: 1 }),
      fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)),
    );
    const name = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit, maxLength: 90 }));
    const call = fc.record({
      suite: fc.oneof(fc.constant('s'), name),
      caseId: name,
      repeat: fc.integer({ min: 1, max: 1000 }),
      role: fc.constantFrom('case' as const, 'grader' as const),
      index: fc.integer({ min: 1, max: 20 }),
      continuation: fc.integer({ min: 0, max: 6 }),
    });
    const sameCall = (a: CallId, b: CallId) =>
      a.suite === b.suite &&
      a.caseId === b.caseId &&
      a.repeat === b.repeat &&
      a.role === b.role &&
      (a.role === 'case' ? (a.continuation ?? 0) === (b.continuation ?? 0) : a.index === b.index);
    fc.assert(
      fc.property(fc.uniqueArray(call, { comparator: sameCall, minLength: 2, maxLength: 30 }), (calls) => {
        const files = calls.map((c) => cassetteFile(FIXTURES, c));
        expectDistinct(files);
        expectSafe(
          files,
          calls.map((c) => c.suite),
        );
      }),
      { numRuns: 150 },
    );
  });
});
