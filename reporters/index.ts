/** Every report of a run, written from the one RunResult; `run`, `merge` and `report` all come here. */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, type NotAFileError } from '../src/fs/atomic.ts';
import { InputError } from '../src/input-error.ts';
import type { RunResult } from '../src/run-result.ts';
import { outsideLine } from '../src/format/outside-text.ts';
import type { Writer } from '../src/redact.ts';
import { REPORT_TARGETS, type ReportTarget, type ReportTargetName, type ReportTargets } from './targets.ts';

export { readRunResult } from '../src/saved-results/read.ts';
export { REPORT_TARGETS, type ReportTargetName, type ReportTargets } from './targets.ts';

/** A report that could not be written: which flag, where, and why in a few words. */
export interface LostReport {
  flag: string;
  file: string;
  reason: string;
}

/**
 * Writes the requested reports (each atomically) and returns the paths written, in the table's
 * order. A failed write does not stop the others; `onLost` hears of it. Only the write is caught: a
 * renderer that throws is a bug, and crashes as one.
 */
export async function writeReports(
  result: RunResult,
  targets: ReportTargets,
  onLost: (lost: LostReport[]) => void = refuseLost,
  cwd?: string,
): Promise<string[]> {
  const written: string[] = [];
  const lost: LostReport[] = [];
  for (const [name, target] of Object.entries(REPORT_TARGETS) as [ReportTargetName, ReportTarget][]) {
    const file = targets[name];
    if (!file) continue;
    const text = await target.render(result, file);
    // Written at the path from `cwd`, named as given.
    const at = cwd === undefined ? file : path.resolve(cwd, file);
    try {
      await writeFileAtomic(at, text);
      written.push(file);
    } catch (error) {
      if (!(error as NodeJS.ErrnoException).code) throw error;
      lost.push({ flag: target.flag.split(' ')[0]!, file, reason: await whyNotWritten(file, error as NodeJS.ErrnoException, cwd) });
    }
  }
  if (lost.length) onLost(lost);
  return written;
}

/** The cause in words, naming the file in the way when a folder on the path is one. */
async function whyNotWritten(file: string, error: NodeJS.ErrnoException, cwd: string | undefined): Promise<string> {
  switch (error.code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTFILE':
      return `it is ${(error as NotAFileError).what}, not a file`;
    case 'ENXIO':
      return 'it is a named pipe with nothing reading it';
    case 'ENOTDIR':
    case 'EEXIST':
      return `${(await fileInTheWay(file, cwd)) ?? 'a folder on its path'} is a file, not a folder`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return `${error.code}: ${error.message}`;
  }
}

async function fileInTheWay(file: string, cwd: string | undefined): Promise<string | undefined> {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const stat = await lstat(cwd === undefined ? dir : path.resolve(cwd, dir)).catch(() => undefined);
    if (stat && !stat.isDirectory()) return dir;
  }
  return undefined;
}

/**
 * The exit code once reports were lost: a passing run exits 2 (bad input, here a path), since a gate
 * that lost its JUnit must not be green; a failing, incomplete or crashed run keeps its own code.
 */
export function exitCodeWithLostReports(code: number): number {
  return code === 0 ? 2 : code;
}

export function lostReportMessage(lost: LostReport): string {
  return `cannot write ${lost.flag} ${lost.file}: ${lost.reason}`;
}

/** For library callers: once the others are written, the lost ones are bad input, never silence. */
function refuseLost(lost: LostReport[]): void {
  throw new InputError(lost.map((l) => ({ file: l.file, message: lostReportMessage(l) })));
}

/**
 * Writes the reports asked for (paths from `cwd`), says where each went (on `wroteTo`: stderr where
 * stdout carries output of its own) and which could not be written, and gives the exit code: the
 * verdict, or what it becomes once a report was lost (see exitCodeWithLostReports). run, merge and report end here.
 */
export async function writeRunReports(
  result: RunResult,
  targets: ReportTargets,
  verdict: number,
  to: { wroteTo?: Writer | undefined; stderr?: Writer | undefined; cwd: string },
): Promise<{ exitCode: number; written: string[] }> {
  let lost: LostReport[] = [];
  const written = await writeReports(result, targets, (l) => (lost = l), to.cwd);
  for (const file of written) to.wroteTo?.write(`wrote ${outsideLine(file)}\n`);
  for (const l of lost) to.stderr?.write(`promptgate: ${outsideLine(lostReportMessage(l))}\n`);
  return { exitCode: lost.length ? exitCodeWithLostReports(verdict) : verdict, written };
}
