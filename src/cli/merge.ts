import { canonicalJson } from '../cassette/canonical.ts';
import { writeFileAtomic } from '../fs/atomic.ts';
import { exitCode, totals } from '../result.ts';
import { mergeResults } from '../results/merge.ts';
import { readAll } from '../results/read-all.ts';
import { InputError } from '../suite/diagnostics.ts';

interface MergeOptions {
  results?: string;
  junit?: string;
  costReport?: string;
  html?: string;
  markdown?: string;
}

/** `promptgate merge shard-*.json`: one RunResult, as one unsharded run would have written it. */
export default async function merge(files: string[], opts: MergeOptions): Promise<void> {
  const results = await readAll(files);
  const merged = mergeResults(files.map((file, i) => ({ file, result: results[i]! })));
  const unsupported = (['junit', 'costReport', 'html', 'markdown'] as const).filter((k) => opts[k]);
  if (unsupported.length) throw new InputError(`merge cannot write ${unsupported.join(', ')} yet: write --results, then \`promptgate report\` it`);
  if (opts.results) await writeFileAtomic(opts.results, canonicalJson(merged, 2) + '\n');
  const t = totals(merged);
  process.stdout.write(`merged ${files.length} file${files.length === 1 ? '' : 's'}: ${t.cases} cases, ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped\n`);
  // The same verdict the unsharded run would give, so the merge job is the sharded run's gate.
  process.exitCode = exitCode(merged);
}
