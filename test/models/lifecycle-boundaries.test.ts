/** A model's end of life by day: deprecated through its retirement day, retired the day after (schema/models.json). */
import { expect, it } from 'vitest';
import { endOfLife } from '../../src/models/lifecycle.ts';

// claude-sonnet-4-5: deprecated, retires 2026-11-30; claude-opus-4-0: retired; claude-opus-5-5: active
it.each<[string, string, string | undefined]>([
  ['claude-sonnet-4-5', '2026-11-29', 'deprecated'],
  ['claude-sonnet-4-5', '2026-11-30', 'deprecated'],
  ['claude-sonnet-4-5', '2026-12-01', 'retired'],
  ['claude-opus-4-0', '2026-01-01', 'retired'],
  ['claude-opus-5-5', '2099-01-01', undefined],
  ['claude-unknown-9', '2026-11-30', undefined],
])('%s on %s → %s', (model, day, status) => {
  expect(endOfLife(model, day)?.status).toBe(status);
});
