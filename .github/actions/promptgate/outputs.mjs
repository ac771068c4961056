// Prints the composite action's outputs as GITHUB_OUTPUT lines, read from the files promptgate
// wrote: counts from the results JSON's `totals` (promptgate counts its (case, model) results once,
// in src/run-result.ts), dollars from the cost report JSON. Plain JS on purpose: it runs on any Node,
// imports nothing from promptgate, and never fails the step; a file that is missing or unreadable
// (the run could not start) leaves its outputs empty.
//   node outputs.mjs RESULTS.json COST.json
//   node outputs.mjs --regressions BASE.json CURRENT.json COMPARE.md
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * One output. A value with a line break (a path from an input, say) is written in GitHub's
 * heredoc form under a delimiter it cannot contain, so no value can end its own line and forge
 * another output.
 */
function output(name, value) {
  if (!/[\r\n]/.test(value)) return `${name}=${value}`;
  let delimiter;
  do delimiter = `promptgate_${randomUUID()}`;
  while (value.includes(delimiter));
  return `${name}<<${delimiter}\n${value}\n${delimiter}`;
}

const COUNTS = ['passed', 'failed', 'errored', 'broken', 'skipped'];
const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

const args = process.argv.slice(2);
const lines = [];
if (args[0] === '--regressions') {
  // Counted by compare itself (--json), not again here: its significance test for repeated cases is its own.
  const comparison = read(args[1]);
  const regressions = comparison?.kind === 'promptgate-comparison' && Array.isArray(comparison.regressions) ? String(comparison.regressions.length) : '';
  lines.push(output('compare-markdown', args[2]), output('regressions', regressions));
} else {
  const [resultsFile, costFile] = args;
  const result = read(resultsFile);
  // A results file from a promptgate older than this action has no totals: its counts stay empty.
  const totals = COUNTS.every((k) => isCount(result?.totals?.[k])) ? result.totals : undefined;
  if (result && !totals)
    process.stderr.write(`promptgate: ${resultsFile} has no totals (a promptgate older than this action wrote it): the count outputs are left empty\n`);
  for (const key of COUNTS) lines.push(output(key, totals ? String(totals[key]) : ''));
  lines.push(output('results', result ? resultsFile : ''));
  const cost = read(costFile);
  const usd = cost?.kind === 'promptgate-cost-report' ? cost.total?.usd?.total : undefined;
  lines.push(output('cost-usd', typeof usd === 'number' && Number.isFinite(usd) ? String(Math.round(usd * 1e6) / 1e6) : ''));
}
process.stdout.write(lines.join('\n') + '\n');
