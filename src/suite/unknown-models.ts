/**
 * A model id neither the model table nor the price table (built-in, or the user's --prices file)
 * knows would 404 live, after replay passed: refused where the suite names it, with the nearest ids.
 * A model released after the table is admitted by listing its price in a --prices file.
 */
import { modelFile, modelInfo } from '../models/model-table.ts';
import { priceFor } from '../pricing/price-table.ts';
import { hint } from './did-you-mean.ts';
import { InputError } from '../input-error.ts';
import type { YamlPath } from './locate.ts';

export function unknownModels(named: { model: unknown; at: YamlPath }[], day: string): { at: YamlPath; message: string }[] {
  return named.flatMap(({ model, at }) => {
    if (typeof model !== 'string' || modelInfo(model) !== undefined || priceFor(model, day) !== undefined) return [];
    const { models, aliases } = modelFile();
    const known = [...Object.keys(models), ...Object.keys(aliases ?? {})];
    return [
      {
        at,
        message: `unknown model '${model}'${hint(model, known)}: neither the model table nor the price table knows it, so the API would answer 404; a model released since is admitted by giving its price in a --prices file (docs/pricing.md)`,
      },
    ];
  });
}

/** Refuses the first of `ids`, given as `name` (a flag, an option), that no table knows: before anything runs or is written. */
export function refuseUnknownModels(name: string, ids: readonly string[], day: string): void {
  for (const u of unknownModels(
    ids.map((model) => ({ model, at: [] })),
    day,
  ))
    throw new InputError(`${name}: ${u.message}`);
}
