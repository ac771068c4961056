import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../reporters/html.ts';
import { skipWithoutChromium } from '../support/chromium.ts';
import { browserDir, chromium, domAfterScripts } from './chromium-run.ts';
import { realisticRun } from './fixtures.ts';

const { dir, close } = browserDir('pg-html-');
afterAll(close);

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

  it.skipIf(skipWithoutChromium)(
    'renders in headless Chromium: screenshot and DOM after scripts ran (skipped without Chromium on PATH, except under CI)',
    async () => {
      const file = path.join(dir, 'report.html');
      const png = path.join(dir, 'report.png');
      writeFileSync(file, html);
      await chromium(dir, `--screenshot=${png}`, '--window-size=1280,900', `file://${file}`);
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(30_000);

      const dom = await domAfterScripts(dir, 'report.html', html);
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
    },
  );
});
