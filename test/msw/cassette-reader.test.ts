/**
 * One cassette reader: `claude.cassette` (the MSW kit) and replay refuse a broken cassette for
 * the same reason, because both read it with the cassette module's reader.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cassetteFile, readCassette, type CallId } from '../../src/cassette/cassette.ts';
import { claude } from '../../src/msw/index.ts';
import { ReplayTransport } from '../../src/transport/replay.ts';
import type { Call } from '../../src/transport/types.ts';

const fixtures = mkdtempSync(path.join(tmpdir(), 'pg-cassette-reader-'));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

const BROKEN: [name: string, content: string, reason: RegExp][] = [
  ['not-json', '{"promptgate_cassette": 1,', /^not valid JSON \(.+\)$/],
  ['null', 'null', /^not a promptgate cassette \(version 1\)$/],
  ['list', '[]', /^not a promptgate cassette \(version 1\)$/],
  ['newer', '{"promptgate_cassette": 2}', /^not a promptgate cassette \(version 1\)$/],
];

describe.each(BROKEN)('a cassette that is %s', (caseId, content, reason) => {
  const id: CallId = { suite: 'demo', caseId, repeat: 1, role: 'case', index: 1 };
  const file = cassetteFile(fixtures, id);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);

  it('is refused for the same reason by the cassette reader, the MSW kit and replay', async () => {
    const why = await readCassette(file).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(why).toMatch(reason);
    expect(() => claude.cassette(file)).toThrow(`promptgate/msw: cannot read cassette ${file}: ${why}`);
    const call: Call = {
      ...id,
      suiteFile: 'suites/demo.yaml',
      params: { model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] },
      stream: false,
    };
    await expect(new ReplayTransport(fixtures).send(call, new AbortController().signal)).rejects.toMatchObject({
      info: { type: 'bad_recording', message: `${file}: ${why}` },
    });
  });
});

describe('a folder of cassettes', () => {
  it('is refused at the first broken one, naming it', () => {
    expect(() => claude.cassette(fixtures)).toThrow(/^promptgate\/msw: cannot read cassette .*list\.json: not a promptgate cassette \(version 1\)$/);
  });
});
