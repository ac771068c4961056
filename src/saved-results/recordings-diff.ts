/**
 * `promptgate compare --recordings BASE CURRENT [paths]`: the answers of the recordings that differ
 * between two git refs, read with the project's own git (`git show ref:path`, no network). It is how a
 * reviewer sees what a re-recording changed without any results file.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { answerChange, answerLines, type AnswerChange, type AnswerSide } from '../../reporters/answer-changes.ts';
import { outputFrom, sampleOutput } from '../assertions/output.ts';
import type { Cassette } from '../cassette/cassette.ts';
import { lineDiff } from '../format/line-diff.ts';
import { InputError } from '../input-error.ts';
import { callCost } from '../pricing/cost.ts';
import { usageFrom } from '../run-result.ts';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Each recording under `paths` whose answer differs between `base` and `current` (added and removed ones too). */
export async function recordingChanges(cwd: string, base: string, current: string, paths: string[]): Promise<AnswerChange[]> {
  try {
    await git(cwd, ['rev-parse', '--is-inside-work-tree']);
  } catch {
    throw new InputError(`compare --recordings reads the recordings from git, but ${cwd} is not in a git repository`);
  }
  for (const ref of [base, current]) {
    try {
      await git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    } catch {
      throw new InputError(`compare --recordings: unknown git ref "${ref}" (a branch, tag or commit of this repository)`);
    }
  }
  // A path that is nowhere (a typo) would show no change and pass: said instead.
  for (const p of paths) {
    const at = async (ref: string) =>
      git(cwd, ['cat-file', '-e', `${ref}:./${p.replace(/\/+$/, '')}`]).then(
        () => true,
        () => false,
      );
    if (!existsSync(path.resolve(cwd, p)) && !(await at(base)) && !(await at(current)))
      throw new InputError(`compare --recordings: ${p} is neither in the working tree nor at ${base} or ${current}`);
  }
  // --relative: paths as the user gives them, from the working directory (a project in a subfolder).
  // --no-renames: a removed recording and a new one alike (a case renamed) are two changes, which
  // git's rename detection would list as the new name alone.
  const listed = await git(cwd, ['diff', '--name-only', '--no-renames', '--relative', '-z', base, current, '--', ...paths]);
  const files = listed
    .split('\0')
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: AnswerChange[] = [];
  for (const file of files) {
    const [was, now] = [await cassetteAt(cwd, base, file), await cassetteAt(cwd, current, file)];
    const unreadable = [[base, was] as const, [current, now] as const].find(
      (e): e is readonly [string, { unreadable: string }] => typeof e[1] === 'object' && 'unreadable' in e[1],
    );
    if (unreadable) {
      out.push({ title: `${file}, which cannot be read at ${unreadable[0]}: ${unreadable[1].unreadable}`, figures: '', diff: [] });
      continue;
    }
    const change = changeOf(file, was as Cassette | undefined, now as Cassette | undefined);
    if (change) out.push(change);
  }
  return out;
}

/**
 * The cassette at `ref:file`; undefined when the file is absent there, or JSON that is no cassette (a
 * file of another tool under the path); `unreadable` when it is a cassette that cannot be read (a
 * broken edit), which is no removal.
 */
async function cassetteAt(cwd: string, ref: string, file: string): Promise<Cassette | { unreadable: string } | undefined> {
  let text: string;
  try {
    text = await git(cwd, ['show', `${ref}:./${file}`]);
  } catch {
    return undefined;
  }
  let data: Partial<Cassette>;
  try {
    data = JSON.parse(text) as Partial<Cassette>;
  } catch (e) {
    return text.includes('"promptgate_cassette"') ? { unreadable: `not valid JSON (${(e as Error).message})` } : undefined;
  }
  if (data?.promptgate_cassette === undefined) return undefined;
  return data.response?.message ? (data as Cassette) : { unreadable: 'it holds no response.message' };
}

function side(cassette: Cassette): AnswerSide {
  const { message } = cassette.response;
  const usage = usageFrom(message.usage);
  const cost = callCost(message.model, usage, { batch: false })?.total;
  return { output: sampleOutput(outputFrom(message, usage, cassette.latency_ms, cost)), usage, ...(cost !== undefined ? { costUsd: cost } : {}) };
}

function changeOf(file: string, was: Cassette | undefined, now: Cassette | undefined): AnswerChange | undefined {
  if (!was && !now) return undefined;
  const title = `${(now ?? was)!.call} (${file})`;
  if (was && now) return answerChange(title, side(was), side(now));
  // A new or a removed recording: all of its answer is the change.
  const lines = answerLines(side((now ?? was)!).output);
  return { title: `${title}, ${now ? 'new recording' : 'removed'}`, figures: '', diff: now ? lineDiff([], lines) : lineDiff(lines, []) };
}
