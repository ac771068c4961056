// Custom checks for suites/assertions-tour.yaml. Each is called with the answer's text
// and a context { output, case, suiteDir }; it returns a boolean, a score 0..1, or { pass, score?, reason? }.

/** No shouting: fails when more than one word of four letters or more is in capitals. */
export function noShouting(text) {
  const shouted = text.match(/\b[A-Z]{4,}\b/g) ?? [];
  return { pass: shouted.length <= 1, reason: shouted.length <= 1 ? 'no shouting' : `shouted words: ${shouted.join(', ')}` };
}

/** A score: 1 when the reply stays within the 80 words the system prompt asks for, less the further over it goes. */
export default function wordBudget(text) {
  const words = text.split(/\s+/).filter(Boolean).length;
  return words <= 80 ? 1 : Math.max(0, 1 - (words - 80) / 80);
}
