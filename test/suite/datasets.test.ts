import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/input-error.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { runCli } from '../support/cli.ts';
import { tempProject } from '../support/project.ts';
import { problemsOf } from '../support/problems.ts';

const CORPUS = 'test/suite/dataset-corpus';
const at = (file: string) => path.join(CORPUS, file);

/** Each bad dataset (or dataset entry) and exactly what promptgate says about it. */
const corpus: [suite: string, messages: string[]][] = [
  ['duplicate-key.yaml', [`${at('duplicate-key.csv')}:5:1: error: duplicate case id 'T-2' (the row at ${at('duplicate-key.csv')}:3 has it too)`]],
  ['empty-key.yaml', [`${at('empty-key.csv')}:3:3: error: the key column 'ticket_id' is empty in this row; every row needs one (it is the case id)`]],
  [
    'ragged.yaml',
    [
      `${at('ragged.csv')}:3:1: error: row has 3 fields but the header has 2; check for a missing or extra comma, or an unquoted comma in a cell`,
      // The quoted newline in row T-3 spans lines 4-5: the short row after it is on line 6.
      `${at('ragged.csv')}:6:1: error: row has 1 fields but the header has 2; check for a missing or extra comma, or an unquoted comma in a cell`,
    ],
  ],
  [
    'missing-column.yaml',
    [
      `${at('missing-column.yaml')}:7:20: error: undefined variable '{{expectd}}' in cases[0].assert[0].equals: no column 'expectd' in tickets.csv (did you mean 'expected'?); tickets.csv has 'ticket_id', 'message', 'expected'`,
    ],
  ],
  [
    'undefined-var.yaml',
    [
      `${at('undefined-var.yaml')}:5:29: error: undefined variable '{{customer}}' in cases[0].prompt: no column 'customer' in tickets.csv; tickets.csv has 'ticket_id', 'message', 'expected'`,
    ],
  ],
  [
    'not-in-subset.yaml',
    [
      `${at('not-in-subset.yaml')}:7:20: error: undefined variable '{{expected}}' in cases[0].assert[0].equals: 'expected' is a column of tickets.csv but not one of dataset.vars`,
    ],
  ],
  [
    'bad-jsonl.yaml',
    [
      `${at('bad-jsonl.jsonl')}:3:24: error: JSONL: value expected; each line is one JSON object`,
      `${at('bad-jsonl.jsonl')}:4:1: error: JSONL: each line is one JSON object (a row), not a list`,
    ],
  ],
  ['jsonl-row-lacks-key.yaml', [`${at('uneven.jsonl')}:2:1: error: this row has no 'expected', which cases[0].assert[0].equals uses`]],
  [
    'bad-id.yaml',
    [
      `${at('bad-id.csv')}:3:1: error: ticket_id "T 2/x" cannot be a case id: it may use only letters, digits, '.', '_' and '-', starting with a letter or digit (it names a fixtures file)`,
    ],
  ],
  ['missing-file.yaml', [`${at('missing-file.yaml')}:4:22: error: nowhere.csv: cannot read: no such file (a link to a missing file?)`]],
  [
    'key-column-typo.yaml',
    [
      `${at('key-column-typo.yaml')}:4:39: error: dataset.id: no column 'ticketid' in tickets.csv (did you mean 'ticket_id'?); tickets.csv has 'ticket_id', 'message', 'expected'`,
    ],
  ],
  [
    'vars-subset.yaml',
    [
      `${at('vars-subset.yaml')}:4:57: error: dataset.vars: no column 'mesage' in tickets.csv (did you mean 'message'?); tickets.csv has 'ticket_id', 'message', 'expected'`,
    ],
  ],
  ['clash-with-case.yaml', [`${at('tickets.csv')}:3:1: error: duplicate case id 'T-2' (the case at ${at('clash-with-case.yaml')}:4:9 has it too)`]],
  [
    'two-datasets-one-id.yaml',
    [
      `${at('tickets.csv')}:2:1: error: duplicate case id 'T-1' for cases[1] (the row at ${at('tickets.csv')}:2 for cases[0] has it too)`,
      `${at('tickets.csv')}:3:1: error: duplicate case id 'T-2' for cases[1] (the row at ${at('tickets.csv')}:3 for cases[0] has it too)`,
    ],
  ],
  [
    'id-and-dataset.yaml',
    [`${at('id-and-dataset.yaml')}:4:5: error: a dataset entry takes its case ids from the file (dataset.id names the key column); remove id: here`],
  ],
  ['wrong-extension.yaml', [`${at('wrong-extension.yaml')}:4:22: error: cases[0].dataset.file "tickets.xlsx" must name a .csv, .tsv, .jsonl or .ndjson file`]],
  [
    'duplicate-column.yaml',
    [
      `${at('duplicate-column.csv')}:1:19: error: column 3 has no name in the header row`,
      `${at('duplicate-column.csv')}:1:20: error: duplicate column 'message' (columns 2 and 4)`,
    ],
  ],
  ['empty-jsonl.yaml', [`${at('empty.jsonl')}:1:1: error: the dataset is empty; expected one JSON object per line`]],
  ['key-not-scalar.yaml', [`${at('key-not-scalar.jsonl')}:2:18: error: the key 'id' must be a string or a number, not an object`]],
  // A dataset entry the schema refuses is not read: only the schema's one message.
  ['file-not-string.yaml', [`${at('file-not-string.yaml')}:4:22: error: cases[0].dataset.file must be a string, not an integer (42)`]],
  ['dataset-is-a-directory.yaml', [`${at('dataset-is-a-directory.yaml')}:4:22: error: folder.csv: this is a directory, not a dataset file`]],
  ['bad-repeat.yaml', [`${at('bad-repeat.csv')}:4:7: error: times "0" is not a repeat count (a whole number, 1 or more)`]],
  ['header-only.yaml', [`${at('header-only.csv')}:1:1: error: the dataset has a header row but no rows under it`]],
];

describe('bad datasets', () => {
  it.each(corpus)('%s: every problem, at the row or at the template', async (suite, messages) => {
    expect(await problemsOf([at(suite)])).toEqual(messages);
  });

  it('validate: exit 2, each problem once, no stack', async () => {
    const { code, stdout, stderr } = await runCli(['validate', at('missing-column.yaml'), at('duplicate-key.yaml')], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { NO_COLOR: '1' },
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    // Two rows, one template: the missing column is said once, not once a row.
    expect(stderr.trimEnd().split('\n')).toEqual([corpus[0]![1][0], corpus[3]![1][0]]);
  });
});

describe('reading a dataset', () => {
  it('a BOM, CRLF line ends and a quoted newline: the cell keeps its newline, vars and expected values reach the case', async () => {
    const dir = await tempProject({
      'suites/t.yaml':
        'name: t\nmodel: claude-haiku-4-5\ncases:\n  - id: by-hand\n    prompt: hi\n  - dataset: { file: data/tickets.csv, id: ticket_id, tags: labels, skip: hold }\n    tags: [triage]\n    prompt: "Classify: {{message}}"\n    assert:\n      - equals: "{{expected}}"\n',
      'suites/data/tickets.csv':
        '\uFEFFticket_id,message,expected,labels,hold\r\nT-1,"my card\r\nwas charged twice",billing,"urgent, money",\r\nT-2,password reset,account,,waiting on a fix\r\n',
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => [c.id, c.request.messages[0]!.content, c.assert[0]?.args, c.tags, c.skip])).toEqual([
      ['by-hand', 'hi', undefined, [], undefined],
      ['T-1', 'Classify: my card\nwas charged twice', 'billing', ['triage', 'urgent', 'money'], undefined],
      ['T-2', 'Classify: password reset', 'account', ['triage'], 'waiting on a fix'],
    ]);
    expect(suite!.cases[1]!.vars).toEqual({ ticket_id: 'T-1', message: 'my card\nwas charged twice', expected: 'billing', labels: 'urgent, money', hold: '' });
  });

  it("a repeat column sets each row's repeat; an empty cell keeps the entry's", async () => {
    const dir = await tempProject({
      'suites/t.yaml':
        'name: t\nmodel: claude-haiku-4-5\ncases:\n  - dataset: { file: t.csv, id: ticket_id, repeat: times }\n    repeat: 3\n    prompt: "Classify: {{message}}"\n',
      'suites/t.csv': 'ticket_id,message,times\nT-1,a,2\nT-2,b,\n',
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => [c.id, c.repeat])).toEqual([
      ['T-1', 2],
      ['T-2', 3],
    ]);
  });

  it('JSONL: numbers stay numbers, a nested value reaches the prompt as JSON', async () => {
    const dir = await tempProject({
      'suites/t.yaml': 'name: t\nmodel: claude-haiku-4-5\ncases:\n  - dataset: { file: rows.jsonl, id: n }\n    prompt: "Order {{n}}: {{items}}"\n',
      'suites/rows.jsonl': '{"n": 7, "items": ["a", "b"]}\r\n\r\n{"n": 8, "items": {"x": 1}}\r\n',
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => [c.id, c.request.messages[0]!.content])).toEqual([
      ['7', 'Order 7: ["a","b"]'],
      ['8', 'Order 8: {"x":1}'],
    ]);
  });

  it('JSONL: a list of tags is its items, an object in skip is its JSON text (not [object Object])', async () => {
    const dir = await tempProject({
      'suites/t.yaml':
        'name: t\nmodel: claude-haiku-4-5\ncases:\n  - dataset: { file: rows.jsonl, id: n, tags: labels, skip: hold }\n    prompt: "Order {{n}}"\n',
      'suites/rows.jsonl': '{"n": 7, "labels": ["a", "b"], "hold": {"why": "flaky"}}\n{"n": 8, "labels": "c d", "hold": null}\n',
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => [c.id, c.tags, c.skip])).toEqual([
      ['7', ['a', 'b'], '{"why":"flaky"}'],
      ['8', ['c', 'd'], undefined],
    ]);
  });

  it('without a key column, ids are row numbers and the suite is warned that they shift', async () => {
    const dir = await tempProject({
      'suites/t.yaml': 'name: t\nmodel: claude-haiku-4-5\ncases:\n  - dataset: { file: tickets.csv }\n    prompt: "Classify: {{message}}"\n',
      'suites/tickets.csv': 'message\na\nb\n',
    });
    const [suite] = await loadSuites([path.join(dir, 'suites')]);
    expect(suite!.cases.map((c) => c.id)).toEqual(['tickets-1', 'tickets-2']);
    expect(suite!.warnings?.map(formatDiagnostic)).toEqual([
      `${path.join(dir, 'suites/t.yaml')}:4:14: error: tickets.csv: no key column (dataset.id), so each case id is its row number (tickets-1, ...); adding, removing or reordering rows moves ids onto other rows, whose recordings then replay as stale. Name a column that identifies each row with id:`,
    ]);
  });
});

describe('the docs', () => {
  it("docs/suite-format.md's dataset entry and CSV are the example's own (examples/datasets), which loads", async () => {
    const doc = await readFile('docs/suite-format.md', 'utf8');
    const section = doc.slice(doc.indexOf('## Datasets'), doc.indexOf('## Assertions'));
    const [entry, rows] = [...section.matchAll(/^```(?:yaml|csv)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    expect(await readFile('examples/datasets/suites/triage.yaml', 'utf8')).toContain(entry);
    expect(await readFile('examples/datasets/suites/tickets.csv', 'utf8')).toContain(rows);
    const [suite] = await loadSuites(['examples/datasets/suites']);
    expect(suite!.cases.map((c) => c.id)).toEqual(['empty-ticket', 'T-1001', 'T-1002', 'T-1003', 'T-1004']);
  });
});
