/**
 * Which entry of a model table an id names: the exact id or an alias, else the same for a dated
 * snapshot (`-20251001`, Vertex's `@20251001`). No prefix or fuzzy matching, so an unknown model never
 * borrows a neighbour's price or rules; both tables look ids up here.
 */
export function resolveModelId(model: string, has: (id: string) => boolean, aliases: ReadonlyMap<string, string>): string | undefined {
  const undated = /^(.+?)[-@]\d{8}$/.exec(model)?.[1];
  for (const id of undated === undefined ? [model] : [model, undated]) {
    if (has(id)) return id;
    const target = aliases.get(id);
    if (target !== undefined && has(target)) return target;
  }
  return undefined;
}
