/** `promptgate init [--force]`: scaffold, then say what was created and what was left alone. */
import { scaffold } from '../init/scaffold.ts';
import type { Cli } from './io.ts';

export async function init(opts: { force?: boolean }, cli: Cli): Promise<number> {
  const { created, overwritten, skipped } = await scaffold(cli.cwd, opts.force ?? false);
  for (const f of created) cli.stdout.write(`created      ${f}\n`);
  for (const f of overwritten) cli.stdout.write(`overwrote    ${f}\n`);
  for (const f of skipped) cli.stdout.write(`skipped      ${f} (exists; --force overwrites it)\n`);
  if (created.length || overwritten.length) {
    cli.stdout.write('\nNext: npx promptgate run    replays the example from its recordings: offline, no key needed.\n');
    cli.stdout.write('Then make suites/example.yaml yours and record real answers (ANTHROPIC_API_KEY set): npx promptgate run --record\n');
    const workflow = [...created, ...overwritten, ...skipped].find((f) => f.endsWith('prompt-regression.yml'))!;
    // In a monorepo's package it is at the repository's root, the one place GitHub reads workflows;
    // one that was there already runs where it says, not necessarily here.
    const written = !skipped.includes(workflow);
    const where = workflow.startsWith('../') ? `, at the repository's root, where GitHub reads it${written ? ', and runs in this folder' : ''}` : '';
    cli.stdout.write(`and commit suites/, fixtures/ and ${workflow}${where}; CI replays the recordings offline on every push.\n`);
    // The workflow also runs live on main: without the secret, that job fails on the first push.
    cli.stdout.write('Its live runs on main need the repository secret ANTHROPIC_API_KEY (docs/ci.md); set the variable PROMPTGATE_LIVE=0 to run none.\n');
  }
  return 0;
}
