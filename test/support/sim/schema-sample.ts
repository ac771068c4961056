/**
 * A deterministic value that fits a JSON Schema, for default tool inputs: `const`, then `default`,
 * then the first `enum`/`examples` entry, then a value built from `type`. `$ref` is not followed,
 * and depth is capped so a self-similar schema cannot recurse without end.
 */
export function sampleFromSchema(schema: unknown, name = 'value', depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if ('default' in s) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length) return sampleFromSchema(options[0], name, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object':
      return sampleObject(s, depth);
    case 'array': {
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: Math.min(count, 16) }, () => sampleFromSchema(s.items, name, depth + 1));
    }
    case 'string':
      return sampleString(s, name);
    case 'integer':
      return typeof s.minimum === 'number' ? Math.ceil(s.minimum) : typeof s.maximum === 'number' ? Math.floor(s.maximum) : 1;
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : typeof s.maximum === 'number' ? s.maximum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? sampleObject(s, depth) : null;
  }
}

function sampleObject(s: Record<string, unknown>, depth: number): Record<string, unknown> {
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, sampleFromSchema(sub, key, depth + 1)]));
}

function sampleString(s: Record<string, unknown>, name: string): string {
  switch (s.format) {
    case 'date-time':
      return '2025-01-01T00:00:00Z';
    case 'date':
      return '2025-01-01';
    case 'email':
      return 'user@example.com';
    case 'uri':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  let text = `sample ${name}`;
  if (typeof s.minLength === 'number' && text.length < s.minLength) text = text.padEnd(s.minLength, 'x');
  if (typeof s.maxLength === 'number') text = text.slice(0, s.maxLength);
  return text;
}
