/**
 * Patterns known to backtrack catastrophically, said by `validate` before a run stops them at the time
 * limit (bounded-regex.ts): nested repetition with nothing required between (`(a+)+`, `(\w+\s?)*`), and
 * repeated alternations whose branches start alike (`(a|ab)*`). A heuristic: it only warns, and stays
 * quiet on ordinary patterns with a separator (`^(\w+\.)+\w+$`).
 */

interface Quant {
  min: number;
  max: number;
}

interface Item {
  /** The item's own text, without its quantifier. */
  text: string;
  quant?: Quant;
  /** A group's branches; undefined for a single character, class or escape. */
  branches?: Item[][];
  /** Zero-width: ^, $, \b, \B, lookarounds. */
  assertion?: boolean;
}

/** Why `source` is known to be catastrophic, or undefined. Never throws: an unparsable pattern is another check's error. */
export function catastrophicWhy(source: string, flags = ''): string | undefined {
  let tree: Item[][];
  try {
    tree = parse(source);
  } catch {
    return undefined;
  }
  return findIn(tree, flags);
}

function findIn(branches: Item[][], flags: string): string | undefined {
  for (const branch of branches) {
    for (const item of branch) {
      if (!item.branches) continue;
      if (item.quant && item.quant.max > 1 && !item.assertion) {
        if (item.branches.some((b) => b.some(repeatsInside) && !b.some((s) => splits(s, b, flags))))
          return `nested quantifiers: ${item.text}${quantText(item.quant)} repeats a group whose body repeats, with nothing required between`;
        const overlap = overlappingBranches(item.branches, flags);
        if (overlap) return `a repeated alternation whose branches overlap: ${item.text}${quantText(item.quant)} (${overlap})`;
      }
      const inner = findIn(item.branches, flags);
      if (inner) return inner;
    }
  }
  return undefined;
}

const repeats = (i: Item) => !i.assertion && i.quant !== undefined && i.quant.max > 1 && i.quant.min !== i.quant.max;
const repeatsInside = (i: Item): boolean => repeats(i) || (!i.assertion && (i.branches?.some((b) => b.some(repeatsInside)) ?? false));

/** Something every repetition must match once, which splits them: a required character or class, or a group of such. */
function isSeparator(i: Item): boolean {
  if (i.assertion || (i.quant && (i.quant.min === 0 || i.quant.min !== i.quant.max))) return false;
  return i.branches ? i.branches.every((b) => b.some(isSeparator)) : true;
}

/** A separator that none of its branch's repeated items can match as well (`.` after `[a-z]+` splits nothing). */
function splits(s: Item, branch: Item[], flags: string): boolean {
  return isSeparator(s) && !branch.some((r) => r !== s && repeatsInside(r) && sameCharacter(r.text, s.text, flags));
}

function overlappingBranches(branches: Item[][], flags: string): string | undefined {
  for (let a = 0; a < branches.length; a++) {
    for (let b = a + 1; b < branches.length; b++) {
      const [x, y] = [branches[a]!, branches[b]!];
      const text = (br: Item[]) => br.map((i) => i.text + quantText(i.quant)).join('');
      if (text(x) === text(y)) return `${text(x)} twice`;
      if (x.length !== 1 && y.length !== 1) continue;
      if (x[0] && y[0] && !x[0].branches && !y[0].branches && !x[0].assertion && !y[0].assertion && sameCharacter(x[0].text, y[0].text, flags))
        return `${text(x)} and ${text(y)} can start alike`;
    }
  }
  return undefined;
}

const SAMPLE = [...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)), '\t', '\n', '\u00a0', 'é', 'ß', '中', '😀'];

function sameCharacter(a: string, b: string, flags: string): boolean {
  const f = flags.replace(/[gyd]/g, '');
  try {
    const [ra, rb] = [new RegExp(`^(?:${a})`, f), new RegExp(`^(?:${b})`, f)];
    return SAMPLE.some((c) => ra.test(c) && rb.test(c));
  } catch {
    return false;
  }
}

function quantText(q: Quant | undefined): string {
  if (!q) return '';
  if (q.min === 0 && q.max === Infinity) return '*';
  if (q.min === 1 && q.max === Infinity) return '+';
  if (q.min === 0 && q.max === 1) return '?';
  return `{${q.min},${q.max === Infinity ? '' : q.max}}`;
}

/** Branches of the whole pattern, each a list of items with their quantifiers. */
function parse(source: string): Item[][] {
  let i = 0;
  const group = (depth: number): Item[][] => {
    const branches: Item[][] = [[]];
    while (i < source.length) {
      const c = source[i]!;
      const branch = branches.at(-1)!;
      if (c === ')') {
        if (depth === 0) throw new Error('unbalanced');
        i++;
        return branches;
      }
      if (c === '|') {
        branches.push([]);
        i++;
        continue;
      }
      const start = i;
      let item: Item;
      if (c === '(') {
        i++;
        let assertion = false;
        if (source.startsWith('?:', i)) i += 2;
        else if (/^\?<?[=!]/.test(source.slice(i, i + 3))) {
          assertion = true;
          i += source[i + 1] === '<' ? 3 : 2;
        } else if (source.startsWith('?<', i)) i = source.indexOf('>', i) + 1;
        const inner = group(depth + 1);
        item = { text: source.slice(start, i), branches: inner, ...(assertion ? { assertion } : {}) };
      } else if (c === '[') {
        i++;
        while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        i++;
        item = { text: source.slice(start, i) };
      } else if (c === '\\') {
        i += escapeLength(source, i);
        const text = source.slice(start, i);
        item = { text, ...(text === '\\b' || text === '\\B' ? { assertion: true } : {}) };
      } else {
        i++;
        item = { text: c, ...(c === '^' || c === '$' ? { assertion: true } : {}) };
      }
      const quant = readQuant();
      branch.push(quant ? { ...item, quant } : item);
    }
    if (depth > 0) throw new Error('unbalanced');
    return branches;
  };
  const readQuant = (): Quant | undefined => {
    const c = source[i];
    let q: Quant | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    if (q) i++;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity };
    }
    if (q && source[i] === '?') i++; // lazy: backtracks the same
    return q;
  };
  return group(0);
}

function escapeLength(s: string, at: number): number {
  const next = s[at + 1];
  if (next === undefined) return 1;
  if ((next === 'p' || next === 'P' || next === 'u') && s[at + 2] === '{') return s.indexOf('}', at) - at + 1;
  if (next === 'k' && s[at + 2] === '<') return s.indexOf('>', at) - at + 1;
  if (next === 'u') return 6;
  if (next === 'x') return 4;
  if (next === 'c') return 3;
  return 2;
}
