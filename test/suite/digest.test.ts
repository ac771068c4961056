/** A suite's digest (merge and compare tell its versions apart by it) follows what it asks, not where it is written. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDigest } from '../../src/suite/digest.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';

const suite = (prompt: string, comment = '') =>
  `name: s\nmodel: claude-haiku-4-5\n${comment}cases:\n  - id: a\n    prompt: "${prompt}"\n    assert:\n      - contains: "x"\n      - not: { regex: "y" }\n`;

describe('suiteDigest', () => {
  it('is the same in another folder and with its lines moved, and changes with a prompt', async () => {
    const dir = await tempProject({ 'one/s.yaml': suite('Hello'), 'two/s.yaml': suite('Hello', '# moved down a line\n'), 'three/s.yaml': suite('Hello!') });
    const [one, two, three] = await Promise.all(['one', 'two', 'three'].map(async (d) => (await loadSuites([path.join(dir, d, 's.yaml')]))[0]!));
    expect(suiteDigest(one!)).toMatch(/^[0-9a-f]{16}$/);
    expect(suiteDigest(two!)).toBe(suiteDigest(one!));
    expect(suiteDigest(three!)).not.toBe(suiteDigest(one!));
  });
});
