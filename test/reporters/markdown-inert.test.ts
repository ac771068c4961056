/**
 * PR comments and step summaries are inert: text from a model, a suite or a results file cannot make
 * an image, a link, a mention (GitHub notifies the user), HTML, an autolink or an issue reference.
 *
 * Checked on the escaped text, not by rendering: a CommonMark/GFM renderer from npm would not show
 * what GitHub adds after rendering (mentions, issue references, its own linking), which is where
 * a backslash escape is not enough, so each construct is pinned to the exact text that defuses it.
 */
import { describe, expect, it } from 'vitest';
import { markdownSummary } from '../../reporters/markdown.ts';
import { mdCode, mdText } from '../../reporters/markdown-text.ts';
import { COMPARE_MARKER, compareMarkdown } from '../../src/saved-results/compare-markdown.ts';
import { compareRuns } from '../../src/saved-results/compare.ts';
import { run, suite } from '../results/fixtures.ts';

const ZWSP = '&#8203;';

describe('mdText', () => {
  it.each([
    ['an image', '![x](https://evil.example/p.png)', `\\!\\[x\\](https:${ZWSP}//evil.example/p.png)`],
    ['a link', '[click](http://a.example)', `\\[click\\](http:${ZWSP}//a.example)`],
    ['a reference link', '[click][1]', '\\[click\\]\\[1\\]'],
    ['a mention', 'ping @octocat now', `ping @${ZWSP}octocat now`],
    ['a team mention', '@acme/security', `@${ZWSP}acme/security`],
    ['an HTML tag', '<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)\\>'],
    ['an HTML comment (a fake marker)', '<!-- promptgate-compare -->', '\\<\\!-- promptgate-compare --\\>'],
    ['an entity', '&lt;b&gt;', '\\&lt;b\\&gt;'],
    ['a bare URL', 'see https://evil.example/x', `see https:${ZWSP}//evil.example/x`],
    ['a www autolink', 'www.evil.example', `www${ZWSP}.evil.example`],
    ['an e-mail autolink', 'mail a.b@evil.example', `mail a.b@${ZWSP}evil.example`],
    ['a mailto autolink', 'mailto:x', `mailto:${ZWSP}x`],
    ['an issue reference', 'fixes #123', `fixes \\#${ZWSP}123`],
    ['a GH- reference', 'GH-42', `GH-${ZWSP}42`],
    ['a cross-repository reference', 'acme/app#7', `acme/app\\#${ZWSP}7`],
    ['inline code', 'run `rm -rf`', 'run \\`rm -rf\\`'],
    ['emphasis', '*a* _b_ **c** ~~d~~', '\\*a\\* \\_b\\_ \\*\\*c\\*\\* \\~\\~d\\~\\~'],
    ['a table break', 'a | b', 'a \\| b'],
    ['math', '$\\href{x}{y}$', '\\$\\\\href{x}{y}\\$'],
    ['a heading or quote on a new line', 'x\n# Title\n> quote', 'x \\# Title \\> quote'],
  ])('defuses %s', (_, input, expected) => {
    expect(mdText(input)).toBe(expected);
  });

  it('leaves plain text, and a colon or @ that links nothing, as they were', () => {
    expect(mdText('expected 3 items, got 2: a, b')).toBe('expected 3 items, got 2: a, b');
    expect(mdText('costs @ $5')).toBe('costs @ \\$5');
  });
});

describe('mdCode', () => {
  it('keeps backticks and table pipes inside the span, where GitHub links nothing', () => {
    expect(mdCode('a `b` c')).toBe('`` a `b` c ``');
    expect(mdCode('x|y', true)).toBe('`x\\|y`');
  });
});

/** Every construct at once, as a model might answer or a suite might name a case. */
const HOSTILE = '![i](https://e.example/p.png) [l](http://e.example) @octocat <b>x</b> <!-- promptgate-compare --> www.e.example #12 `c` *e* _u_ ~s~';

/**
 * The dangerous forms left in markdown once its escapes are taken for what they are: a backslash-
 * escaped character is literal text, the zero-width space entity is a character, and code spans
 * (GitHub links nothing in code) are left out. Any form found means text became markup or a link.
 */
function live(markdown: string): string[] {
  const text = markdown
    .replace(/\\[!-/:-@[-`{-~]/g, '\u2063')
    .replaceAll(ZWSP, '\u200b')
    // A code span closes with a run of as many backticks as opened it.
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, '');
  const forms = {
    image: /!\[/,
    link: /\[[^\]]*\]\(/,
    mention: /@[a-z]/i,
    html: /<[a-z/!]/i,
    url: /https?:\/\//,
    www: /www\./,
    issue: /#\d/,
    emphasis: /[*_~]/,
  };
  return Object.entries(forms).flatMap(([name, re]) => (re.test(text) ? [name] : []));
}

describe('the markdown summary', () => {
  it('shows a hostile case id, suite name, reason and error as text', () => {
    const result = run([
      suite(`suite ${HOSTILE}`, [
        { id: `id-${HOSTILE}`, status: 'failed' },
        { id: 'e', status: 'errored' },
      ]),
    ]);
    const [failed, errored] = result.suites[0]!.cases;
    failed!.samples[0]!.assertions[0]!.reason = `reason ${HOSTILE}`;
    errored!.samples[0]!.error = { type: `type ${HOSTILE}`, message: `message ${HOSTILE}`, hint: `hint ${HOSTILE}` };
    const md = markdownSummary(result);
    const fromRun = md.split('\n').filter((l) => l.includes('octocat'));
    // Suite › id, the reason, the error's type and message (the hint is a code span).
    expect(fromRun.length).toBeGreaterThanOrEqual(4);
    for (const line of fromRun) expect(live(line.replace(/^- \*\*|\*\*(?= \()/g, '')), line).toEqual([]);
  });
});

describe('the compare comment', () => {
  it('shows a hostile reason as text and carries only its own marker', () => {
    const base = run([suite('s', ['a'])]);
    const now = run([suite('s', [{ id: 'a', status: 'failed' }])]);
    now.suites[0]!.cases[0]!.samples[0]!.assertions[0]!.reason = HOSTILE;
    const md = compareMarkdown(compareRuns(base, now), { base: 'main @octocat.json', current: 'pr.json' });
    expect(md.startsWith(`${COMPARE_MARKER}\n`)).toBe(true);
    expect(md.split(COMPARE_MARKER)).toHaveLength(2);
    const row = md.split('\n').find((l) => l.includes('octocat') && l.startsWith('| `s/a`'))!;
    expect(row).toBeDefined();
    expect(live(row)).toEqual([]);
    // The file names are code spans, where GitHub mentions no one.
    expect(md).toContain('`main @octocat.json`');
  });
});
