/**
 * Durations as every output prints them: whole ms under a second, tenths of a second under a minute,
 * then minutes and whole seconds. Rounded first, so 999.6 ms is "1.0 s", not "1000 ms".
 */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
