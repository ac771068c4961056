// examples/support-desk/src/reply.ts
/**
 * The app's reply drafter: the request it sends to Claude for a customer's question. The gate calls
 * this very function (suites/reply.yaml), so what it tests is what the app sends.
 */
import type { RequestBuilder } from 'promptgate';

export const REPLY_MODEL = 'claude-haiku-4-5';

export const buildReplyRequest: RequestBuilder = ({ vars }) => {
  return {
    model: REPLY_MODEL,
    max_tokens: 300,
    system: `You answer customers of ${vars.company} in at most two friendly sentences. Never promise a refund.`,
    messages: [{ role: 'user', content: String(vars.question) }],
  };
};
