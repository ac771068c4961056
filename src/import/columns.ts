/**
 * What a CSV header or JSON key means: a prompt variable, the case name, an ideal answer, an
 * `__expected` assertion, or a column the Console adds that is not test data (number, output, grade).
 */
export type ColumnRole =
  | { role: 'variable'; name: string; explicit: boolean }
  | { role: 'name' }
  | { role: 'ideal' }
  | { role: 'expected' }
  | { role: 'ignored'; why: string }
  | { role: 'invalid'; why: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAMES = new Set(['name', 'id', 'test_case', 'test_case_name', 'case', 'case_name', 'title', '__description']);
const IDEAL = new Set([
  'ideal',
  'ideal_output',
  'ideal_answer',
  'ideal_response',
  'expected',
  'expected_output',
  'expected_answer',
  'expected_response',
  'golden',
  'golden_answer',
  'reference',
  'reference_answer',
  'correct_answer',
]);
/** Columns the Console or a spreadsheet adds around the data: a row number, model outputs, grades. */
const EXTRA =
  /^(#|no\.?|num|number|row|index|test_case_(#|no\.?|num|number)|(model_)?(output|outputs|response|responses|result|results|completion)|grade|grades|score|scores|rating|feedback|notes?|comments?|status|pass(ed)?|latency|tokens|cost|(prompt_)?version)(_.*)?$/;

export function columnRole(header: string): ColumnRole {
  const raw = header.trim();
  const wrapped = /^\{\{\s*(.*?)\s*\}\}$/.exec(raw);
  if (wrapped) {
    return IDENTIFIER.test(wrapped[1]!)
      ? { role: 'variable', name: wrapped[1]!, explicit: true }
      : { role: 'invalid', why: `'${raw}' is not a usable variable name (letters, digits and _, not starting with a digit)` };
  }
  if (/^__expected\d*$/.test(raw)) return { role: 'expected' };
  const key = raw.toLowerCase().replace(/[\s-]+/g, '_');
  if (NAMES.has(key)) return { role: 'name' };
  if (IDEAL.has(key)) return { role: 'ideal' };
  if (raw.startsWith('__')) return { role: 'ignored', why: 'a promptfoo column promptgate does not use' };
  if (EXTRA.test(key)) return { role: 'ignored', why: 'not test data' };
  if (raw === '') return { role: 'ignored', why: 'no header' };
  if (!IDENTIFIER.test(raw)) return { role: 'ignored', why: 'not a usable variable name' };
  return { role: 'variable', name: raw, explicit: false };
}
