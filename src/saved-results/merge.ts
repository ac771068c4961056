import { judgeCase } from '../assertions/evaluate.ts';
import { caseLabel, type CaseResult, type RunResult, type SuiteResult } from '../run-result.ts';
import { InputError, type Diagnostic } from '../input-error.ts';
import { mergedDeprecatedModels } from '../models/lifecycle.ts';

/** A results file and what it holds; the name is kept so every refusal can say which file. */
export interface NamedResult {
  file: string;
  result: RunResult;
}

/**
 * Merges shard results into the RunResult one unsharded run would have written; only timings differ
 * (earliest start to latest end). Refuses, naming the files, results that cannot be one run
 * (different modes or suite digests, a case twice, missing or mixed shards): a partial merge must not
 * pass a gate that a missing shard would have failed.
 */
export function mergeResults(inputs: NamedResult[]): RunResult {
  if (inputs.length === 0) throw new InputError('merge needs at least one results file');
  const problems = [...modeProblems(inputs), ...shardProblems(inputs), ...suiteProblems(inputs)];
  if (problems.length) throw new InputError(problems);

  const first = inputs[0]!.result;
  const starts = inputs.map(({ result }) => Date.parse(result.startedAt));
  const start = Math.min(...starts);
  const end = Math.max(...inputs.map(({ result }, i) => starts[i]! + result.durationMs));
  const stopped = inputs.find(({ result }) => result.stopped)?.result.stopped;

  const merged: RunResult = {
    version: first.version,
    tool: first.tool,
    ...(first.api && { api: first.api }),
    mode: first.mode,
    startedAt: new Date(start).toISOString(),
    // Shards' starts may be centuries apart in a hand-made file: capped so the merged file reads back.
    durationMs: Math.min(end - start, Number.MAX_SAFE_INTEGER),
    ...(stopped && { stopped }),
    ...mergedDeprecatedModels(inputs.map(({ result }) => result)),
    suites: suiteOrder(inputs).map((name) => mergeSuite(inputs, name)),
  };
  return merged;
}

function modeProblems(inputs: NamedResult[]): Diagnostic[] {
  const mode = inputs[0]!.result.mode;
  const problems: Diagnostic[] = [];
  if (inputs.some(({ result }) => result.mode !== mode)) {
    const list = inputs.map(({ file, result }) => `${file} (${result.mode})`).join(', ');
    problems.push({ message: `cannot merge results of different modes: ${list}; merge only the shards of one run` });
  }
  // Another promptgate may judge the same answers otherwise, and digests a shard's suite otherwise:
  // said as itself, so that a refusal after an upgrade does not read as a change to the suite.
  const tool = inputs[0]!.result.tool.version;
  if (inputs.some(({ result }) => result.tool.version !== tool)) {
    const list = inputs.map(({ file, result }) => `${file} (${result.tool.version})`).join(', ');
    problems.push({ message: `cannot merge results written by different versions of promptgate: ${list}; run every shard with one` });
  }
  // Each case's apiVersion is said against its run's: shards sent under different versions are not one run.
  const version = inputs[0]!.result.api?.version;
  if (inputs.some(({ result }) => result.api?.version !== version)) {
    const list = inputs.map(({ file, result }) => `${file} (${result.api?.version ?? 'not said'})`).join(', ');
    problems.push({ message: `cannot merge results sent under different API versions: ${list}; merge only the shards of one run` });
  }
  return problems;
}

function shardProblems(inputs: NamedResult[]): Diagnostic[] {
  const sharded = inputs.filter(({ result }) => result.shard);
  if (sharded.length === 0) return [];
  if (sharded.length < inputs.length) {
    const plain = inputs.filter(({ result }) => !result.shard).map(({ file }) => file);
    return [{ message: `cannot merge shard results with unsharded results (${plain.join(', ')}): merge only the shards of one run` }];
  }
  const total = sharded[0]!.result.shard!.total;
  const odd = sharded.filter(({ result }) => result.shard!.total !== total);
  if (odd.length) {
    const list = sharded.map(({ file, result }) => `${file} (${result.shard!.index}/${result.shard!.total})`).join(', ');
    return [{ message: `shard results split the run differently: ${list}` }];
  }
  const problems: Diagnostic[] = [];
  const byIndex = new Map<number, string[]>();
  for (const { file, result } of sharded) byIndex.set(result.shard!.index, [...(byIndex.get(result.shard!.index) ?? []), file]);
  for (const [index, files] of byIndex) {
    if (files.length > 1) problems.push({ message: `shard ${index}/${total} is given more than once: ${files.join(', ')}` });
  }
  // Only commits the CI named are compared: a shard run where none says (locally) has nothing to hold against.
  const commits = new Set(sharded.map(({ result }) => result.shard!.commit).filter((c) => c !== undefined));
  if (commits.size > 1) {
    const list = sharded.map(({ file, result }) => `${file} (${result.shard!.commit?.slice(0, 12) ?? 'no commit said'})`).join(', ');
    problems.push({ message: `shard results come from different commits: ${list}; merge only the shards of one run` });
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    problems.push({
      message: `missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')}: a merged result without them could pass a gate they would fail`,
    });
  }
  return problems;
}

function suiteProblems(inputs: NamedResult[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const digests = new Map<string, { digest: string; file: string }>();
  const owners = new Map<string, string>();
  // Cases in two files, by the pair of files: one line a pair, not one a case (a file given twice repeats them all).
  const overlaps = new Map<string, { files: [string, string]; cases: string[] }>();
  for (const { file, result } of inputs) {
    for (const suite of result.suites) {
      const seen = digests.get(suite.name);
      if (!seen) digests.set(suite.name, { digest: suite.digest, file });
      else if (seen.digest !== suite.digest) {
        problems.push({
          message:
            `suite "${suite.name}" differs between ${seen.file} (version ${seen.digest}) and ${file} (version ${suite.digest}): ` +
            'these results come from different versions of the suite; re-run every shard from one commit',
        });
      }
      for (const c of suite.cases) {
        // A (case, model) pair of a matrix is its own result: shards split a case's models between them.
        const key = JSON.stringify(c.model === undefined ? [suite.name, c.id] : [suite.name, c.id, c.model]);
        const owner = owners.get(key);
        if (owner === undefined) owners.set(key, file);
        else {
          const pair = JSON.stringify([owner, file]);
          if (!overlaps.has(pair)) overlaps.set(pair, { files: [owner, file], cases: [] });
          overlaps.get(pair)!.cases.push(`"${suite.name}/${caseLabel(c)}"`);
        }
      }
    }
  }
  for (const { files, cases } of overlaps.values()) {
    const named = cases.length > 3 ? `${cases.slice(0, 3).join(', ')} and ${cases.length - 3} more` : cases.join(', ');
    const what = cases.length === 1 ? `case ${named} is` : `${cases.length} cases (${named}) are`;
    problems.push({ message: `${what} in both ${files[0]} and ${files[1]}: shards must not overlap` });
  }
  return problems;
}

/**
 * Suites in run order: a shard may lack a suite none of whose cases fell to it, so the order is a
 * topological merge of the shards' orders, ties broken by first appearance.
 */
function suiteOrder(inputs: NamedResult[]): string[] {
  const firstSeen = new Map<string, number>();
  const after = new Map<string, Set<string>>();
  const before = new Map<string, number>();
  for (const { result } of inputs) {
    result.suites.forEach((suite, i) => {
      if (!firstSeen.has(suite.name)) {
        firstSeen.set(suite.name, firstSeen.size);
        after.set(suite.name, new Set());
        before.set(suite.name, 0);
      }
      const prev = result.suites[i - 1]?.name;
      if (prev !== undefined && prev !== suite.name && !after.get(prev)!.has(suite.name)) {
        after.get(prev)!.add(suite.name);
        before.set(suite.name, before.get(suite.name)! + 1);
      }
    });
  }
  const order: string[] = [];
  const ready = () => [...firstSeen.keys()].filter((n) => before.get(n) === 0 && !order.includes(n));
  for (let next = ready(); next.length; next = ready()) {
    const name = next[0]!; // firstSeen keys iterate in first-appearance order
    order.push(name);
    before.set(name, -1);
    for (const later of after.get(name)!) before.set(later, before.get(later)! - 1);
  }
  // Shards that disagree on order (a cycle) cannot come from one run, but keep every suite anyway.
  return [...order, ...[...firstSeen.keys()].filter((n) => !order.includes(n))];
}

function mergeSuite(inputs: NamedResult[], name: string): SuiteResult {
  const parts = inputs.flatMap(({ result }) => result.suites.filter((s) => s.name === name));
  const { file, digest } = parts[0]!;
  const cases: CaseResult[] = parts.flatMap((s) => s.cases.map(judgedAgain));
  // The case order of the suite file: each case carries its place in it.
  const position = new Map(cases.map((c, i) => [c, i]));
  cases.sort((a, b) => a.line - b.line || a.col - b.col || position.get(a)! - position.get(b)!);
  return { file, name, digest, cases };
}

/**
 * A shard's case with its verdict judged again from its samples, by the runner's own rule, so a
 * status edited in a shard file (`passed` over failing samples) cannot pass the merged run.
 */
function judgedAgain(c: CaseResult): CaseResult {
  const { passRate: _, ...rest } = c;
  return {
    ...rest,
    ...judgeCase(
      c.samples.map((s) => s.status),
      c.minPassRate,
    ),
  };
}
