/**
 * `{{var}}` templating, the Anthropic Console's syntax. An undefined variable is an error that
 * names it, never an empty string: a silently blank prompt would still "pass" in replay.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export type Vars = Record<string, string | number | boolean>;

export interface Rendered {
  text: string;
  missing: string[];
  /** Each placeholder in order: where it starts in the template, its length there and in `text` (the same when missing). */
  placeholders: { name: string; at: number; was: number; now: number }[];
}

export function render(template: string, vars: Vars): Rendered {
  const missing: string[] = [];
  const placeholders: Rendered['placeholders'] = [];
  const text = template.replace(PLACEHOLDER, (whole, name: string, at: number) => {
    const value = Object.hasOwn(vars, name) ? String(vars[name]) : undefined;
    if (value === undefined) missing.push(name);
    placeholders.push({ name, at, was: whole.length, now: (value ?? whole).length });
    return value ?? whole;
  });
  return { text, missing, placeholders };
}

/** The variable names a template uses, in order of first use. */
export function variablesOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Renders every string inside a JSON-like value. `onMissing` gets the path of the string
 * (relative to `value`) and the missing name, so the caller can point at the YAML node.
 */
export function renderDeep<T>(value: T, vars: Vars, onMissing: (path: (string | number)[], name: string) => void, path: (string | number)[] = []): T {
  if (typeof value === 'string') {
    const r = render(value, vars);
    for (const name of r.missing) onMissing(path, name);
    return r.text as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, vars, onMissing, [...path, i])) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars, onMissing, [...path, k])])) as T;
  }
  return value;
}
