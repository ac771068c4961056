import type Anthropic from '@anthropic-ai/sdk';

type MessageBatch = Anthropic.Messages.MessageBatch;

/** One line for a console or CI log, e.g. `batch msgbatch_01… in_progress: 12/40 done (1 errored)`. */
export function batchProgressLine(batch: MessageBatch): string {
  const c = batch.request_counts;
  const done = c.succeeded + c.errored + c.canceled + c.expired;
  const bad = (['errored', 'expired', 'canceled'] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  return `batch ${batch.id} ${batch.processing_status}: ${done}/${done + c.processing} done${bad.length ? ` (${bad.join(', ')})` : ''}`;
}

/** Whether a poll says anything new, so a long batch does not print the same line every interval. */
export function progressChanged(before: MessageBatch | undefined, now: MessageBatch): boolean {
  return !before || before.processing_status !== now.processing_status || JSON.stringify(before.request_counts) !== JSON.stringify(now.request_counts);
}
