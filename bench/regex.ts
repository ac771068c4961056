/**
 * What the regex time limit costs a check: one evaluation on the worker thread (bounded-regex.ts)
 * against the same pattern run directly, on a typical answer; and the first evaluation, which starts
 * the worker. Medians of 7 rounds, since other jobs share the 2 cores.
 * Run: node bench/regex.ts [evaluations per round]   (default 20000)
 */
import { BoundedRegExp } from '../src/assertions/bounded-regex.ts';

const n = Number(process.argv[2] ?? 20_000);
const answer = 'The customer was charged twice for one subscription; this is a billing issue, routed to billing. '.repeat(5);
const bounded = new BoundedRegExp('refund|billing', 'i');
const direct = /refund|billing/i;

let t = performance.now();
bounded.test(answer);
const firstMs = performance.now() - t;

const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
const perEval = (test: (s: string) => boolean) =>
  median(
    Array.from({ length: 7 }, () => {
      t = performance.now();
      for (let i = 0; i < n; i++) test(answer);
      return ((performance.now() - t) / n) * 1000;
    }),
  );
const viaWorker = perEval((s) => bounded.test(s));
const inline = perEval((s) => direct.test(s));
console.log(`first evaluation (starts the worker): ${firstMs.toFixed(1)} ms`);
console.log(
  `per evaluation: ${viaWorker.toFixed(1)} µs on the worker, ${inline.toFixed(2)} µs directly: ${(viaWorker - inline).toFixed(1)} µs overhead (${answer.length}-character answer)`,
);
