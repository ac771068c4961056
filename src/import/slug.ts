/** Case ids from names: lowercase ASCII words joined by '-', de-duplicated with -2, -3, ... */
const MAX = 64;

export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX) return slug;
  const cut = slug.slice(0, MAX + 1);
  const dash = cut.lastIndexOf('-');
  return (dash > MAX / 2 ? cut.slice(0, dash) : cut.slice(0, MAX)).replace(/-+$/, '');
}

/** Hands out unique ids in call order, so the same rows always get the same ids. */
export class IdAllocator {
  readonly #used = new Set<string>();

  take(base: string): string {
    let id = base;
    for (let n = 2; this.#used.has(id); n++) id = `${base}-${n}`;
    this.#used.add(id);
    return id;
  }
}
