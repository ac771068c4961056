/**
 * The report files `run`, `merge` and `report` can write, one row each: the CLI's options, the
 * flags' type and `writeReports` all come from this table, so a new report is one new row.
 * Renderers load when a report is written, so the CLI can read the table without loading them.
 */
import type { RunResult } from '../src/run-result.ts';

export interface ReportTarget {
  /** The commander flag; its camel-cased name is the table key (a test holds them together). */
  flag: `--${string} <file>`;
  help: string;
  render(result: RunResult, file: string): Promise<string>;
}

/** In the order reports are written (and listed): the saved record first, then what is rendered from it. */
export const REPORT_TARGETS = {
  results: { flag: '--results <file>', help: 'write the RunResult JSON', render: async (result) => (await import('./results-json.ts')).resultsJson(result) },
  junit: { flag: '--junit <file>', help: 'write JUnit XML', render: async (result) => (await import('./junit.ts')).junitXml(result) },
  // Plain junit-10.xsd: the same report without the `file`/`line` extension, for parsers that refuse it.
  junitPlain: {
    flag: '--junit-plain <file>',
    help: 'write JUnit XML without file/line attributes (plain junit-10.xsd)',
    render: async (result) => (await import('./junit.ts')).junitXml(result, { fileLine: false }),
  },
  costReport: {
    flag: '--cost-report <file>',
    help: 'write the cost report (.json or .md)',
    // `.md` writes markdown; anything else (`.json` is expected) writes JSON.
    render: async (result, file) => {
      const { costJson, costMarkdown } = await import('./cost.ts');
      return /\.(md|markdown)$/i.test(file) ? costMarkdown(result) : costJson(result);
    },
  },
  markdown: {
    flag: '--markdown <file>',
    help: 'write the markdown summary',
    render: async (result) => (await import('./markdown.ts')).markdownSummary(result),
  },
  html: { flag: '--html <file>', help: 'write a self-contained HTML report', render: async (result) => (await import('./html.ts')).htmlReport(result) },
} as const satisfies Record<string, ReportTarget>;

export type ReportTargetName = keyof typeof REPORT_TARGETS;

/** Where to write each report; what commander parses the flags into. */
export type ReportTargets = { [name in ReportTargetName]?: string };
