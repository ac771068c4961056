/**
 * Bundles the CLI from the sources (scripts/bundle-cli.js), so what runs is the file users run and
 * never a stale build. As vitest's global setup: before the tests, and in watch mode before every
 * rerun; bench/bin.ts calls it too.
 *
 * The global setup also gives the run one temp folder (TMPDIR, which the test workers, the CLIs and
 * the package managers they start inherit) and removes it when the run ends: tests make thousands of
 * projects under tmpdir() and used to leave every one behind.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export function bundleCli(): void {
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/bundle-cli.js')], { stdio: 'inherit' });
}

export default function setup(project: TestProject): () => void {
  bundleCli();
  project.onTestsRerun(bundleCli);
  const runTmp = mkdtempSync(path.join(tmpdir(), 'promptgate-tests-'));
  process.env.TMPDIR = runTmp;
  return () => rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
}
