/**
 * Claude-like answers for this example, served by promptgate's local Messages API simulator: the
 * project's CI has no API key. Used by record.ts and by the packed-install test.
 */
import { readFileSync } from 'node:fs';
import type { Reply, SimRequest } from '../../../test/support/sim/index.ts';

const tickets = readFileSync(new URL('../data/tickets.csv', import.meta.url), 'utf8');

/** The team of the ticket whose message the request carries, as the triage prompt asks. */
function team(said: string): string | undefined {
  return tickets
    .split('\n')
    .find((row) => row.includes(said.trim()))
    ?.split(',')
    .at(-1);
}

export function supportDeskResponder(request: SimRequest): Reply {
  const last = request.messages.at(-1)?.content;
  const blocks = typeof last === 'string' ? [{ type: 'text', text: last }] : (last ?? []);
  const said = blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(' ');
  const system = typeof request.system === 'string' ? request.system : (request.system ?? []).map((b) => b.text).join('');
  if (system.startsWith('You triage')) return team(said) ?? 'other';
  if (blocks.some((b) => b.type === 'document')) return '{"total": 118.00, "currency": "EUR", "due": "2027-01-05"}';
  if (blocks.some((b) => b.type === 'image')) return '{"total": 12.50, "currency": "EUR", "due": null}';
  if (said.includes('refund')) return 'You can ask for a refund within 30 days of your purchase. Reply to this email and we will look into it.';
  if (said.includes('export')) return 'Sorry about that: large boards can crash the export for now. Export the board in sections while our team fixes it.';
  throw new Error(`no reply scripted for: ${said.slice(0, 60)}`);
}
