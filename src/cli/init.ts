/** `promptgate init [--force]`: scaffold, then say what was created and what was left alone. */
import { scaffold } from '../init/scaffold.ts';

export async function init(opts: { force?: boolean; cwd?: string }): Promise<void> {
  const { created, overwritten, skipped } = await scaffold(opts.cwd ?? process.cwd(), opts.force ?? false);
  for (const f of created) process.stdout.write(`created      ${f}\n`);
  for (const f of overwritten) process.stdout.write(`overwrote    ${f}\n`);
  for (const f of skipped) process.stdout.write(`skipped      ${f} (exists; --force overwrites it)\n`);
  if (created.length || overwritten.length) {
    process.stdout.write('\nNext: npx promptgate run    replays the example from its recordings: offline, no key needed.\n');
    process.stdout.write('Then make suites/example.yaml yours and record real answers (ANTHROPIC_API_KEY set): npx promptgate run --record\n');
    process.stdout.write('and commit suites/, fixtures/ and .github/; CI replays the recordings offline on every push.\n');
  }
}
