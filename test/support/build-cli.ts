/**
 * Bundles the CLI from the sources (scripts/bundle-cli.js), so what runs is the file users run and
 * never a stale build. As vitest's global setup: before the tests, and in watch mode before every
 * rerun; bench/bin.ts calls it too.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export function bundleCli(): void {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/bundle-cli.js')], { stdio: 'inherit' });
}

export default function setup(project: TestProject): void {
  bundleCli();
  project.onTestsRerun(bundleCli);
}
