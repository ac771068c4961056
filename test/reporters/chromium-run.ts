/** Headless Chromium on a file: a screenshot, or the DOM after the page's scripts ran. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromiumPath } from '../support/chromium.ts';

const run = promisify(execFile);
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A folder for pages and a browser profile; `close` removes it. */
export function browserDir(prefix: string): { dir: string; close: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

export function chromium(dir: string, ...args: string[]) {
  if (!chromiumPath) throw new Error('Chromium is not installed (apt-get install chromium); CI renders the HTML report in it');
  return run(chromiumPath, [...FLAGS, `--user-data-dir=${path.join(dir, 'profile')}`, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
}

/** Writes `html` to `dir/name` and returns the DOM Chromium holds once the page's scripts ran. */
export async function domAfterScripts(dir: string, name: string, html: string): Promise<string> {
  const file = path.join(dir, name);
  writeFileSync(file, html);
  return (await chromium(dir, '--dump-dom', `file://${file}`)).stdout;
}
