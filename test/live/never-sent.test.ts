/**
 * A request that never left costs nothing: a refused connection reaches no API, so it is neither
 * counted at its worst case nor stops a run on the budget, and the system's reason is said. A key
 * no request can carry is refused before anything is sent.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuites } from '../../src/runner/run.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { LiveTransport } from '../../src/transport/live.ts';
import { startSimulator } from '../support/sim/index.ts';
import { tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';
import { KEY, suiteYaml } from './project.ts';

/** A loopback port nothing listens on: one a server just held and let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('requests that never left', () => {
  it('a refused connection is not spend: no budget stop, no call counted, and the error says ECONNREFUSED', async () => {
    const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 3, maxTokens: 1000 }) });
    const suites = await loadSuites([path.join(dir, 'suites')]);
    const live = new LiveTransport({ apiKey: KEY, baseURL: `http://127.0.0.1:${await closedPort()}` });
    // Each attempt's worst case is ~$0.005: counted, the 18 refused attempts would stop the run on this cap.
    const result = await runSuites(suites, {
      transport: live,
      concurrency: 3,
      toolVersion: 'test',
      retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
      budget: { maxCostUsd: 0.02, worstCaseUsd: () => 0 },
    });
    expect(result.stopped).toBeUndefined();
    const samples = result.suites.flatMap((s) => s.cases.flatMap((c) => c.samples));
    expect(samples).toHaveLength(3);
    for (const s of samples) {
      expect(s.calls).toEqual([]);
      expect(s.error).toMatchObject({ type: 'connection_error', notSent: true });
      expect(s.error!.message).toMatch(/^Connection error: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(gave up after 6 attempts\)$/);
    }
  });

  it('a connection that broke once open is still counted at its worst case: the API may have billed it', async () => {
    const server = createServer((socket) => socket.on('data', () => socket.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1, maxTokens: 1000 }) });
      const live = new LiveTransport({ apiKey: KEY, baseURL: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
      const result = await runSuites(await loadSuites([path.join(dir, 'suites')]), {
        transport: live,
        concurrency: 1,
        toolVersion: 'test',
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
        budget: { maxCostUsd: 1, worstCaseUsd: () => 0 },
      });
      const [sample] = result.suites[0]!.cases[0]!.samples;
      expect(sample!.error).toMatchObject({ type: 'connection_error' });
      expect(sample!.error).not.toHaveProperty('notSent');
      expect(sample!.calls.map((c) => c.outcome)).toEqual(['unknown', 'unknown']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([
    ['a smart quote pasted with it', `${KEY}\u201d`, `character ${KEY.length + 1} (U+201D)`],
    ['a control character', `${KEY.slice(0, 10)}\u0001${KEY.slice(10)}`, 'character 11 (U+0001)'],
    ['a space inside', `${KEY.slice(0, 10)} ${KEY.slice(10)}`, 'character 11 (U+0020)'],
  ])('a key with %s: exit 2 before anything is sent, saying where, never showing the key', async (_name, key, where) => {
    const sim = await startSimulator();
    try {
      const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
      const out = await runCli(['run', '--live', '--results', 'r.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: key, ANTHROPIC_BASE_URL: sim.url } });
      expect(out.code).toBe(2);
      expect(out.stderr).toBe(
        `error: the API key has ${where}, which no API key holds: it was probably copied with a stray character (a smart quote, a space); copy it again.\n`,
      );
      expect(out.stdout + out.stderr).not.toContain(KEY.slice(12, 30));
      expect(sim.stats.requests).toBe(0);
      await expect(readFile(path.join(dir, 'r.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      await sim.close();
    }
  });

  it('a base URL with a user name and password: exit 2 before anything is sent, never showing them', async () => {
    const sim = await startSimulator();
    try {
      const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
      const withCredentials = sim.url.replace('http://', 'http://gateway-user:Gatew4yPassw0rd@');
      const out = await runCli(['run', '--live', '--results', 'r.json'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: withCredentials } });
      expect(out.code).toBe(2);
      expect(out.stderr).toBe(
        "error: the base URL (ANTHROPIC_BASE_URL) has a user name or password in it, which no request can be sent with: give the gateway its credentials in a header instead (ANTHROPIC_CUSTOM_HEADERS, 'Name: value' a line).\n",
      );
      expect(sim.stats.requests).toBe(0);
      await expect(readFile(path.join(dir, 'r.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      await sim.close();
    }
  });

  it.each(['127.0.0.1:8080', 'not a url', 'ftp://127.0.0.1:8080'])(
    'a base URL with no http(s) scheme (%s): exit 2 before anything is sent, not a crash',
    async (base) => {
      const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
      const out = await runCli(['run', '--live'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: base } });
      expect(out.code).toBe(2);
      expect(out.stderr).toBe(
        'error: the base URL (ANTHROPIC_BASE_URL) is not an http:// or https:// URL: write it with its scheme, as in https://gateway.example.com or http://127.0.0.1:8080.\n',
      );
    },
  );

  it('a key with a line end after it (as `$(cat key.txt)` keeps none, but a secret store may) still runs', async () => {
    const sim = await startSimulator();
    try {
      const dir = await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 1 }) });
      const out = await runCli(['run', '--live'], { cwd: dir, env: { ANTHROPIC_API_KEY: `${KEY}\n`, ANTHROPIC_BASE_URL: sim.url } });
      expect(out.code, out.stderr).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
