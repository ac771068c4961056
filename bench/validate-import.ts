/**
 * `promptgate validate` of a 20,000-case suite and `promptgate import` of a 20,000-row Console
 * export (JSON and CSV), each a fresh CLI process as CI runs it: wall time (median of 3, since other
 * jobs share the 2 cores) and peak RSS. Targets: each under 4 s. Also validate of the same suite with
 * a misspelt key in its last case: the way every error takes (yaml's located parse), checked to name
 * the right line.
 * Run: node bench/validate-import.ts [N]   (default 20000)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './bin.ts';

const n = Number(process.argv[2] ?? 20_000);

/** Wall time and peak RSS of one CLI run, from GNU time; median wall of 3. */
function timed(args: string[], cwd: string, expect: { status: number; stderr?: string } = { status: 0 }): { seconds: number; rssMb: number } {
  const runs = Array.from({ length: 3 }, () => {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== expect.status || (expect.stderr !== undefined && !r.stderr.startsWith(expect.stderr))) {
      throw new Error(`promptgate ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
    }
    const [seconds, kb] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
    return { seconds: seconds!, rssMb: kb! / 1024 };
  });
  return runs.sort((a, b) => a.seconds - b.seconds)[1]!;
}
const line = (what: string, r: { seconds: number; rssMb: number }) =>
  console.log(`${what.padEnd(38)} ${r.seconds.toFixed(2)} s wall (median of 3), peak RSS ${r.rssMb.toFixed(0)} MB  (target < 4 s)`);

const dir = await mkdtemp(path.join(tmpdir(), 'promptgate-bench-validate-'));
try {
  const cases = Array.from(
    { length: n },
    (_, i) =>
      `  - id: case-${i}\n    prompt: "Classify ticket ${i}: my invoice shows the wrong amount"\n    assert:\n      - contains: "billing"\n      - not: { contains: "refund" }\n      - max_output_tokens: 50\n`,
  ).join('');
  await writeFile(path.join(dir, 'bench.yaml'), `name: bench\nmodel: claude-haiku-4-5\nmax_tokens: 100\nsystem: "You route tickets."\ncases:\n${cases}`);
  line(`validate ${n} cases`, timed(['validate', 'bench.yaml'], dir));
  await writeFile(
    path.join(dir, 'late.yaml'),
    `name: bench\nmodel: claude-haiku-4-5\nmax_tokens: 100\nsystem: "You route tickets."\ncases:\n${cases}  - id: last\n    prompt: hi\n    repaet: 2\n`,
  );
  // 5 header lines, 6 lines a case, then the last case's id and prompt lines.
  const late = `late.yaml:${5 + 6 * n + 3}:5: error: unknown key 'repaet' in cases[${n}] (did you mean 'repeat'?)`;
  line(`validate ${n} cases, last one wrong`, timed(['validate', 'late.yaml'], dir, { status: 2, stderr: late }));

  const ticket = (i: number) => `Customer ${i} writes: I was charged twice for order #${i}. Please refund the duplicate payment.`;
  const items = Array.from({ length: n }, (_, i) => ({
    name: `Ticket ${i}`,
    user_message: ticket(i),
    expected: { tool_called: 'classify_ticket', category: i % 2 ? 'billing' : 'technical' },
  }));
  await writeFile(path.join(dir, 'export.json'), JSON.stringify(items, null, 2));
  line(`import ${n}-row JSON export`, timed(['import', 'export.json', '--out', 'from-json.yaml'], dir));

  const rows = Array.from({ length: n }, (_, i) => `Ticket ${i},"${ticket(i)}",billing`);
  await writeFile(path.join(dir, 'export.csv'), `name,{{user_message}},expected\n${rows.join('\n')}\n`);
  line(`import ${n}-row CSV export`, timed(['import', 'export.csv', '--out', 'from-csv.yaml'], dir));
} finally {
  await rm(dir, { recursive: true, force: true });
}
