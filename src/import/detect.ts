/**
 * JSON or CSV, from the content first: a Console CSV can open with `{{VAR}}`, and exports get
 * renamed, so the extension only breaks the tie for text that is neither clearly JSON nor CSV.
 */
export type ExportKind = 'json' | 'csv';

export function detectKind(file: string, text: string): ExportKind {
  const head = text.trimStart();
  if (head.startsWith('[') || /^\{\s*["}]/.test(head)) return 'json';
  if (head.startsWith('{{')) return 'csv';
  return /\.jsonl?$/i.test(file) ? 'json' : 'csv';
}
