/** Every assertion by the name suites use. The suite schema lists the same names (a test keeps them in step). */
import type { AssertionDef } from './types.ts';
import * as text from './text.ts';

const defs: AssertionDef[] = [...Object.values(text)];

export const registry: ReadonlyMap<string, AssertionDef> = new Map(defs.map((d) => [d.name, d]));

/** Keys an assertion entry may carry besides its one assertion name. */
export const MODIFIERS = ['weight', 'target', 'label'] as const;
