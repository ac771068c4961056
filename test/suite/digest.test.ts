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

  it('of a suite loaded for one shard, is the digest of its text: pinned, and the same with CRLF line ends', async () => {
    // A shard digests the file as written (it resolves only its own cases); merge matches shards by it.
    const shard = { shard: { index: 1, total: 2 } };
    const load = async (text: string) => (await loadSuites([path.join(await tempProject({ 's.yaml': text }), 's.yaml')], { day: '2026-12-06', shard }))[0]!;
    expect(suiteDigest(await load(RICH + '\n'))).toBe('text:7ee2f8aa5e33628b');
    expect(suiteDigest(await load(suite('Hello')))).toBe('text:d86593655833d19a');
    // A Windows checkout of the same commit: the same shard digest, so its shards merge with Linux ones.
    expect(suiteDigest(await load(suite('Hello').replaceAll('\n', '\r\n')))).toBe('text:d86593655833d19a');
    // Unlike a full load's digest, a comment is part of the text.
    expect(suiteDigest(await load(suite('Hello', '# moved down a line\n')))).not.toBe('text:d86593655833d19a');
  });
});
