/**
 * `promptgate compare --recordings BASE CURRENT [paths]`: the answers of the recordings that differ
 * between two git refs, read with the project's own git (`git show ref:path`, no network). It is how a
 * reviewer sees what a re-recording changed without any results file.
 */
import { execFile } from 'node:child_process';
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
  // --relative: paths as the user gives them, from the working directory (a project in a subfolder).
  const listed = await git(cwd, ['diff', '--name-only', '--relative', '-z', base, current, '--', ...paths]);
  const files = listed
    .split('\0')
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: AnswerChange[] = [];
  for (const file of files) {
    const [was, now] = [await cassetteAt(cwd, base, file), await cassetteAt(cwd, current, file)];
    const change = changeOf(file, was, now);
    if (change) out.push(change);
  }
  return out;
}

/** The cassette at `ref:file`, or undefined when the file is absent there or is not a cassette. */
async function cassetteAt(cwd: string, ref: string, file: string): Promise<Cassette | undefined> {
  let text: string;
  try {
    text = await git(cwd, ['show', `${ref}:./${file}`]);
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as Partial<Cassette>;
    return data.promptgate_cassette !== undefined && data.response?.message ? (data as Cassette) : undefined;
  } catch {
    return undefined;
  }
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
