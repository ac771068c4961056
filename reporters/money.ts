/** How dollars and token counts read in reports: the same in every file, whatever the locale. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return 'no price known';
  const sign = usd < 0 ? '-' : '';
  const n = Math.abs(usd);
  // Small calls cost fractions of a cent: keep enough digits that they don't read as $0.
  const digits = n === 0 || n >= 1 ? 2 : n >= 0.01 ? 4 : 6;
  return `${sign}$${n.toFixed(digits)}`;
}

export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
