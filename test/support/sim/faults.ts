import type { Fault, SimRequest, SimulatorOptions } from './types.ts';

/** The kinds a bare rate draws from: the SDK retries all of them without waiting for a timeout. */
export const DEFAULT_FAULT_KINDS: readonly Fault[] = [500, 529, 429, 'reset'];

export type FaultPicker = (requestNumber: number, request: SimRequest, random: () => number) => Fault | undefined;

export function faultPicker(faults: SimulatorOptions['faults']): FaultPicker {
  if (faults === undefined) return () => undefined;
  if (typeof faults === 'function') return (n, request) => faults(n, request);
  const { rate, kinds } = typeof faults === 'number' ? { rate: faults, kinds: DEFAULT_FAULT_KINDS } : faults;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`faults rate must be within 0..1, got ${rate}`);
  if (kinds.length === 0) throw new RangeError('faults kinds must not be empty');
  // Two draws per request whether or not it faults, so one request's fate never shifts the next one's.
  return (_n, _request, random) => {
    const hit = random() < rate;
    const pick = kinds[Math.floor(random() * kinds.length)]!;
    return hit ? pick : undefined;
  };
}
