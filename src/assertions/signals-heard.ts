/**
 * Replay reads recordings synchronously, so a run may never let the event loop poll, and signals are
 * only heard when it does. Before each check: once TURN_MS have passed since the last poll, the check
 * waits for one. All checks waiting share it and go on in turn while still within TURN_MS of it: a
 * slow check is never followed by another without a poll between, and fast ones do not each queue
 * for a macrotask of their own (one per sample made a large replay's calls twice as costly).
 */
import { setImmediate } from 'node:timers';

const TURN_MS = 50;
let lastTurn = performance.now();
let turn: Promise<void> | undefined;

/**
 * The poll to await when one is due, else undefined: most checks have nothing to wait for, not even
 * a microtask. Ask again after awaiting it, in the same step as the check starts:
 * `for (let t = letSignalsIn(); t; t = letSignalsIn()) await t;`
 */
export function letSignalsIn(): Promise<void> | undefined {
  if (performance.now() - lastTurn < TURN_MS) return undefined;
  return (turn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      lastTurn = performance.now();
      turn = undefined;
      resolve();
    }),
  ));
}
