// examples/request-builder/src/triage.ts
import type Anthropic from '@anthropic-ai/sdk';
import type { RequestBuilder } from 'promptgate';

/** The app's JSON Schema for a classification: the tool's input schema, and what the suite checks. */
export const Classification: Anthropic.Tool.InputSchema = {
  type: 'object',
  required: ['category', 'urgency'],
  properties: {
    category: { type: 'string', enum: ['billing', 'account', 'bug', 'other'] },
    urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
  },
  additionalProperties: false,
};

/** What the app sends for a ticket. */
export function buildTriageRequest(ticket: string, customer: string): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: 'claude-haiku-4-5',
    max_tokens: 512,
    system: 'You triage support tickets for Acme. Classify every ticket with classify_ticket.',
    tools: [{ name: 'classify_ticket', description: 'Record a ticket’s category and urgency.', input_schema: Classification }],
    tool_choice: { type: 'tool', name: 'classify_ticket' },
    messages: [{ role: 'user', content: `Ticket from ${customer}:\n${ticket}` }],
  };
}

/** promptgate calls this once per case: the case's vars in, the app's own request out. */
export const triageRequest: RequestBuilder = async ({ vars }) => buildTriageRequest(String(vars.ticket), String(vars.customer));
