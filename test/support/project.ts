/** Throwaway project folders for end-to-end tests: suites, fixtures, and a runner on top. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSuites, type RunOptions } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { RecordTransport } from '../../src/transport/record.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';

export async function tempProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

type Extra = Partial<Omit<RunOptions, 'transport'>>;

export async function replay(dir: string, extra: Extra = {}) {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  return runSuites(suites, { transport: new ReplayTransport(path.join(dir, 'fixtures')), concurrency: 4, toolVersion: 'test', ...extra });
}

export async function record(dir: string, baseURL: string, which: 'new' | 'all' = 'new', extra: Extra = {}) {
  const suites = await loadSuites([path.join(dir, 'suites')]);
  const live = new LiveTransport({ apiKey: 'sk-ant-fake03-test-secret-do-not-leak-000000', baseURL });
  const transport = new RecordTransport(new ReplayTransport(path.join(dir, 'fixtures')), live, which);
  return runSuites(suites, { transport, concurrency: 4, toolVersion: 'test', ...extra });
}
