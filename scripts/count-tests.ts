/**
 * The closing line of .ci/run: the test counts of vitest JSON reports, summed. A report that is
 * missing or empty (its command could not start) counts as one failure, so it is never read as green.
 * Run: node scripts/count-tests.ts REPORT.json...
 */
import { readFileSync } from 'node:fs';

const total = { passed: 0, failed: 0, skipped: 0 };
for (const file of process.argv.slice(2)) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  if (!text) {
    total.failed += 1;
    continue;
  }
  const r = JSON.parse(text) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  total.passed += r.numPassedTests;
  total.failed += r.numFailedTests;
  total.skipped += r.numPendingTests;
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
