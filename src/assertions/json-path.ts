/** Dotted paths into parsed JSON (`items[0].name`, `$.a["b.c"]`, `list[-1]`), and where a walk stopped. */

export type PathSegment = string | number;

const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Parses a path; throws with what is wrong and where, so `validate` can say it before any call. */
export function parsePath(path: string): PathSegment[] {
  const segs: PathSegment[] = [];
  let i = path.startsWith('$') ? 1 : 0;
  let first = i === 0;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) throw new Error(`path ${JSON.stringify(path)} has an unclosed '[' at character ${i + 1}`);
      const inner = path.slice(i + 1, close).trim();
      if (/^-?\d+$/.test(inner)) segs.push(Number(inner));
      else if (/^(".*"|'.*')$/.test(inner)) segs.push(inner.slice(1, -1));
      else throw new Error(`path ${JSON.stringify(path)} has [${inner}] at character ${i + 1}; use a number like [0] or a quoted key like ["a.b"]`);
      i = close + 1;
    } else {
      if (c === '.') i++;
      else if (!first) throw new Error(`path ${JSON.stringify(path)} needs '.' or '[' at character ${i + 1}`);
      const m = /^[^.[\]]+/.exec(path.slice(i));
      if (!m) throw new Error(`path ${JSON.stringify(path)} has an empty key at character ${i + 1}`);
      segs.push(m[0]);
      i += m[0].length;
    }
    first = false;
  }
  return segs;
}

export function formatPath(segs: PathSegment[]): string {
  return '$' + segs.map((s) => (typeof s === 'number' ? `[${s}]` : IDENT.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');
}

export type Resolved = { found: true; value: unknown } | { found: false; why: string };

/** Walks the path; when it cannot go on, says where and why ("$.items has 2 items"). */
export function resolvePath(root: unknown, segs: PathSegment[]): Resolved {
  let node = root;
  for (const [i, seg] of segs.entries()) {
    const here = formatPath(segs.slice(0, i));
    if (Array.isArray(node)) {
      const index = typeof seg === 'number' ? seg : /^\d+$/.test(seg) ? Number(seg) : undefined;
      if (index === undefined) return { found: false, why: `${here} is a list, not an object with key ${JSON.stringify(seg)}` };
      const at = index < 0 ? node.length + index : index;
      if (at < 0 || at >= node.length) return { found: false, why: `${here} has ${node.length} item${node.length === 1 ? '' : 's'}` };
      node = node[at];
    } else if (node !== null && typeof node === 'object') {
      const key = String(seg);
      if (!Object.hasOwn(node, key)) {
        const keys = Object.keys(node);
        return {
          found: false,
          why: `${here} has no key ${JSON.stringify(key)} (${keys.length ? `keys: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ', …' : ''}` : 'it is empty'})`,
        };
      }
      node = (node as Record<string, unknown>)[key];
    } else {
      return { found: false, why: `${here} is ${kindOf(node)}, not a list or object` };
    }
  }
  return { found: true, value: node };
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
