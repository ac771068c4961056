/**
 * The router's prompt. suites/router.yaml holds the same model, system prompt and tool, and a
 * unit test checks the two agree, so the suite's recordings test exactly what the app sends.
 */
import type Anthropic from '@anthropic-ai/sdk';

export const MODEL = 'claude-haiku-4-5';
export const MAX_TOKENS = 512;

export const SYSTEM = `You route support tickets for Acme, a project-management SaaS.
For every ticket about Acme, call route_ticket exactly once.
For anything else, do not call a tool; reply: "I can only help with Acme support questions."
`;

export const ROUTE_TOOL: Anthropic.Tool = {
  name: 'route_ticket',
  description: 'Send a support ticket to the team that handles it.',
  input_schema: {
    type: 'object',
    required: ['category', 'urgency', 'confidence'],
    properties: {
      category: { type: 'string', enum: ['billing', 'account', 'bug', 'feature_request', 'other'] },
      urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
    },
  },
};

export const DRAFT_SYSTEM = 'You draft short, friendly first replies to Acme support tickets. Never promise refunds.';
