/** A rate as a percentage to a tenth (66.7%): rounded to whole ones, 2/3 against a 0.67 bar read "67%, min 67%". */
export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
