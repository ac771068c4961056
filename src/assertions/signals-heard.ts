/**
 * A replay reads its recordings synchronously, so a run can go from sample to sample without the
 * event loop polling, and SIGINT and SIGTERM are only heard when it polls. Awaited before each
 * check: once TURN_MS have passed, samples wait for a macrotask, and each turn lets one of them on,
 * so a slow check (a pattern at its time limit) is never followed by another without a poll between.
 */
import { setImmediate } from 'node:timers';

const TURN_MS = 50;
let lastTurn = performance.now();
let turn: Promise<void> | undefined;
let claimed = false;

export async function letSignalsIn(): Promise<void> {
  if (performance.now() - lastTurn < TURN_MS) return;
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
