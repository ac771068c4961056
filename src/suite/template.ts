/**
 * `{{var}}` templating, the Anthropic Console's syntax. An undefined variable is an error that
 * names it, never an empty string: a silently blank prompt would still "pass" in replay. Any other
 * `{{...}}` form (`{{ x | upper }}`, `{{#each}}`, `{{a.b}}`) is an error too, never sent as written;
 * `\{{` is a literal `{{`.
 */
const TEMPLATE = /\\\{\{|\{\{([^\n]*?)\}\}/g;
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

export type Vars = Record<string, string | number | boolean>;

export interface Rendered {
  text: string;
  missing: string[];
  /** `{{...}}` forms that are not `{{var}}`: where each starts in the template. Left as written in `text`. */
  unknown: { form: string; at: number }[];
  /** Each placeholder in order: where it starts in the template, its length there and in `text` (the same when missing). */
  placeholders: { name: string; at: number; was: number; now: number }[];
  /** Every place the text changed length (placeholders and `\{{` escapes), in order, to map `text` back to the template. */
  fills: { at: number; was: number; now: number }[];
}

export function render(template: string, vars: Vars): Rendered {
  const missing: string[] = [];
  const unknown: Rendered['unknown'] = [];
  const placeholders: Rendered['placeholders'] = [];
  const fills: Rendered['fills'] = [];
  const text = template.replace(TEMPLATE, (whole, inner: string | undefined, at: number) => {
    if (inner === undefined) {
      fills.push({ at, was: whole.length, now: 2 });
      return '{{';
    }
    const name = NAME.exec(inner)?.[1];
    if (name === undefined) {
      unknown.push({ form: whole, at });
      return whole;
    }
    const value = Object.hasOwn(vars, name) ? String(vars[name]) : undefined;
    if (value === undefined) missing.push(name);
    const fill = { at, was: whole.length, now: (value ?? whole).length };
    placeholders.push({ name, ...fill });
    fills.push(fill);
    return value ?? whole;
  });
  return { text, missing, unknown, placeholders, fills };
}

/** The variable a template is nothing but (`{{n}}`, spaces inside allowed), if it is one placeholder alone. */
export function lonePlaceholder(template: string): string | undefined {
  const m = /^\{\{([^\n]*?)\}\}$/.exec(template);
  return m ? NAME.exec(m[1]!)?.[1] : undefined;
}

/** The variable names a template uses, in order of first use. */
export function variablesOf(template: string): string[] {
  return [...new Set(render(template, {}).missing)];
}

/** Says what is wrong with an unknown `{{...}}` form and how to write what was meant. */
export function unknownFormMessage(form: string, where: string): string {
  return `unknown template form '${form}' in ${where}: only {{name}} is filled (no filters, blocks or dotted paths); write \\{{ for a literal {{`;
}

/**
 * Renders every string inside a JSON-like value. `onMissing` gets the path of the string
 * (relative to `value`) and the missing name, so the caller can point at the YAML node; `onUnknown`
 * the path and an unknown `{{...}}` form.
 */
export function renderDeep<T>(
  value: T,
  vars: Vars,
  onMissing: (path: (string | number)[], name: string) => void,
  onUnknown: (path: (string | number)[], form: string) => void = () => {},
  path: (string | number)[] = [],
): T {
  if (typeof value === 'string') {
    // Every form TEMPLATE reads has a '{{' in it: text without one is itself, and most text is.
    if (!value.includes('{{')) return value;
    const r = render(value, vars);
    for (const name of r.missing) onMissing(path, name);
    for (const u of r.unknown) onUnknown(path, u.form);
    return r.text as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, vars, onMissing, onUnknown, [...path, i])) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, vars, onMissing, onUnknown, [...path, k])])) as T;
  }
  return value;
}
