import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../src/suite/load.ts';

const doc = readFileSync('docs/suite-format.md', 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/suite-format.md', () => {
  it('has an example per feature', () => expect(blocks.length).toBeGreaterThanOrEqual(9));

  it.each(blocks.map((b) => [/^name: (.+)$/m.exec(b)![1]!, b]))('example %s is a valid suite', async (name, yaml) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-doc-'));
    await writeFile(path.join(dir, `${name}.yaml`), yaml);
    const [suite] = await loadSuites([dir]);
    expect(suite!.name).toBe(name);
    expect(suite!.warnings, 'the docs name no model at its end of life').toBeUndefined();
  });
});
