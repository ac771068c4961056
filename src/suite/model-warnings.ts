/**
 * Models at their end of life, said where the suite names them. A warning, not an error: a
 * deprecated model still answers, and a retired one still replays from its recordings; only a live
 * run against a retired model fails, and that is the fix this points at.
 */
import { endOfLife, endOfLifeMessage } from '../models/lifecycle.ts';
import type { YamlPath } from './locate.ts';

export function modelWarnings(named: { model: unknown; at: YamlPath }[], day: string): { at: YamlPath; message: string }[] {
  return named.flatMap(({ model, at }) => {
    const eol = typeof model === 'string' ? endOfLife(model, day) : undefined;
    return eol ? [{ at, message: endOfLifeMessage(eol) }] : [];
  });
}
