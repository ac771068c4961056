import { formatUsd, USD_SLACK } from '../format/usd.ts';

/**
 * A spend cap during a run. A sample reserves its worst case before it starts, and each attempt is
 * charged against that (sample-spend.ts). Nothing starts whose worst case would take spent plus
 * reserved past the cap, so the cap holds even if every call in flight runs long; the run stops only
 * when the next sample would not fit even with nothing in flight.
 */
export class Budget {
  readonly capUsd: number;
  /** Names the cap in messages: "--max-cost" or "suite x max_cost_usd". */
  readonly label: string;
  spentUsd = 0;
  reservedUsd = 0;
  /** Reservations not yet settled, counted, since sums of floats rarely come back to exactly 0. */
  inFlight = 0;

  constructor(capUsd: number, label: string) {
    this.capUsd = capUsd;
    this.label = label;
  }

  /** Why `worstUsd` more (for `what`) cannot start, or undefined when it fits. */
  refusal(worstUsd: number, what = 'the next sample'): string | undefined {
    // Sums of prices in float must not refuse a run that fits exactly.
    if (this.spentUsd + this.reservedUsd + worstUsd <= this.capUsd + USD_SLACK) return undefined;
    return `budget: ${formatUsd(this.spentUsd)} spent + ${formatUsd(this.reservedUsd)} in flight + ${formatUsd(worstUsd)} for ${what} (worst case) would pass ${this.label} ${formatUsd(this.capUsd)}`;
  }

  private waiters: (() => void)[] = [];

  /** Resolves at the next settle: a refused sample may fit once what is in flight has cost what it cost. */
  nextSettle(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  reserve(worstUsd: number): void {
    this.reservedUsd += worstUsd;
    this.inFlight++;
  }

  /** Part of an open reservation is used: `reservedUsd` of it is gone, at a cost of `actualUsd`. It stays open. */
  charge(reservedUsd: number, actualUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservedUsd);
    this.spentUsd += actualUsd;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Closes a reservation: what is left of it (`worstUsd`) is given back, and `actualUsd` is spent. */
  settle(worstUsd: number, actualUsd: number): void {
    this.inFlight--;
    this.reservedUsd = this.inFlight === 0 ? 0 : Math.max(0, this.reservedUsd - worstUsd);
    this.spentUsd += actualUsd;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
