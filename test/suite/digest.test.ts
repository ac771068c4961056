/** A suite's digest (merge and compare tell its versions apart by it) follows what it asks, not where it is written. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDigest } from '../../src/suite/digest.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';

const suite = (prompt: string, comment = '') =>
  `name: s\nmodel: claude-haiku-4-5\n${comment}cases:\n  - id: a\n    prompt: "${prompt}"\n    assert:\n      - contains: "x"\n      - not: { regex: "y" }\n`;

const RICH = [
  'name: pinned',
  'model: claude-haiku-4-5',
  'max_tokens: 300',
  'cache: true',
  'system: "You route tickets for {{company}}."',
  'vars: { company: Acme }',
  'tools:',
  '  - name: classify',
  '    description: "Sorts a ticket"',
  '    input_schema: { type: object, properties: { category: { type: string } } }',
  'defaults:',
  '  tags: [smoke]',
  '  assert:',
  '    - max_output_tokens: 50',
  'cases:',
  '  - id: a',
  '    prompt: "Hello {{company}}"',
  '    assert:',
  '      - contains: "x"',
  '      - not: { regex: "y" }',
  '      - tool_called: classify',
  '  - id: b',
  '    name: Second',
  '    models: [claude-haiku-4-5, claude-sonnet-4-5]',
  '    messages:',
  '      - { role: user, content: "Hi" }',
  '    repeat: 3',
  '    min_pass_rate: 0.5',
  '    tags: [slow]',
  '    skip: "not today"',
  '    assert:',
  '      - json_schema: { type: object }',
  '        weight: 2',
  '        label: shape',
].join('\n');

describe('suiteDigest', () => {
  it('is the same in another folder and with its lines moved, and changes with a prompt', async () => {
    const dir = await tempProject({ 'one/s.yaml': suite('Hello'), 'two/s.yaml': suite('Hello', '# moved down a line\n'), 'three/s.yaml': suite('Hello!') });
    const [one, two, three] = await Promise.all(['one', 'two', 'three'].map(async (d) => (await loadSuites([path.join(dir, d, 's.yaml')]))[0]!));
    expect(suiteDigest(one!)).toMatch(/^[0-9a-f]{16}$/);
    expect(suiteDigest(two!)).toBe(suiteDigest(one!));
    expect(suiteDigest(three!)).not.toBe(suiteDigest(one!));
  });

  it('is the digest saved results already hold: pinned, for a suite that uses what a case can carry', async () => {
    // Merge and compare match suite versions by it: a change here makes every saved result a stranger.
    const dir = await tempProject({ 's.yaml': RICH + '\n' });
    const [rich] = await loadSuites([path.join(dir, 's.yaml')], { day: '2026-12-06' });
    expect(rich!.cases[0]!.cacheControlAdded).toBe('system');
    expect(suiteDigest(rich!)).toBe('825d4c5d922e1500');
    const [plain] = await loadSuites([path.join(await tempProject({ 's.yaml': suite('Hello') }), 's.yaml')], { day: '2026-12-06' });
    expect(suiteDigest(plain!)).toBe('1d59db732b6d3b08');
  });

  it('of a suite loaded for one shard, is the digest saved shard results already hold: pinned', async () => {
    // Keys sort on both sides of cases: (cache, defaults) and, in the plain suite, only after it.
    const shard = { shard: { index: 1, total: 2 } };
    const [rich] = await loadSuites([path.join(await tempProject({ 's.yaml': RICH + '\n' }), 's.yaml')], { day: '2026-12-06', shard });
    expect(suiteDigest(rich!)).toBe('4d387c109e042cbd');
    const [plain] = await loadSuites([path.join(await tempProject({ 's.yaml': suite('Hello') }), 's.yaml')], { day: '2026-12-06', shard });
    expect(suiteDigest(plain!)).toBe('b792c8530f4b56e2');
  });
});
