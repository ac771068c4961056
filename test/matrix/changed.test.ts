/** `run --live --changed`: the API is called only for cases whose recording is stale or missing (per model). */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../live/project.ts';
import { startSimulator, type Simulator } from '../support/sim/index.ts';
import { record, replay, tempProject } from '../support/project.ts';
import { runCli } from '../support/cli.ts';

const OLD = 'claude-haiku-4-5';
const NEW = 'claude-opus-4-5';
// Room for the changed case's worst case and the few replays in flight at once, each claiming its own (~$0.0004).
const CAP = '0.0025';
const suite = (cases: string[]) =>
  `name: shop\nmodel: ${OLD}\nmax_tokens: 64\ncases:\n` +
  cases.map((p, i) => `  - id: c${i + 1}\n    prompt: "${p}"\n    assert:\n      - contains: "${p}"\n`).join('');

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The prompts the simulator was sent, in order. */
const sentPrompts = (s: Simulator) =>
  s.requests
    .filter((r) => r.path === '/v1/messages')
    .map((r) => String((r.body as { messages: { content: unknown }[] }).messages.at(-1)!.content))
    .sort();

describe('run --changed', () => {
  it('sends exactly the edited and the new cases, replays the rest, and says which were which', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/shop.yaml': suite(['one', 'two', 'three']) });
    await record(dir, sim.url);
    // c2 edited (stale), c4 added (missing), c1 and c3 unchanged.
    await writeFile(path.join(dir, 'suites/shop.yaml'), suite(['one', 'two edited', 'three', 'four']));
    const before = await readFile(path.join(dir, 'fixtures/shop/c2.json'), 'utf8');
    sim.reset();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    const live = await runCli(['run', '--live', '--changed', '--markdown', 'out/live.md'], { cwd: dir, env });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(sentPrompts(sim)).toEqual(['four', 'two edited']);
    // The live-run case whose recording existed shows its old answer against the new; the new case has none.
    const md = await readFile(path.join(dir, 'out/live.md'), 'utf8');
    expect([...md.matchAll(/^\*\*(.+)\*\*$/gm)].map((m) => m[1])).toEqual(['shop › c2']);
    expect(md).toMatch(/^-.*two$/m);
    expect(md).toMatch(/^\+.*two edited$/m);
    expect(live.stdout).toContain('promptgate: --changed: called the API for 2 cases (stale or missing recordings): shop/c2, shop/c4\n');
    expect(live.stdout).toContain('promptgate: --changed: replayed 2 unchanged cases: shop/c1, shop/c3\n');
    // --live writes nothing: the stale recording is as it was.
    expect(await readFile(path.join(dir, 'fixtures/shop/c2.json'), 'utf8')).toBe(before);

    // --record --changed refreshes just those, after which everything replays.
    sim.reset();
    expect((await runCli(['run', '--record', '--changed'], { cwd: dir, env })).code).toBe(0);
    expect(sentPrompts(sim)).toEqual(['four', 'two edited']);
    expect((await replay(dir)).suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'passed', 'passed', 'passed']);

    // A model never recorded has no recordings to replay: every case is called.
    sim.reset();
    const other = await runCli(['run', '--live', '--changed', '--model', NEW], { cwd: dir, env });
    expect(other.code).toBe(0);
    expect(sim.requests.map((r) => (r.body as { model: string }).model)).toEqual([NEW, NEW, NEW, NEW]);
    expect(other.stdout).toContain(
      `called the API for 4 cases (stale or missing recordings): shop/c1 [${NEW}], shop/c2 [${NEW}], shop/c3 [${NEW}], shop/c4 [${NEW}]\n`,
    );
  });

  it('with nothing changed says so plainly, sends nothing and exits as the replays judge', async () => {
    sim = await startSimulator();
    const dir = await tempProject({ 'suites/shop.yaml': suite(['one', 'two']) });
    await record(dir, sim.url);
    sim.reset();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    const live = await runCli(['run', '--live', '--changed'], { cwd: dir, env });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(sim.stats.served).toBe(0);
    expect(live.stdout).toContain(
      'promptgate: --changed: nothing changed: every recording matches its request, so nothing was sent to the API; replayed 2 cases\n',
    );
    expect(live.stdout).not.toContain('called the API for 0');
    // A replayed case that fails its (edited) check still fails the run: nothing sent is no free pass.
    await writeFile(path.join(dir, 'suites/shop.yaml'), suite(['one', 'two']).replace('contains: "two"', 'contains: "never"'));
    const failing = await runCli(['run', '--live', '--changed'], { cwd: dir, env });
    expect(failing.code).toBe(1);
    expect(sim.stats.served).toBe(0);
  });

  it('holds a spend cap to what it sends: unchanged cases are neither estimated nor charged', async () => {
    sim = await startSimulator();
    const prompts = Array.from({ length: 40 }, (_, i) => `please repeat after me, this is case number ${i + 1} of forty`);
    const dir = await tempProject({ 'suites/shop.yaml': suite(prompts) });
    await record(dir, sim.url);
    await writeFile(path.join(dir, 'suites/shop.yaml'), suite([...prompts.slice(0, 39), 'the one edited case']));
    sim.reset();
    const env = { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: sim.url };
    // What the 39 unchanged cases would cost replayed is more than the cap; the one changed case is well under it.
    const out = await runCli(['run', '--live', '--changed', '--max-cost', CAP, '--results', 'r.json'], { cwd: dir, env });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(sentPrompts(sim)).toEqual(['the one edited case']);
    const result = JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')) as { stopped?: unknown };
    expect(result.stopped).toBeUndefined();
  });

  it('is refused without --live or --record (exit 2), and with --batch', async () => {
    const dir = await tempProject({ 'suites/shop.yaml': suite(['one']) });
    const out = await runCli(['run', '--changed'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY } });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--changed picks which cases call the API: use it with --live or --record, not in replay (the default).');
    const batch = await runCli(['run', '--batch', '--changed'], { cwd: dir, env: { ANTHROPIC_API_KEY: KEY } });
    expect(batch.code).toBe(2);
    expect(batch.stderr).toContain("option '--changed' cannot be used with option '--batch'");
  });
});
