/**
 * Vitest global setup: bundles the CLI from the sources (scripts/bundle-cli.js) so the tests spawn
 * the file users run, never a stale build; in watch mode, again before every rerun.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const bundle = () => {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/bundle-cli.js')], { stdio: 'inherit' });
};

export default function setup(project: TestProject): void {
  bundle();
  project.onTestsRerun(bundle);
}
