import { describe, expect, it } from 'vitest';
import { MODIFIERS, registry } from '../../src/assertions/registry.ts';
import { readShippedSchema } from '../../src/shipped-schema.ts';

describe('registry and suite schema', () => {
  it('name the same assertions (plus not: and the modifiers)', () => {
    const suiteSchema = readShippedSchema('suite.schema.json');
    const props = Object.keys((suiteSchema as { $defs: { assertion: { properties: object } } }).$defs.assertion.properties);
    const inSchema = props.filter((p) => !(MODIFIERS as readonly string[]).includes(p) && p !== 'not').sort();
    expect([...registry.keys()].sort()).toEqual(inSchema);
    expect(props).toContain('not');
    for (const m of MODIFIERS) expect(props).toContain(m);
  });

  it('every definition is registered under its own name', () => {
    for (const [name, def] of registry) expect(def.name).toBe(name);
  });
});
