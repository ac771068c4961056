/**
 * Two selections refused where cases are selected, so every entry refuses alike: one that runs
 * nothing (a green build about nothing), and a committed `only:` under CI (every other case skipped,
 * build green; vitest refuses `.only` in CI likewise).
 */
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { InputError, type Diagnostic } from '../input-error.ts';
import { didYouMean } from '../suite/did-you-mean.ts';
import { loadSuites, type LoadOptions } from '../suite/load.ts';
import { Locator } from '../suite/locate.ts';
import type { Case, CaseStub, Loc, Suite } from '../suite/types.ts';
import type { CaseChoice, ElsewhereCopy, PlanOptions } from './plan.ts';
import { inRunDir } from '../run-dir.ts';

/** How a caller's users name the selectors and the two escape hatches, so one message serves flags and options. */
export interface SelectorNames {
  filter: string;
  tag: string;
  shard: string;
  allowEmpty: string;
  allowOnly: string;
  maxCost: string;
}

export const OPTION_NAMES: SelectorNames = {
  filter: 'filter',
  tag: 'tags',
  shard: 'shard',
  allowEmpty: 'allowEmpty: true',
  allowOnly: 'allowOnly: true',
  maxCost: 'maxCostUsd',
};
export const FLAG_NAMES: SelectorNames = {
  filter: '--filter',
  tag: '--tag',
  shard: '--shard',
  allowEmpty: '--allow-empty',
  allowOnly: '--allow-only',
  maxCost: '--max-cost',
};

/** What the guards look at: every case and whether this run takes it, how many the filter and tags matched, shard sizes. */
export interface GuardedSelection {
  cases: CaseChoice[];
  matched: number;
  /** When nothing matched: what the filter and the tags each match on their own. */
  alone?: { filter: number; tags: number } | undefined;
  shardCounts?: number[] | undefined;
  /** Copies of cases another shard runs, left unresolved by a load for one shard. */
  elsewhere?: ElsewhereCopy[] | undefined;
}

/** As vitest reads it: set and not "false" or "0" (GitHub Actions, GitLab, CircleCI, Buildkite... set CI=true). */
export function isCI(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return Boolean(v) && v !== 'false' && v !== '0';
}

/**
 * Throws InputError when `cases` is refused. Returns why nothing runs when the selection is empty
 * and `allowEmpty` lets it pass (for a "ran nothing" line), else undefined.
 */
export function guardSelection(suites: Suite[], selected: GuardedSelection, options: PlanOptions): string | undefined {
  const { cases } = selected;
  const names = options.names ?? OPTION_NAMES;
  const ci = (options.env ?? process.env).CI;
  const focused =
    options.allowOnly || !isCI(ci)
      ? []
      : [
          ...cases.filter((p) => p.case.only).map((p) => onlyKeyLoc(p.suite, p.case)),
          ...distinctStubs(selected.elsewhere).flatMap((s) => (s.only && s.loc ? [s.loc] : [])),
        ];
  const problems: Diagnostic[] = focused.map((loc) => ({
    ...loc,
    message: `only: is committed and CI is set (CI=${ci}): every other case would be skipped and the build would still pass. Remove it, or pass ${names.allowOnly} to run the focused cases anyway.`,
  }));
  const runs = cases.some((p) => !p.outside && !p.skip);
  const empty = runs ? undefined : whyEmpty(suites, selected, options, names);
  if (empty && !options.allowEmpty) {
    problems.push({
      message: `${empty}${empty.endsWith('?') ? '' : '.'} Nothing would be tested, so this is not a pass; pass ${names.allowEmpty} if that is what you want.`,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return empty;
}

/** A case of another shard once, however many model copies it has. */
function distinctStubs(copies: ElsewhereCopy[] | undefined): CaseStub[] {
  return [...new Set((copies ?? []).map((c) => c.stub))];
}

function whyEmpty(suites: Suite[], { cases, matched, alone, shardCounts, elsewhere }: GuardedSelection, options: PlanOptions, names: SelectorNames): string {
  if (cases.length === 0 && !elsewhere?.length)
    return suites.length === 0 ? 'no suite files under the paths given' : `the suites have no cases (${suites.map((s) => s.file).join(', ')})`;
  const all = `${count(cases.length + (elsewhere?.length ?? 0), 'case')} in ${count(suites.length, 'suite')}`;
  if (matched === 0) {
    const selectors = [
      ...(options.filter ? [`${names.filter} '${options.filter}'`] : []),
      ...(options.tags?.length ? [`${names.tag} ${options.tags.join(', ')}`] : []),
    ];
    return `${selectors.join(' and ')} matched no case (${all})${suggestion(cases, options, alone)}`;
  }
  const inShard = cases.filter((p) => !p.outside);
  if (options.shard && inShard.length === 0) {
    const homes = (shardCounts ?? []).flatMap((n, i) => (n > 0 ? [i + 1] : []));
    const what = matched === cases.length + (elsewhere?.length ?? 0) ? count(matched, 'case') : `the ${count(matched, 'case')} selected`;
    return `${names.shard} ${options.shard.index}/${options.shard.total} has no cases: ${what} hash to ${homes.length === 1 ? 'shard' : 'shards'} ${homes.join(', ')}`;
  }
  return `every selected case is skipped (${inShard.map((p) => `${p.suite.name}/${p.case.id}: ${p.skip}`).join('; ')})`;
}

/** "did you mean" for a misspelt filter or tag: cheap, as the words of a suite are few. */
function suggestion(cases: CaseChoice[], options: PlanOptions, alone: GuardedSelection['alone']): string {
  const hints: string[] = [];
  if (options.filter && alone?.filter === 0) {
    const words = new Set(
      cases.flatMap((p) => [p.suite.name, p.case.id, ...`${p.suite.name}/${p.case.id} ${p.case.name ?? ''}`.split(/[^\p{L}\p{N}]+/u)].filter(Boolean)),
    );
    const best = didYouMean(options.filter, words);
    if (best) hints.push(`'${best}'`);
  }
  const known = new Set(cases.flatMap((p) => p.case.tags));
  for (const tag of alone?.tags === 0 ? (options.tags ?? []) : []) {
    const best = didYouMean(tag, known);
    if (best) hints.push(`tag '${best}'`);
  }
  return hints.length ? `; did you mean ${hints.join(' or ')}?` : '';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Where `only:` is written. A Case carries the place of its item, not of each key, so the file is
 * read again; this runs only on the way to a refusal. Falls back to the case's place.
 */
function onlyKeyLoc(suite: Suite, c: Case): Loc {
  try {
    const source = readFileSync(inRunDir(suite.file), 'utf8');
    const locator = new Locator(suite.file, source);
    const at = ['cases', suite.cases.indexOf(c)];
    // The loader keeps every case of a valid suite in order; the id check guards that assumption.
    if (locator.node([...at, 'id'])?.toJSON() === c.id) return locator.loc([...at, 'only'], { key: true });
  } catch {
    // Unreadable now (moved mid-run?): the case's own place still points close.
  }
  return c.loc;
}

/**
 * The suites under `paths`. The loader refuses a folder with no suite files (exit 2, naming it);
 * with `allowEmpty` such a folder is an empty selection instead, which then passes as "ran nothing".
 */
export async function loadSelectableSuites(paths: string[], allowEmpty: boolean | undefined, options: LoadOptions = {}): Promise<Suite[]> {
  if (!allowEmpty) return loadSuites(paths, options);
  const kept: string[] = [];
  for (const p of paths) if (!(await holdsNoYaml(p))) kept.push(p);
  return kept.length > 0 ? loadSuites(kept, options) : [];
}

/** A folder with no .yaml/.yml file at any depth: wider than the loader's rule, so none of its suites is dropped. */
async function holdsNoYaml(p: string): Promise<boolean> {
  const info = await stat(inRunDir(p)).catch(() => undefined);
  if (!info?.isDirectory()) return false;
  return !(await readdir(inRunDir(p), { recursive: true })).some((name) => /\.ya?ml$/i.test(name));
}
