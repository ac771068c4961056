import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## How it is built'), readme.indexOf('Choices worth knowing'));

it("the README's map of the code names every folder under src/, and only paths that exist", () => {
  const named = new Set([...section.matchAll(/`?((?:src|reporters|schema)\/[\w./-]*)`?/g)].map((m) => m[1]!.replace(/\/$/, '')));
  const missing = [...named].filter((p) => !existsSync(path.join(ROOT, p)));
  expect(missing).toEqual([]);
  const folders = readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `src/${e.name}`);
  expect(folders.filter((f) => ![...named].some((p) => p === f || p.startsWith(`${f}/`)))).toEqual([]);
});

// The import graph against the stated flow (README "How it is built", CONTRIBUTING "Conventions"):
// suite → runner → transport → assertions → RunResult → reporters, with the entry points on top.
// A layer is a folder under src/ (src/runner), a file directly in src/ (src/run-result), or reporters.
// Each layer names the layers (or single files) it may import; the foundations may be imported by anyone.
const FOUNDATIONS = [
  'src/input-error',
  'src/text-place',
  'src/json-text',
  'src/canonical-json',
  'src/attachment-ref',
  'src/yaml-lib',
  'src/package-root',
  'src/redact',
  'src/run-dir',
  'src/csv-records',
  'src/shipped-schema',
  'src/shipped-validators',
  'src/format',
  // every file promptgate reads from a user goes through the one guarded reader
  'src/read-bytes',
  'src/read-text',
  'src/yaml-hazards',
  // a folder and those above it, where lockfiles, a .git or a package are looked for
  'src/folders-up',
];
const MAY_IMPORT: Record<string, readonly string[]> = {
  ...Object.fromEntries(FOUNDATIONS.map((f) => [f, []])),
  'src/format': ['src/run-result'],
  'src/run-result': [],
  // writing files: cassettes, reports and scaffolds are written by the layers that own them
  'src/fs': [],
  'src/models': ['src/run-result'],
  'src/pricing': ['src/models', 'src/run-result'],
  'src/cassette': ['src/fs'],
  // the stages, each importing only what comes before it (and the data layers beside the line)
  // suite validation asks the assertion registry which checks and modifiers exist, compiles output
  // schemas with the one schema loader, quotes values in diagnostics as verdicts do, and warns at the
  // patterns the regex check knows to be catastrophic: those files only
  'src/suite': [
    'src/models',
    'src/pricing',
    'src/cassette',
    'src/assertions/registry.ts',
    'src/assertions/schema-validator.ts',
    'src/assertions/show.ts',
    'src/assertions/pattern-warnings.ts',
  ],
  // replay answers through the msw kit's response builder, the one that turns a cassette into a Response
  'src/transport': ['src/cassette', 'src/models', 'src/run-result', 'src/msw/responses.ts'],
  'src/assertions': ['src/suite', 'src/transport', 'src/models', 'src/run-result'],
  'src/runner': ['src/suite', 'src/transport', 'src/assertions', 'src/models', 'src/pricing', 'src/cassette', 'src/run-result'],
  // reporters are functions of the RunResult: they price it (cost.ts, no-price.ts) but write nothing
  reporters: ['src/run-result', 'src/pricing/cost.ts', 'src/pricing/no-price.ts', 'src/models', 'src/saved-results'],
  // compare asks digest.ts whether two suite digests were taken alike
  'src/saved-results': ['src/run-result', 'src/pricing', 'src/models', 'src/cassette', 'src/assertions', 'src/suite/digest.ts'],
  'src/import': ['src/suite', 'src/assertions'],
  'src/init': ['src/import', 'src/fs'],
  // which transport a mode gets: one place the entries share
  'src/build-run': ['src/transport', 'src/runner', 'src/run-result'],
  // a run's values (prices, secrets, directory) and the one run sequence every entry runs
  'src/run-context': ['src/pricing'],
  // and the one default folder of cassettes (cassette/file-name.ts), which the CLI's flag says too
  'src/run-sequence': [
    'src/run-context',
    'src/build-run',
    'src/suite',
    'src/runner',
    'src/transport',
    'src/pricing',
    'src/run-result',
    'reporters',
    'src/cassette/file-name.ts',
    // which SDK the project imports against the one promptgate calls (sdkMismatch), said once a run
    'src/models/api-version.ts',
  ],
  // entry points: on top, they may import what is below them (and build-run), never each other
  'src/msw': ['src/cassette', 'src/transport/msw-peer.ts'],
  'src/vitest': [
    'src/cassette/file-name.ts',
    'src/run-sequence',
    'src/run-context',
    'src/build-run',
    'src/suite',
    'src/runner',
    'src/transport',
    'src/assertions',
    'src/pricing',
    'src/run-result',
    'reporters',
  ],
  'src/index': [
    'src/run-sequence',
    'src/run-context',
    'src/build-run',
    'src/suite',
    'src/runner',
    'src/transport',
    'src/assertions',
    'src/pricing',
    'src/models',
    'src/cassette',
    'src/run-result',
    'src/saved-results',
  ],
  'src/cli': [
    'src/run-sequence',
    'src/run-context',
    'src/build-run',
    'src/suite',
    'src/runner',
    'src/transport',
    'src/models',
    'src/pricing',
    'src/run-result',
    'src/saved-results',
    'reporters',
    'src/import',
    'src/init',
    'src/fs',
    'src/cassette/file-name.ts',
  ],
};
// Imports that run against the flow, each with why it stays for now. "from -> to" names files, so a
// new file making the same wrong turn fails; an entry whose import is gone fails too (keep this short).
const EXCEPTIONS: Record<string, string> = {
  'src/suite/tool-loop.ts -> src/runner/turn.ts': 'type only: a suite declares a tool loop in the shape the runner drives it',
  'src/suite/types.ts -> src/runner/turn.ts': 'type only: the same ToolLoop type, named in the suite model',
  'src/suite/load.ts -> src/runner/shard.ts': 'a load for one shard resolves only the cases the shard hash gives it, the one hash selection uses',
  'src/suite/types.ts -> src/runner/shard.ts': 'type only: the Shard a suite was loaded for',
  'src/models/api-version.ts -> src/suite/did-you-mean.ts':
    'did-you-mean is a foundation living in suite/; moving it is left to the sharp-edges work on model ids',
  'src/pricing/price-file.ts -> src/suite/did-you-mean.ts': 'same: did-you-mean belongs below every layer',
  'src/pricing/price-file.ts -> src/suite/locate.ts': 'a price file is YAML/JSON located to file:line:col by the suite locator',
  'src/saved-results/compare.ts -> reporters/answer-changes.ts': 'what an answer change is lives in a reporter; it belongs in saved-results/',
  'src/saved-results/compare-markdown.ts -> reporters/answer-changes.ts': 'compare renders answer changes as the summary does',
  'src/saved-results/compare-markdown.ts -> reporters/markdown-text.ts': 'compare escapes markdown with the one inert-markdown rule',
  'src/saved-results/compare-text.ts -> reporters/answer-changes.ts': 'compare renders answer changes as the console does',
  'src/saved-results/recordings-diff.ts -> reporters/answer-changes.ts': 'compare --recordings uses the same answer-change model',
  'reporters/index.ts -> src/fs/atomic.ts': 'writeReports writes each report target; the writing belongs to the entries that name the targets',
  'reporters/github.ts -> src/fs/atomic.ts': 'the job summary is appended to $GITHUB_STEP_SUMMARY by the reporter itself',
  'reporters/cost.ts -> src/pricing/price-table.ts': 'names the prices used, from the table of the run it renders for (withPrices), as callCost prices it',
  'reporters/console.ts -> src/runner/events.ts': 'type only: the console reporter also prints live progress, which is a runner event, not the RunResult',
};

interface Import {
  file: string;
  line: number;
  target: string;
}
const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
// Relative specifiers of static imports, export-froms, side-effect imports and import(): comments are skipped.
const SPECIFIER = /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => ({
    file,
    line: text.slice(0, m.index).split('\n').length + (m[0].match(/^\s*/)![0].split('\n').length - 1),
    target: path.posix.normalize(path.posix.join(path.posix.dirname(file), (m[1] ?? m[2] ?? m[3])!)),
  }));
}
const layerOf = (file: string): string => {
  const parts = file.split('/');
  return parts[0] === 'reporters' ? 'reporters' : parts.length > 2 ? `src/${parts[1]}` : file.replace(/\.ts$/, '');
};
const allImports = [...sources('src'), ...sources('reporters')].flatMap(importsOf);

it('every import follows the stated flow, or is a named exception', () => {
  const unknown = [...new Set(allImports.map((i) => layerOf(i.file)))].filter((l) => !(l in MAY_IMPORT));
  expect(unknown, 'a new layer: say in MAY_IMPORT what it may import').toEqual([]);
  const wrong = allImports.flatMap(({ file, line, target }) => {
    const from = layerOf(file),
      to = layerOf(target);
    if (from === to || FOUNDATIONS.includes(to) || MAY_IMPORT[from]!.includes(to) || MAY_IMPORT[from]!.includes(target) || `${file} -> ${target}` in EXCEPTIONS)
      return [];
    return [`${file}:${line} imports ${target}: ${from} may import only ${[...MAY_IMPORT[from]!, 'the foundations'].join(', ')}`];
  });
  expect(wrong).toEqual([]);
});

it('each exception still names an import that exists', () => {
  const edges = new Set(allImports.map((i) => `${i.file} -> ${i.target}`));
  expect(Object.keys(EXCEPTIONS).filter((e) => !edges.has(e))).toEqual([]);
});

it('the import scan sees the imports it checks', () => {
  // a check that saw nothing would pass: pin a few known edges of each kind
  const seen = (file: string, target: string) => allImports.some((i) => i.file === file && i.target === target);
  expect(seen('src/runner/run.ts', 'src/assertions/evaluate.ts')).toBe(true);
  expect(seen('reporters/index.ts', 'src/saved-results/read.ts')).toBe(true); // export ... from
  expect(allImports.length).toBeGreaterThan(300);
});

it('merge, report and compare load neither the SDK, msw nor the runner: they read saved results and write files', () => {
  // Static value imports only: a type import loads nothing, and an import() loads on its own path.
  const STATIC = /^\s*(?:import|export)(?!\s+type\b)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
  const reached = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const m of readFileSync(path.join(ROOT, file), 'utf8').matchAll(STATIC)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      else packages.add(spec);
    }
  };
  for (const command of ['merge', 'report', 'compare']) visit(`src/cli/${command}.ts`);
  expect([...reached].filter((f) => /^src\/msw\/|^src\/runner\/run\.ts$|^src\/transport\/(replay|live|batch|sdk-call)\.ts$/.test(f))).toEqual([]);
  expect([...packages].filter((p) => /^(@anthropic-ai\/sdk|msw)(\/|$)/.test(p))).toEqual([]);
  expect(reached.size).toBeGreaterThan(20);
});
