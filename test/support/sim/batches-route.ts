import type Anthropic from '@anthropic-ai/sdk';
import type { SimContext } from './context.ts';
import { sendError, sendJson, type Exchange } from './respond.ts';
import { refused } from './refuse.ts';

export function handleBatchCreate(ctx: SimContext, ex: Exchange, body: unknown): void {
  if (refused(ctx, ex, body, 'batches')) return;
  const { requests } = body as Anthropic.Messages.BatchCreateParams;
  ctx.state.stats.batchesCreated++;
  sendJson(ex, 200, ctx.state.batches.create(requests));
}

export function handleBatchRetrieve(ctx: SimContext, ex: Exchange, id: string): void {
  const batch = ctx.state.batches.retrieve(id);
  if (!batch) return notFound(ex, id);
  sendJson(ex, 200, batch);
}

/** The first page holds every batch, newest first: enough for the SDK's auto-pagination to stop. */
export function handleBatchList(ctx: SimContext, ex: Exchange): void {
  const data = ctx.state.batches.list();
  sendJson(ex, 200, { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}

export function handleBatchCancel(ctx: SimContext, ex: Exchange, id: string): void {
  const batch = ctx.state.batches.cancel(id);
  if (!batch) return notFound(ex, id);
  sendJson(ex, 200, batch);
}

export async function handleBatchResults(ctx: SimContext, ex: Exchange, id: string): Promise<void> {
  const results = await ctx.state.batches.results(id);
  if ('problem' in results) {
    if (results.problem === 'missing') return notFound(ex, id);
    return sendError(ex, 400, 'invalid_request_error', `Message batch ${id} has not ended; results are not available yet.`);
  }
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.res.writeHead(200, {
    ...ex.headersFor(200),
    'content-type': 'application/x-jsonl',
    'content-length': String(Buffer.byteLength(results.jsonl)),
  });
  ex.res.end(results.jsonl);
}

function notFound(ex: Exchange, id: string): void {
  sendError(ex, 404, 'not_found_error', `Message batch ${id} not found.`);
}
