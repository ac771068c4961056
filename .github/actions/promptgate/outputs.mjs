// Prints the composite action's outputs as GITHUB_OUTPUT lines, read from the files promptgate
// wrote: counts from the results JSON (RunResult), dollars from the cost report JSON. Plain JS on
// purpose: it runs on any Node, imports nothing from promptgate, and never fails the step; a file
// that is missing or unreadable (the run could not start) leaves its outputs empty.
//   node outputs.mjs RESULTS.json COST.json
//   node outputs.mjs --regressions BASE.json CURRENT.json
import { readFileSync } from 'node:fs';

function read(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function statuses(result) {
  const map = new Map();
  // One entry per (case, model) pair: a matrix runs the same case id under several models.
  for (const suite of result?.suites ?? []) for (const c of suite.cases ?? []) map.set(JSON.stringify([suite.name, c.id, c.model ?? null]), c.status);
  return map;
}

const args = process.argv.slice(2);
const lines = [];
if (args[0] === '--regressions') {
  // Same rule as `promptgate compare`: passed in the baseline, failed or errored now.
  const before = statuses(read(args[1]));
  const now = read(args[2]);
  let regressions = 0;
  for (const [key, status] of statuses(now)) if (before.get(key) === 'passed' && (status === 'failed' || status === 'errored')) regressions++;
  lines.push(`regressions=${now ? regressions : ''}`);
} else {
  const [resultsFile, costFile] = args;
  const result = read(resultsFile);
  const counts = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  for (const status of statuses(result).values()) if (status in counts) counts[status]++;
  for (const [key, n] of Object.entries(counts)) lines.push(`${key}=${result ? n : ''}`);
  lines.push(`results=${result ? resultsFile : ''}`);
  const cost = read(costFile);
  const usd = cost?.kind === 'promptgate-cost-report' ? cost.total?.usd?.total : undefined;
  lines.push(`cost-usd=${typeof usd === 'number' ? String(Math.round(usd * 1e6) / 1e6) : ''}`);
}
process.stdout.write(lines.join('\n') + '\n');
