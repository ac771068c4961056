import type Anthropic from '@anthropic-ai/sdk';
import { buildMessage } from './message.ts';
import type { BatchOutcome, Responder } from './types.ts';

/** The request_counts field an outcome counts under: the odd line shapes count as errored. */
const COUNTED_AS: Record<BatchOutcome, 'succeeded' | 'errored' | 'expired' | 'canceled'> = {
  succeeded: 'succeeded',
  errored: 'errored',
  expired: 'expired',
  canceled: 'canceled',
  'errored-bare': 'errored',
  'unknown-type': 'errored',
  truncated: 'errored',
  'not-json': 'errored',
  'no-custom-id': 'errored',
};

type Params = Anthropic.MessageCreateParamsNonStreaming;

interface Entry {
  custom_id: string;
  params: Params;
  outcome: BatchOutcome;
}

interface BatchRecord {
  id: string;
  createdAt: number;
  /** When processing ends: creation + batchDelayMs, or the cancel time. */
  endsAt: number;
  cancelAt: number | null;
  entries: Entry[];
  /** The JSONL, built once so repeated (or concurrent) downloads match. */
  jsonl: Promise<string> | null;
}

export interface BatchStoreOptions {
  now: () => number;
  delayMs: number;
  resultsBase: string;
  outcome: (customId: string, params: Params) => BatchOutcome;
  responder: Responder;
  nextId: (prefix: 'msgbatch' | 'msg' | 'toolu') => string;
}

export interface BatchStore {
  create(requests: Anthropic.Messages.BatchCreateParams.Request[]): Anthropic.Messages.MessageBatch;
  retrieve(id: string): Anthropic.Messages.MessageBatch | undefined;
  list(): Anthropic.Messages.MessageBatch[];
  cancel(id: string): Anthropic.Messages.MessageBatch | undefined;
  results(id: string): Promise<{ jsonl: string } | { problem: 'missing' | 'not-ended' }>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Batches live in memory. Status is computed when asked (no timers), from the clock: in_progress
 * until `endsAt`, then ended. A cancel before the end ends the batch at once with every entry canceled.
 */
export function createBatchStore(o: BatchStoreOptions): BatchStore {
  const batches = new Map<string, BatchRecord>();

  const view = (b: BatchRecord, now: number, canceling = false): Anthropic.Messages.MessageBatch => {
    const ended = !canceling && now >= b.endsAt;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    for (const e of b.entries) counts[ended ? COUNTED_AS[e.outcome] : 'processing']++;
    return {
      id: b.id,
      type: 'message_batch',
      processing_status: canceling ? 'canceling' : ended ? 'ended' : 'in_progress',
      request_counts: counts,
      created_at: iso(b.createdAt),
      expires_at: iso(b.createdAt + DAY_MS),
      ended_at: ended ? iso(b.endsAt) : null,
      cancel_initiated_at: b.cancelAt === null ? null : iso(b.cancelAt),
      archived_at: null,
      results_url: ended ? `${o.resultsBase}/v1/messages/batches/${b.id}/results` : null,
    };
  };

  const succeeded = async (e: Entry): Promise<Anthropic.Messages.MessageBatchIndividualResponse> => {
    const reply = await o.responder(e.params);
    const ids = { message: o.nextId('msg'), toolUse: () => o.nextId('toolu') };
    return { custom_id: e.custom_id, result: { type: 'succeeded', message: buildMessage(e.params, reply, ids, 'batch') } };
  };

  /** The line as sent, without its newline. */
  const line = async (e: Entry): Promise<string> => {
    switch (e.outcome) {
      case 'errored-bare':
        return JSON.stringify({
          custom_id: e.custom_id,
          result: { type: 'errored', error: { type: 'invalid_request_error', message: `Simulated bare error for ${e.custom_id}.` } },
        });
      case 'unknown-type':
        return JSON.stringify({ custom_id: e.custom_id, result: { type: 'deferred' } });
      case 'truncated': {
        const whole = JSON.stringify(await succeeded(e));
        return whole.slice(0, Math.ceil(whole.length / 2));
      }
      case 'not-json':
        return '<html>502 Bad Gateway</html>';
      case 'no-custom-id': {
        const { result } = await succeeded(e);
        return JSON.stringify({ result });
      }
      default:
        return JSON.stringify(await apiLine(e));
    }
  };

  const apiLine = async (e: Entry): Promise<Anthropic.Messages.MessageBatchIndividualResponse> => {
    switch (e.outcome) {
      case 'succeeded':
        return succeeded(e);
      case 'errored':
        return {
          custom_id: e.custom_id,
          result: {
            type: 'errored',
            error: {
              type: 'error',
              error: { type: 'invalid_request_error', message: `Simulated error for ${e.custom_id}.` },
              request_id: null,
            },
          },
        };
      case 'expired':
        return { custom_id: e.custom_id, result: { type: 'expired' } };
      default:
        return { custom_id: e.custom_id, result: { type: 'canceled' } };
    }
  };

  return {
    create(requests) {
      const now = o.now();
      const record: BatchRecord = {
        id: o.nextId('msgbatch'),
        createdAt: now,
        endsAt: now + o.delayMs,
        cancelAt: null,
        entries: requests.map((r) => ({ custom_id: r.custom_id, params: r.params, outcome: o.outcome(r.custom_id, r.params) })),
        jsonl: null,
      };
      batches.set(record.id, record);
      // Creation reports in_progress, as the API does, even with no delay.
      return view(record, now - 1);
    },
    retrieve(id) {
      const b = batches.get(id);
      return b && view(b, o.now());
    },
    list() {
      const now = o.now();
      return [...batches.values()].reverse().map((b) => view(b, now));
    },
    cancel(id) {
      const b = batches.get(id);
      if (!b) return undefined;
      const now = o.now();
      if (now >= b.endsAt) return view(b, now);
      b.cancelAt = now;
      b.endsAt = now;
      for (const e of b.entries) e.outcome = 'canceled';
      return view(b, now, true);
    },
    async results(id) {
      const b = batches.get(id);
      if (!b) return { problem: 'missing' };
      if (o.now() < b.endsAt) return { problem: 'not-ended' };
      b.jsonl ??= Promise.all(b.entries.map(async (e) => (await line(e)) + '\n')).then((l) => l.join(''));
      return { jsonl: await b.jsonl };
    },
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
