/**
 * Which entry of a model table an id names: the exact id or an alias, else the same for a dated
 * snapshot (`-20251001`, or Vertex's `@20251001`). Nothing else: no prefix or fuzzy matching, so an
 * unknown model stays unknown instead of borrowing a neighbour's price or rules. The price table and
 * the model table both look ids up here, so a snapshot is the same model to both.
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
