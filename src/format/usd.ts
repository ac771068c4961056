/**
 * The slack every comparison of dollars allows, a nano-dollar: sums of prices in floating point land
 * a hair past an exact cap or limit ($0.000159 summed over two steps is 0.00015900000000000002).
 */
export const USD_SLACK = 1e-9;

/**
 * Dollars as every output prints them: the console's progress line and cost table, the cost
 * report, the markdown summary, HTML, JUnit, compare, and budget messages. One rule, whatever
 * the amount: rounded to the micro-dollar, trailing zeros dropped past the cents.
 *
 * Micro-dollars because prices are per million tokens: a small call must not read as $0.00. One
 * precision for every amount so printed rows add up to the printed total and an amount reads the
 * same in every report.
 */
export function formatUsd(usd: number): string {
  // In whole micro-dollars, so no float digit can show and -0 never prints.
  const micros = Math.round(Math.abs(usd) * 1e6);
  // Past 2^53 a float has no micro-dollars left to show.
  const cents = String(Number.isSafeInteger(micros) ? micros % 1e6 : 0)
    .padStart(6, '0')
    .replace(/0{1,4}$/, '');
  return `${usd < 0 && micros > 0 ? '-' : ''}$${digits(Math.floor(micros / 1e6))}.${cents}`;
}

/** A whole number in digits, never as 1e+21 (a sum of huge counts read from a file can get there). */
export function digits(n: number): string {
  return Number.isSafeInteger(n) || !Number.isFinite(n) ? String(n) : BigInt(n).toString();
}
