/**
 * A tiny app that calls Claude: it routes support tickets to a queue with a tool call, and drafts
 * a first reply as a stream. Its unit tests mock the API with promptgate/msw; its prompt is
 * checked by suites/router.yaml, run in vitest by promptgate/vitest.
 */
import Anthropic from '@anthropic-ai/sdk';
import { DRAFT_SYSTEM, MAX_TOKENS, MODEL, ROUTE_TOOL, SYSTEM } from './prompt.ts';

export type Queue = 'billing' | 'account' | 'bug' | 'feature_request' | 'other';

export type Route =
  | { queue: Queue; urgency: 'low' | 'normal' | 'high'; confidence: number }
  /** A person decides: the model was unsure, the ticket is too long, or Claude could not be reached. */
  | { queue: 'human'; reason: string }
  /** Not an Acme question: the model's polite refusal is sent back as is. */
  | { queue: 'out_of_scope'; reply: string };

/** Below this the model's routing goes to a person instead. */
export const MIN_CONFIDENCE = 0.7;
/** Longer tickets go to a person: routing them well needs more than a glance. */
export const MAX_TICKET_TOKENS = 2_000;

export async function routeTicket(client: Anthropic, ticket: string): Promise<Route> {
  const request: Anthropic.MessageCreateParamsNonStreaming = {
    model: MODEL,
    max_tokens: MAX_TOKENS,
    system: SYSTEM,
    tools: [ROUTE_TOOL],
    messages: [{ role: 'user', content: ticket }],
  };
  try {
    // Counting costs a request, so only tickets that might be too long are counted.
    if (ticket.length > MAX_TICKET_TOKENS * 2) {
      const { input_tokens } = await client.messages.countTokens({ model: MODEL, system: SYSTEM, tools: [ROUTE_TOOL], messages: request.messages });
      if (input_tokens > MAX_TICKET_TOKENS) return { queue: 'human', reason: `ticket too long to route (${input_tokens} tokens)` };
    }
    const message = await client.messages.create(request);
    const call = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === ROUTE_TOOL.name);
    if (!call) {
      const reply = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      return { queue: 'out_of_scope', reply };
    }
    const input = call.input as { category: Queue; urgency: 'low' | 'normal' | 'high'; confidence: number };
    if (input.confidence < MIN_CONFIDENCE) return { queue: 'human', reason: `unsure (${input.category} at ${input.confidence})` };
    return { queue: input.category, urgency: input.urgency, confidence: input.confidence };
  } catch (error) {
    // After the SDK's own retries (429, 529, 5xx): a ticket is never lost, a person takes it.
    if (error instanceof Anthropic.APIError) return { queue: 'human', reason: `Claude unavailable (${error.status ?? 'no status'})` };
    throw error;
  }
}

/** Streams a first reply to the ticket, calling `onText` as text arrives; resolves to the whole reply. */
export async function draftReply(client: Anthropic, ticket: string, onText: (text: string) => void = () => {}): Promise<string> {
  const stream = client.messages.stream({ model: MODEL, max_tokens: 400, system: DRAFT_SYSTEM, messages: [{ role: 'user', content: ticket }] });
  stream.on('text', onText);
  const message = await stream.finalMessage();
  return message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
}
