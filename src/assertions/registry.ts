/** Every assertion by the name suites use. The suite schema lists the same names (a test keeps them in step). */
import type { AssertionDef } from './types.ts';
import * as javascript from './javascript.ts';
import * as json from './json.ts';
import * as limits from './limits.ts';
import * as regex from './regex.ts';
import * as rubric from './rubric.ts';
import * as text from './text.ts';
import * as tools from './tools.ts';
import * as trajectory from './trajectory.ts';

const isDef = (v: unknown): v is AssertionDef =>
  typeof v === 'object' && v !== null && typeof (v as AssertionDef).name === 'string' && typeof (v as AssertionDef).evaluate === 'function';

const defs: AssertionDef[] = [text, regex, json, tools, trajectory, limits, javascript, rubric].flatMap((m) => Object.values(m).filter(isDef));

export const registry: ReadonlyMap<string, AssertionDef> = new Map(defs.map((d) => [d.name, d]));

/** Keys an assertion entry may carry besides its one assertion name. */
export const MODIFIERS = ['weight', 'target', 'label'] as const;
