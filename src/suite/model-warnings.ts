/**
 * Models at their end of life, said where the suite names them: a warning, not an error, since a
 * retired model still replays and only a live run against it fails.
 */
import { endOfLife, endOfLifeMessage } from '../models/lifecycle.ts';
import type { YamlPath } from './locate.ts';

export function modelWarnings(named: { model: unknown; at: YamlPath }[], day: string): { at: YamlPath; message: string }[] {
  return named.flatMap(({ model, at }) => {
    const eol = typeof model === 'string' ? endOfLife(model, day) : undefined;
    return eol ? [{ at, message: endOfLifeMessage(eol) }] : [];
  });
}
