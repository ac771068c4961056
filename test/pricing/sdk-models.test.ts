/**
 * Every model the installed SDK names is either priced or listed as unpriced with a reason, so the
 * next SDK bump fails here instead of pricing a new model's calls as "no price known" in a user's
 * budget. The union is a TypeScript type, so it is read from the SDK's declaration file's text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { priceFor, unpricedReason } from '../../src/pricing/price-table.ts';

/** The string literals of `export type Model = 'a' | 'b' | ... | (string & {});` in the installed SDK. */
function sdkModelIds(): string[] {
  const js = createRequire(import.meta.url).resolve('@anthropic-ai/sdk/resources/messages/messages');
  const dts = readFileSync(js.replace(/\.js$/, '.d.ts'), 'utf8');
  const union = /export type Model =([^;]*);/.exec(dts)?.[1];
  if (union === undefined)
    throw new Error(`no \`export type Model = ...;\` in ${js.replace(/\.js$/, '.d.ts')}: the SDK moved its model list, so find it and read it here`);
  return [...union.matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
}

describe("the installed SDK's models", () => {
  const ids = sdkModelIds();

  it('are read from the declaration file', () => {
    // A parse that found nothing would pass the test below vacuously.
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(ids).toContain('claude-haiku-4-5');
  });

  it('are each priced or on the commented unpriced list in schema/prices.json', () => {
    const neither = ids.filter((id) => priceFor(id, '2026-11-30') === undefined && unpricedReason(id) === undefined);
    expect(neither, 'add these to schema/prices.json: under models with their rates, or under unpriced with the reason').toEqual([]);
  });

  it('are never both priced and listed as unpriced', () => {
    expect(ids.filter((id) => priceFor(id, '2026-11-30') !== undefined && unpricedReason(id) !== undefined)).toEqual([]);
  });
});
