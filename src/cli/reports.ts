/** The CLI's end of every command that writes reports (run, merge, report). */
import { outsideLine } from '../format/outside-text.ts';
import { exitCodeWithLostReports, lostReportMessage, writeReports, type LostReport, type ReportTargets } from '../../reporters/index.ts';
import type { RunResult } from '../run-result.ts';

/**
 * Writes the reports asked for, says where each went (on `wroteTo`: stderr where stdout carries
 * output of its own) and which could not be written, then sets the exit code: the command's
 * verdict, or what it becomes once a report was lost (see exitCodeWithLostReports).
 */
export async function writeCliReports(result: RunResult, targets: ReportTargets, verdict: number, wroteTo: NodeJS.WritableStream): Promise<string[]> {
  let lost: LostReport[] = [];
  const written = await writeReports(result, targets, (l) => (lost = l));
  for (const file of written) wroteTo.write(`wrote ${outsideLine(file)}\n`);
  for (const l of lost) process.stderr.write(`promptgate: ${outsideLine(lostReportMessage(l))}\n`);
  process.exitCode = lost.length ? exitCodeWithLostReports(verdict) : verdict;
  return written;
}
