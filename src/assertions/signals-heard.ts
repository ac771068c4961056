/**
 * Replay reads recordings synchronously, so a run may never let the event loop poll, and signals are
 * only heard when it does. Awaited before each check: after TURN_MS, samples yield a macrotask, so a
 * slow check is never followed by another without a poll between.
 */
import { setImmediate } from 'node:timers';

const TURN_MS = 50;
let lastTurn = performance.now();
let turn: Promise<void> | undefined;
let claimed = false;

/** The macrotask to await when one is due, else undefined: most checks have nothing to wait for, not even a microtask. */
export function letSignalsIn(): Promise<void> | undefined {
  return performance.now() - lastTurn < TURN_MS ? undefined : aTurn();
}

async function aTurn(): Promise<void> {
  for (;;) {
    turn ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        lastTurn = performance.now();
        turn = undefined;
        claimed = false;
        resolve();
      }),
    );
    await turn;
    if (!claimed) {
      claimed = true;
      return;
    }
  }
}
