/**
 * Dollars as every output prints them: the console's progress line and cost table, the cost
 * report, the markdown summary, HTML, JUnit, compare, and budget messages. One rule, whatever
 * the amount: rounded to the micro-dollar, trailing zeros dropped past the cents.
 *
 * Why micro-dollars: prices are quoted per million tokens, so $0.000001 is one token at $1/MTok,
 * and a small call (Haiku 4.5, 20 tokens in and 5 out: $0.000045) must not read as $0.00 or
 * $0.0000. Why the same precision for every amount: rows printed at one precision add up to the
 * total printed at it (the tally sums nano-dollars, so they differ by rounding only, under a
 * micro-dollar a row), where "$0.006555" above "$0.0251" cannot, and one amount reads the same
 * in every report. Zeros past the cents go because "$5.000000" says no more than "$5.00".
 */
export function formatUsd(usd: number): string {
  // In whole micro-dollars, so no float digit can show and -0 never prints.
  const micros = Math.round(Math.abs(usd) * 1e6);
  // Past 2^53 a float has no micro-dollars left to show.
  const cents = String(Number.isSafeInteger(micros) ? micros % 1e6 : 0).padStart(6, '0').replace(/0{1,4}$/, '');
  return `${usd < 0 && micros > 0 ? '-' : ''}$${digits(Math.floor(micros / 1e6))}.${cents}`;
}

/** A whole number in digits, never as 1e+21 (a sum of huge counts read from a file can get there). */
export function digits(n: number): string {
  return Number.isSafeInteger(n) || !Number.isFinite(n) ? String(n) : BigInt(n).toString();
}
