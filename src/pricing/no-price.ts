/**
 * What to say about models with no known price: the flag (or variable) that fixes it and where its
 * format is documented. A path into promptgate's sources is no help to someone who installed it.
 */
export function noPriceKnown(models: readonly string[]): string {
  const its = models.length === 1 ? 'its' : 'their';
  return `no price known for ${models.join(', ')}: pass --prices FILE with ${its} rates (or set PROMPTGATE_PRICES=FILE; see docs/pricing.md)`;
}
