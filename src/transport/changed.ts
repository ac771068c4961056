/**
 * `--changed`: pay only for what changed. A call whose recording still matches replays for free;
 * a stale or missing one goes on to `inner` (live, or record). It keeps which cases went which way,
 * for the run to report.
 */
import { callLabel } from '../cassette/cassette.ts';
import type { ReplayTransport } from './replay.ts';
import type { Call, CallResponse, Transport } from './types.ts';

export class ChangedTransport implements Transport {
  readonly mode: Transport['mode'];
  private readonly replay: ReplayTransport;
  private readonly inner: Transport;
  private readonly sent = new Set<string>();
  private readonly served = new Set<string>();

  constructor(replay: ReplayTransport, inner: Transport) {
    this.replay = replay;
    this.inner = inner;
    this.mode = inner.mode;
  }

  /** Whether `call` would replay: its recording is there and matches it. */
  async replays(call: Call): Promise<boolean> {
    const found = await this.replay.lookup(call).catch(() => undefined);
    return Boolean(found?.fresh && found.cassette);
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    const found = await this.replay.lookup(call);
    const { continuation: _step, ...rest } = call;
    const id = callLabel({ ...rest, repeat: 1, role: 'case', index: 0 });
    if (found.fresh && found.cassette) {
      this.served.add(id);
      return this.replay.serve(call, found.file, found.cassette, signal);
    }
    this.sent.add(id);
    const answer = await this.inner.send(call, signal);
    // The stale recording's answer, for old-against-new in the reports (record sets it itself; live writes nothing).
    const previous = found.cassette?.response.message;
    return answer.previous || !previous ? answer : { ...answer, previous };
  }

  /** Cases (`suite/id [model]`) with a call sent to the API, and those answered only from recordings. */
  split(): { called: string[]; replayed: string[] } {
    return { called: [...this.sent].sort(), replayed: [...this.served].filter((id) => !this.sent.has(id)).sort() };
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
