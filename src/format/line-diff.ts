/**
 * A unified-style line diff (`-` old, `+` new, ` ` both) of two short texts: model answers, which are
 * small enough for a plain LCS table. No dependency: none of the installed ones diffs text.
 */
export function lineDiff(before: string[], after: string[]): string[] {
  const n = before.length;
  const m = after.length;
  // common[i][j]: the longest common run of before[i..] and after[j..].
  const common = Array.from({ length: n + 1 }, () => Array.from({ length: m + 1 }, () => 0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) common[i]![j] = before[i] === after[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  // Where either order is as short, old lines go before new ones, as `diff -u` writes them.
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push(` ${before[i++]}`);
      j++;
    } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!)) out.push(`-${before[i++]}`);
    else out.push(`+${after[j++]}`);
  }
  return out;
}
