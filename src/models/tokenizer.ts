/**
 * Characters a token, cautiously, for counting a request offline when count_tokens cannot be
 * reached. Tokenizers differ by model: the one Opus 4.7 introduced (Sonnet 5 and later, Haiku 5.5,
 * Fable and Mythos 5.x) turns the same text into about 30% more tokens, so a spend cap estimated at
 * the older rate would be too low. A model the table does not know gets the most tokens a character
 * any tokenizer gives: the estimate guards a cap, so it errs high.
 */
import { modelFile, modelInfo } from './model-table.ts';

export function charsPerToken(model: string): number {
  const { tokenizers } = modelFile();
  const known = modelInfo(model);
  const own = known ? tokenizers[known.tokenizer]?.charsPerToken : undefined;
  return own ?? Math.min(...Object.values(tokenizers).map((t) => t.charsPerToken));
}
