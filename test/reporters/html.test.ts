import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../reporters/html.ts';
import { chromiumPath, skipWithoutChromium } from '../support/chromium.ts';
import { realisticRun } from './fixtures.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'pg-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chromium(...args: string[]) {
  const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (!chromiumPath) throw new Error('Chromium is not installed (apt-get install chromium); CI renders the HTML report in it');
  return run(chromiumPath, [...flags, `--user-data-dir=${path.join(dir, 'profile')}`, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
}

describe('htmlReport', () => {
  const html = htmlReport(realisticRun());

  it('is self-contained: no network references, everything inline', () => {
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes hostile output instead of running it', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('nul\\u0000 bell\\u0007');
  });

  it.skipIf(skipWithoutChromium)('renders in headless Chromium: screenshot and DOM after scripts ran (skipped without Chromium on PATH, except under CI)', async () => {
    const file = path.join(dir, 'report.html');
    const png = path.join(dir, 'report.png');
    writeFileSync(file, html);
    await chromium(`--screenshot=${png}`, '--window-size=1280,900', `file://${file}`);
    expect(existsSync(png)).toBe(true);
    expect(statSync(png).size).toBeGreaterThan(30_000);

    const { stdout: dom } = await chromium('--dump-dom', `file://${file}`);
    // Written by the filter script: proof it ran without errors.
    expect(dom).toContain('Showing 7 of 7 cases');
    for (const id of ['billing-double-charge', 'out-of-scope', 'extraction-json', 'refund-policy', 'weather-later', 'grüße-日本語-🚀', 'hostile-output']) {
      expect(dom).toContain(`<span class="case-id">${id}</span>`);
    }
    expect(dom).toContain('output does not contain "I can only help with"');
    expect(dom).toContain('stale_recording');
    expect(dom).toContain('no price known');
    expect(dom).toMatch(/<svg class="cost-chart"[^>]*>.*<rect /s);
    expect(dom).not.toContain('<script>alert');
  });
});
