/** What every export reader produces: rows already mapped to assertions, with where they came from. */

/** One assertion entry as it goes into the suite YAML, e.g. `{ contains: 'refund' }`. */
export type AssertionEntry = Record<string, unknown>;

export type VarValue = string | number | boolean;

/** An expectation the importer could not map: kept as a `# TODO` comment, never dropped. */
export interface Todo {
  key: string;
  value: unknown;
  /** Why it could not be mapped, when it is a known key with a wrong value. */
  why?: string;
}

export interface Place {
  line: number;
  col: number;
}

export interface ExportRow extends Place {
  /** 1-based position among the data rows/cases, for messages. */
  index: number;
  name?: string;
  /** Values that may fill prompt variables, by variable name, in column/key order. */
  values: Map<string, VarValue | null>;
  assert: AssertionEntry[];
  todos: Todo[];
}

export interface ParsedExport {
  /** Human description of the detected format, for the header comment and notes. */
  format: string;
  rows: ExportRow[];
  /** Variable names the data offers (columns/keys), in first-seen order. */
  variables: string[];
  /** Columns the Console adds around the data (output, grade...): in `values`, used only if the prompt names them. */
  extras: string[];
  /** Columns or keys that cannot be variables, reported as a note. */
  ignored: string[];
  /** Every column or key as the file has it, in its order: notes list skipped ones in that order. */
  order: string[];
  /** A prompt template the export itself carries. */
  prompt?: string | undefined;
  system?: string | undefined;
  tools?: unknown[] | undefined;
}
