/**
 * `validate` (and every load of a suite) warns at the pattern itself on patterns known to backtrack
 * catastrophically, and stays quiet on ordinary ones.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { catastrophicWhy } from '../../src/assertions/catastrophic-pattern.ts';
import { REGEX_TIME_LIMIT_MS } from '../../src/assertions/bounded-regex.ts';
import type { Diagnostic } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { CLI } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';

describe('catastrophicWhy', () => {
  it.each([
    ['^(a+)+$', /^nested quantifiers: \(a\+\)\+/],
    ['(a*)*b', /^nested quantifiers/],
    ['^(\\w+\\s?)*$', /^nested quantifiers/],
    ['(?:a+){2,}', /^nested quantifiers/],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', /^nested quantifiers/],
    ['(.*a){3,}', /^nested quantifiers/],
    ['^(\\d+|\\d+\\.\\d+)*$', /^nested quantifiers/],
    ['(a|a)*', /^a repeated alternation whose branches overlap: \(a\|a\)\* \(a twice\)/],
    ['(a|ab)*c', /^a repeated alternation whose branches overlap/],
    ['^(\\w|\\d)+$', /^a repeated alternation whose branches overlap/],
  ])('%s is catastrophic', (pattern, why) => {
    expect(catastrophicWhy(pattern)).toMatch(why);
  });

  it.each([
    '^\\d{4}-\\d{2}-\\d{2}$',
    'refund|billing',
    '^(\\w+\\.)+\\w+$',
    '^[A-Z][a-z]+( [A-Z][a-z]+)*$',
    '(foo|bar)+',
    '^(?:[a-z0-9-]+\\.)+[a-z]{2,}$',
    '\\b(yes|no)\\b',
    '^[^@\\s]+@[^@\\s]+$',
    '(\\d{3})-(\\d{4})',
    '^(a|b)*$',
    '(?<year>\\d{4})-\\k<year>',
    '(?=.*\\d)(?=.*[a-z]).{8,}',
    '[(+)]+',
    '\\(a+\\)+',
    '^"(?:[^"\\\\]|\\\\.)*"$',
    '(a{2})+',
    '(unclosed',
  ])('%s is not', (pattern) => {
    expect(catastrophicWhy(pattern)).toBeUndefined();
  });
});

const SUITE = `name: s
model: claude-haiku-4-5
max_tokens: 64
cases:
  - id: a
    prompt: hi
    assert:
      - regex: "^(a+)+$"
      - regex: { pattern: "(a|ab)*c", flags: i }
      - not: { regex: "^\\\\d{4}$" }
      - json_schema: { type: object, properties: { code: { type: string, pattern: "^(\\\\w+\\\\s?)*$" } }, patternProperties: { "^(x+x+)+y$": {} } }
      - json_path: { path: a, matches: "(a*)*b" }
      - json_schema: schemas/code.json
      - regex: "^(\\\\w+\\\\.)+\\\\w+$"
`;

describe('a suite with catastrophic patterns', () => {
  it('is warned at each pattern (file:line:col), ordinary ones are not, and validate still passes', async () => {
    const dir = await tempProject({ 'suites/s.yaml': SUITE, 'suites/schemas/code.json': JSON.stringify({ prefixItems: [{ pattern: '(a|a)*' }] }) });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    const at = (w: Diagnostic) => `${w.line}:${w.col} ${/^(.*?) is known/.exec(w.message)?.[1]}`;
    expect(suite!.warnings!.map(at)).toEqual([
      '8:16 /^(a+)+$/',
      '9:27 /(a|ab)*c/i',
      '11:83 /^(\\w+\\s?)*$/u',
      '11:125 /^(x+x+)+y$/u',
      '12:40 /(a*)*b/',
      '13:22 schemas/code.json at /prefixItems/0/pattern: /(a|a)*/u',
    ]);
    expect(suite!.warnings![0]!.message).toBe(
      `/^(a+)+$/ is known to backtrack catastrophically (nested quantifiers: (a+)+ repeats a group whose body repeats, with nothing required between): on a long answer it can run for minutes, so a run stops it at ${REGEX_TIME_LIMIT_MS} ms and reports the check broken; rewrite it`,
    );

    const out = await promisify(execFile)(process.execPath, [CLI, 'validate'], { cwd: dir });
    expect(out.stdout).toBe('✓ 1 suite, 1 case, 7 assertions: all valid\n');
    expect(out.stderr).toContain(`suites/s.yaml:8:16: warning: /^(a+)+$/ is known to backtrack catastrophically`);
  });
});
