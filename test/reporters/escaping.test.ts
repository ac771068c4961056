/** One escaper per medium: text from suites and models reads the same wherever a medium shows it. */
import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../reporters/html.ts';
import { html as markup, htmlText } from '../../reporters/html-text.ts';
import { mdText } from '../../reporters/markdown-text.ts';
import { xmlAttr, xmlText } from '../../reporters/xml.ts';
import { compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { run, suite } from '../results/fixtures.ts';

describe('HTML', () => {
  it('escapes a hostile model name the same in the calls table and the cost chart', () => {
    const model = `<b>"x"&'y'</b>`;
    const html = htmlReport(run([suite('s', [{ id: 'a', model }])]));
    const escaped = '&lt;b&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/b&gt;';
    expect(htmlText(model)).toBe(escaped);
    // Every place the name shows (the call row, the chart label, the unpriced note) escaped alike.
    const shown = html.split('&quot;x&quot;&amp;').length - 1;
    expect(shown).toBe(3);
    expect(html.split(escaped).length - 1).toBe(shown);
    expect(html).not.toContain('<b>');
  });

  it('shows an object where a number belongs (a hostile cassette) as its JSON, escaped', () => {
    expect(markup`<td>${{ input_tokens: '<b>' } as unknown as number}</td>`.text).toBe('<td>{&quot;input_tokens&quot;:&quot;&lt;b&gt;&quot;}</td>');
    expect(markup`${[1, 'a', false, null, undefined]}`.text).toBe('1a');
  });
});

describe('XML', () => {
  it('changes each character it changes when it is the only one in the text (most text is returned as it is)', () => {
    expect(['&', '<', '>', '\r', '\u0007'].map((c) => xmlText(`a${c}b`))).toEqual(['a&amp;b', 'a&lt;b', 'a&gt;b', 'a&#13;b', 'a\\u0007b']);
    expect(['"', '\n', '\t', '&'].map((c) => xmlAttr(`a${c}b`))).toEqual(['a&quot;b', 'a&#10;b', 'a&#9;b', 'a&amp;b']);
    expect(xmlText('a\nb\t"c"')).toBe('a\nb\t"c"');
  });
});

describe('markdown', () => {
  it('escapes model text in the compare comment as the run summary does', () => {
    const reason = 'got <!-- promptgate-compare --> *bold* & [link](x)';
    const base = run([suite('s', ['a'])]);
    const now = run([suite('s', [{ id: 'a', status: 'failed' }])]);
    now.suites[0]!.cases[0]!.samples[0]!.assertions[0]!.reason = reason;
    expect(compareMarkdown(compareRuns(base, now), { base: 'a.json', current: 'b.json' })).toContain(`| ${mdText(`contains: ${reason}`)} |`);
  });
});
