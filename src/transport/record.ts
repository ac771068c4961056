/** Record: answer from the live API and write the cassette; `new` keeps recordings that still match. */
import { CASSETTE_VERSION, callLabel, writeCassette } from '../cassette/cassette.ts';
import type { ReplayTransport } from './replay.ts';
import type { Call, CallResponse, Transport } from './types.ts';

export class RecordTransport implements Transport {
  readonly mode = 'record' as const;
  private readonly replay: ReplayTransport;
  private readonly live: Transport;
  private readonly which: 'new' | 'all';

  constructor(replay: ReplayTransport, live: Transport, which: 'new' | 'all') {
    this.replay = replay;
    this.live = live;
    this.which = which;
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    const found = await this.replay.lookup(call);
    if (found.fresh && found.cassette && this.which === 'new') return this.replay.serve(call, found.file, found.cassette, signal);
    const answer = await this.live.send(call, signal);
    await writeCassette(found.file, {
      promptgate_cassette: CASSETTE_VERSION,
      key: found.key,
      call: callLabel(call),
      recorded_at: new Date().toISOString(),
      request: found.request,
      response: { message: answer.message, ...(answer.events ? { events: answer.events } : {}) },
      latency_ms: answer.latencyMs,
      ...(answer.requestId ? { request_id: answer.requestId } : {}),
    });
    return { ...answer, cassette: found.file };
  }
}
