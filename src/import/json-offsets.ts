/**
 * Where each test case starts in a JSON text that JSON.parse already accepted, so messages can
 * say `file:line:col`. JSON.parse keeps no positions; this lax scan over a valid text does, in
 * one pass. `key` picks the list under that key of a top-level object; without it, the top-level list.
 */
export function elementOffsets(text: string, key?: string): number[] {
  const offsets: number[] = [];
  // One frame per open container: is it a list, do we collect its elements, does an object expect a key next.
  const stack: { list: boolean; collect: boolean; expectKey: boolean }[] = [];
  let lastKey: string | undefined;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a /* : */) {
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      if (top && !top.list) top.expectKey = true;
      i++;
      continue;
    }
    if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      stack.pop();
      i++;
      continue;
    }
    if (top && !top.list && top.expectKey) {
      // An object key: always a string.
      const end = stringEnd(text, i);
      if (stack.length === 1) lastKey = JSON.parse(text.slice(i, end));
      top.expectKey = false;
      i = end;
      continue;
    }
    if (top?.collect) offsets.push(i);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const list = c === 0x5b;
      const collect = list && (key === undefined ? stack.length === 0 : stack.length === 1 && lastKey === key);
      stack.push({ list, collect, expectKey: !list });
      i++;
    } else if (c === 0x22 /* " */) {
      i = stringEnd(text, i);
    } else {
      while (i < n && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  }
  return offsets;
}

/** The offset just past the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let j = start + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}
