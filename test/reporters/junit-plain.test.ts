/** --junit-plain: the JUnit report as plain junit-10.xsd, for parsers that refuse the file/line extension. */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../reporters/junit.ts';
import { REPORT_TARGETS } from '../../reporters/targets.ts';
import { realisticRun } from './fixtures.ts';

const extended = readFileSync(new URL('./junit-10-with-file-line.xsd', import.meta.url), 'utf8');
/** junit-10.xsd itself: the test schema without its two extension attributes on <testcase>. */
const plainXsd = extended.replace(
  /\s*<!-- the extension: where the case is defined -->\s*<xs:attribute name="file"[^>]*\/>\s*<xs:attribute name="line"[^>]*\/>/,
  '',
);

async function validPlain(xml: string) {
  return validateXML({ xml: { fileName: 'junit.xml', contents: xml }, schema: { fileName: 'junit-10.xsd', contents: plainXsd } });
}

describe('--junit-plain', () => {
  it('validates against plain junit-10.xsd, which the default report (with file/line) does not', async () => {
    expect(plainXsd).not.toBe(extended);
    const plain = await REPORT_TARGETS.junitPlain.render(realisticRun());
    const result = await validPlain(plain);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect((await validPlain(junitXml(realisticRun()))).valid).toBe(false);
  });

  it('is the default report without the testcases’ file and line, and nothing else changed', async () => {
    const plain = await REPORT_TARGETS.junitPlain.render(realisticRun());
    expect(plain).not.toMatch(/<testcase [^>]*\b(?:file|line)=/);
    expect(plain).toContain('<property name="file" value="suites/support-triage.yaml"/>');
    expect(junitXml(realisticRun()).replace(/(<testcase [^>]*?) file="[^"]*" line="\d+"/g, '$1')).toBe(plain);
  });
});
