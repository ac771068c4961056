/**
 * `promptgate run | head -1`: the reader closes the pipe while the run still prints. The run goes on,
 * writes its reports and exits by its verdict; it was an internal error (exit 4) with no reports.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CLI, childEnv } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

it('a closed stdout: exit by the verdict, reports written', async () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const dir = await tempProject({});
  const child = spawn(
    process.execPath,
    [CLI, 'run', path.join(root, 'suites'), '--fixtures', path.join(root, 'fixtures'), '--results', 'out/r.json', '--junit', 'out/j.xml'],
    {
      cwd: dir,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The reader goes away before the run prints a line: every write to stdout meets a closed pipe.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).not.toContain('internal error');
  expect(code).toBe(0);
  expect(existsSync(path.join(dir, 'out/r.json'))).toBe(true);
  expect(existsSync(path.join(dir, 'out/j.xml'))).toBe(true);
});
