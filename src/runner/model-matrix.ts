/**
 * One case, several models: the copies of a case a run makes, one per model it runs under
 * (`--model`, else the case's `models:`). The one place that decides which model a copy sends and
 * where its recordings live.
 *
 * Recordings are per model. A copy under the case's own model keeps the plain cassette names, so
 * adding a model to a matrix renames nothing; any other model records to `<case>@<model>…json`.
 * A model with no recordings is then *missing*, not *stale* (which would say the prompt changed).
 */
import type { Case } from '../suite/types.ts';

export function modelCopies(c: Case, override?: readonly string[], graderModel?: string): Case[] {
  // Graders keep their models unless told otherwise: a migration judges both models by one judge.
  const judged = graderModel ? { ...c, grader: { ...c.grader, model: graderModel, forced: true } } : c;
  const models = override?.length ? override : c.models;
  if (!models?.length) return [judged];
  return [...new Set(models)].map((model) => ({ ...judged, request: { ...c.request, model }, matrix: { model, apart: model !== c.request.model } }));
}
