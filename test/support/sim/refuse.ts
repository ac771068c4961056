import type { SimContext } from './context.ts';
import { sendError, type Exchange } from './respond.ts';
import { simulatorVerdict, type Endpoint } from './validate.ts';

/** Answers the API's 400 or 404 when the version, body or model rules refuse the request (validate.ts). */
export function refused(ctx: SimContext, ex: Exchange, body: unknown, endpoint: Endpoint): boolean {
  const day = new Date(ctx.config.now()).toISOString().slice(0, 10);
  const verdict = simulatorVerdict(ex.req.headers, body, { endpoint, day });
  if (verdict.status === 200) return false;
  sendError(ex, verdict.status, verdict.type, verdict.message);
  return true;
}
