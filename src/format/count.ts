import { digits } from './usd.ts';

/** Token counts as every report prints them: thousands grouped with commas, whatever the locale. */
export function formatCount(n: number): string {
  return (Number.isInteger(n) ? digits(n) : String(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
