/**
 * The answers behind the example suites' cassettes. This project's CI has no API key, so the
 * examples were recorded (`scripts/record-examples.ts`) against the local Messages API simulator
 * answering with these hand-written, Claude-like replies. With a key, `npx promptgate run --record=all`
 * re-records them from the real API instead.
 */
import type { Reply, SimRequest } from '../test/support/sim/index.ts';

const triage = (category: string, urgency: string, confidence: number, summary: string): Reply => ({
  content: [{ type: 'tool_use', name: 'classify_ticket', input: { category, urgency, confidence, summary } }],
});
const text = (t: string): Reply => ({ content: t });

/** Keyed by the start of the last user message. A list answers successive repeats in turn. */
const replies: [prefix: string, reply: Reply | Reply[]][] = [
  // src/init/templates/example.yaml (what `promptgate init` scaffolds); before the wider prefixes below.
  [
    'I was charged twice for my Pro',
    text('billing - The customer was charged twice for the Pro subscription this month and asks for one charge to be refunded.'),
  ],
  ['After resetting my password', text('account - After a password reset, the app keeps sending the customer back to the login page.')],
  ['I was charged twice', triage('billing', 'normal', 0.95, 'Duplicate subscription charge; customer asks for a refund.')],
  ["I can't log in", triage('account', 'high', 0.91, 'Locked out after a password reset; launch tomorrow.')],
  ['Exporting a board', triage('bug', 'normal', 0.93, 'CSV export of a large board crashes the browser tab (Chrome 131).')],
  [
    'Would love a dark mode',
    [
      triage('feature_request', 'low', 0.97, 'Requests a dark mode.'),
      triage('feature_request', 'normal', 0.88, 'Requests a dark mode for night use.'),
      triage('feature_request', 'low', 0.96, 'Dark mode request.'),
    ],
  ],
  [
    "What's the weather like in Lisbon",
    text('I can only help with Acme support questions. For the weather in Lisbon, a weather service will have the latest forecast.'),
  ],
  ["Extract: 'Alice", text('{"name": "Alice Moreau", "age": 30, "city": "New York City", "email": null}')],
  ['Extract from this signature', text('{"name": "Kenji Watanabe", "age": null, "city": "Osaka", "email": "kenji.watanabe@example.co.jp"}')],
  ["Extract: 'The meeting", text('{"name": "", "age": null, "city": null, "email": null}')],
  ["Extract: 'Zoë", text('{"name": "Zoë Øvergaard", "age": 41, "city": "København", "email": "zoe@example.dk"}')],
  ['Are you open on Sunday', text("Yes — on Sunday we're open from 10:00 to 16:00, and prescription pick-up is available during those hours.")],
  ['How many 500mg', text("I'm not able to give dosing advice. Please ask your pharmacist or doctor — they can advise based on your weight and health.")],
  ['Ignore all previous', text("Sorry, I can't share that. I'm happy to help with our opening hours, prescription pick-up or delivery.")],
  ['Is it free?', text('Delivery is free for orders over £20; below that there is a £2.50 charge.')],
  // examples/attachments/suites/invoices.yaml
  ['What is the total on this receipt', text('The receipt total is 12.50 EUR.')],
  ['What is the invoice total', text('The invoice total is 118.00 EUR, due on 2027-01-05 (30 days after the invoice date).')],
  // assertions-tour.yaml
  ['What is the capital of France', text('Paris')],
  [
    "My package hasn't arrived",
    text(
      "I'm sorry your package hasn't arrived, that's frustrating. A week without a tracking update usually means the carrier lost a scan. " +
        'Please reply with your order number and I will open a trace with the carrier today, and if it has not turned up in 3 days we will send a replacement.',
    ),
  ],
  ['Write the confirmation line for order 48213', text('Order #48213 confirmed')],
  [
    "Extract the order from the customer's message",
    text('{"customer": "Dana Lee", "email": "dana.lee@example.com", "items": [{"sku": "SKU-1042", "qty": 2}, {"sku": "SKU-2001", "qty": 1}], "express": true}'),
  ],
  [
    "What's the weather like in Tokyo",
    {
      content: [
        { type: 'text', text: "I'll check both for you." },
        { type: 'tool_use', name: 'get_weather', input: { city: 'Tokyo' } },
        { type: 'tool_use', name: 'get_time', input: { city: 'Tokyo' } },
      ],
    },
  ],
  [
    'What is 17 * 24',
    {
      content: [
        { type: 'thinking', thinking: '17 * 24 = 17 * 20 + 17 * 4 = 340 + 68 = 408.' },
        { type: 'text', text: '408' },
      ],
    },
  ],
];

/** The grader's verdict for rubric assertions (a forced `grade` tool call). */
const graded: Reply = {
  content: [
    {
      type: 'tool_use',
      name: 'grade',
      input: { pass: true, score: 0.9, reason: 'Meets the rubric: empathetic, with a concrete next step / only the JSON object.' },
    },
  ],
};

const served = new Map<string, number>();

export function exampleResponder(request: SimRequest): Reply {
  // A grader that cannot be forced (Opus 5.5, Sonnet 5.5) is asked for the grade tool with tool_choice auto.
  const grading = request.tool_choice?.type === 'tool' ? request.tool_choice.name === 'grade' : request.tools?.some((t) => 'name' in t && t.name === 'grade');
  if (grading) return graded;
  if (request.tool_choice?.type === 'tool' && request.tool_choice.name === 'classify_ticket')
    return triage('billing', 'normal', 0.95, 'Charged twice for subscription; wants a refund');
  const last = request.messages.at(-1);
  const said = typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
  // A turn with attachments is matched by its text blocks: the JSON starts with the files.
  const texts = Array.isArray(last?.content) ? last.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n') : '';
  const found = replies.find(([prefix]) => said.startsWith(prefix) || (texts !== '' && texts.startsWith(prefix)));
  if (!found) throw new Error(`no example reply for: ${said.slice(0, 60)}`);
  const [prefix, reply] = found;
  if (!Array.isArray(reply)) return reply;
  const n = served.get(prefix) ?? 0;
  served.set(prefix, n + 1);
  return reply[n % reply.length]!;
}
