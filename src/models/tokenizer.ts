/**
 * Characters a token, cautiously, for counting a request offline when count_tokens cannot be
 * reached. Tokenizers differ by model (the one Opus 4.7 introduced yields markedly more tokens), so
 * one rate would set caps too low; an unknown model gets the densest rate, as the estimate guards a cap.
 */
import { modelFile, modelInfo } from './model-table.ts';

export function charsPerToken(model: string): number {
  const { tokenizers } = modelFile();
  const known = modelInfo(model);
  const own = known ? tokenizers[known.tokenizer]?.charsPerToken : undefined;
  return own ?? Math.min(...Object.values(tokenizers).map((t) => t.charsPerToken));
}
