/**
 * Property: whatever a slip of the keyboard does to a valid suite, the loader either loads it or
 * throws an InputError whose every diagnostic points into that file; it never crashes. Seeds are
 * the project's example suites and the suite-format docs; mutations are the edits people get
 * wrong: deleted, duplicated and re-indented lines, stray punctuation, dropped `- ` dashes.
 * Each run draws new mutants (fast-check's seed is random, and printed with a failure to replay it);
 * a longer hunt: PROMPTGATE_FUZZ_RUNS=20000 npx vitest run test/suite/fuzz.test.ts
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, InputError } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { runCli } from '../support/cli.ts';

const RUNS = Number(process.env.PROMPTGATE_FUZZ_RUNS ?? 500);
const CLI_SAMPLE = 60;
const PUNCTUATION = [':', '-', '[', ']', '{', '}', '"', "'", ',', '&', '*', '!', '|', '>', '#', '?', '%', '@', '`', '\t'];

type Mutation =
  | { kind: 'delete' | 'duplicate' | 'drop-dash' | 'merge-entry'; line: number }
  | { kind: 'indent'; line: number; by: number }
  | { kind: 'punctuation'; line: number; col: number; char: string }
  | { kind: 'before-value'; line: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'drop-dash' as const, 'merge-entry' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('punctuation' as const), line: fc.nat(), col: fc.nat(), char: fc.constantFrom(...PUNCTUATION) }),
  fc.record({ kind: fc.constant('before-value' as const), line: fc.nat(), char: fc.constantFrom(...PUNCTUATION) }),
);

/** A list item's line: dashes only matter there, so dash mutations pick among these (1 line in 3, not 1 in 30). */
const LIST_ITEM = /^(\s*)- /;

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split('\n');
  for (const m of mutations) {
    const items = lines.flatMap((l, i) => (LIST_ITEM.test(l) ? [i] : []));
    const dashed = m.kind === 'drop-dash' || m.kind === 'merge-entry';
    if (dashed && items.length === 0) continue;
    const i = dashed ? items[m.line % items.length]! : m.line % lines.length;
    const line = lines[i]!;
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, line);
    else if (m.kind === 'indent') lines[i] = m.by > 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
    else if (m.kind === 'punctuation') lines[i] = line.slice(0, m.col % (line.length + 1)) + m.char + line.slice(m.col % (line.length + 1));
    // Where a value starts, `*`, `&`, `!`, `[` and `{` change what the value is, not just its text.
    else if (m.kind === 'before-value') lines[i] = line.replace(/(: |- |^)/, `$1${m.char}`);
    // A dash deleted outright, or replaced by spaces so the entry joins the one above it.
    else if (m.kind === 'drop-dash') lines[i] = line.replace(LIST_ITEM, '$1');
    else lines[i] = line.replace(LIST_ITEM, '$1  ');
    if (lines.length === 0) lines.push('');
  }
  return lines.join('\n');
}

let seeds: string[] = [];
let dir = '';
let made = 0;

/** A mutant written beside links to the examples' schemas/ and checks/, so their file references still resolve. */
async function writeMutant(text: string, into = dir): Promise<string> {
  const file = path.join(into, `mutant-${made++}.yaml`);
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  const examples = (await readdir('suites')).filter((f) => f.endsWith('.yaml')).map((f) => path.join('suites', f));
  const doc = await readFile('docs/suite-format.md', 'utf8');
  seeds = [
    ...(await Promise.all(examples.map((f) => readFile(f, 'utf8')))),
    ...[...doc.matchAll(/```yaml\n(?!# examples\/)([\s\S]*?)```/g)].map((m) => m[1]!).filter((y) => /^cases:/m.test(y)),
  ]; // whole suites, not a fragment (one cases: entry) nor an example file, which names files beside it
  dir = await mkdtemp(path.join(tmpdir(), 'promptgate-fuzz-'));
  for (const linked of ['schemas', 'checks']) await symlink(path.resolve('suites', linked), path.join(dir, linked));
});

const started = Date.now();
afterAll(async () => {
  // The count and the time, for whoever sizes this test next.
  console.log(`fuzz: ${made} mutated suites in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await rm(dir, { recursive: true, force: true });
});

describe('mutated example suites', () => {
  it('the seeds are the valid suites they should be', async () => {
    expect(seeds.length).toBeGreaterThanOrEqual(12);
    for (const seed of seeds) await expect(loadSuites([await writeMutant(seed)])).resolves.toHaveLength(1);
  });

  it(`load or fail with located InputErrors, never crash (${RUNS} mutants)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (pick, mutations) => {
        const text = mutate(seeds[pick % seeds.length]!, mutations);
        const file = await writeMutant(text);
        let error: unknown;
        await loadSuites([file]).catch((e: unknown) => (error = e));
        if (error === undefined) return;
        if (!(error instanceof InputError)) throw error;
        const lines = text.split('\n').length;
        for (const d of error.diagnostics) {
          const said = formatDiagnostic(d);
          expect(d.file, said).toBe(file);
          expect(d.line, said).toBeGreaterThanOrEqual(1);
          expect(d.line, said).toBeLessThanOrEqual(lines);
          expect(d.message, said).not.toMatch(/'undefined'|\[object Object\]|NaN/);
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it(`validate on ${CLI_SAMPLE} of them: exit 0 or 2, every stderr line a diagnostic, no stack trace`, async () => {
    const sample = path.join(dir, 'cli-sample');
    await mkdir(sample);
    for (const linked of ['schemas', 'checks']) await symlink(path.resolve('suites', linked), path.join(sample, linked));
    const mutants = fc.sample(fc.tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 })), CLI_SAMPLE);
    for (const [pick, mutations] of mutants) await writeMutant(mutate(seeds[pick % seeds.length]!, mutations), sample);
    const { code, stderr } = await runCli(['validate', sample], { env: { NO_COLOR: '1' } });
    expect(stderr).not.toMatch(/^\s+at /m);
    expect([0, 2], stderr).toContain(code);
    for (const line of stderr.trimEnd().split('\n').filter(Boolean))
      expect(line).toMatch(new RegExp(`^${sample.replaceAll('/', '\\/')}/mutant-\\d+\\.yaml(:\\d+:\\d+)?: error: `));
  }, 60_000);
});
