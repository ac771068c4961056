/**
 * The estimate stops on the run's interrupt even with a counter that ignores the signal (a library
 * user's own): no count is asked after it, and checkSpendCap ends with no cap for a run that sends nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TokenCounter } from '../../src/runner/cost-estimate.ts';
import { checkSpendCap } from '../../src/runner/spend-cap.ts';
import { loadSuites } from '../../src/suite/load.ts';
import { tempProject } from '../support/project.ts';
import { suiteYaml } from '../live/project.ts';

describe('an interrupted estimate', () => {
  it('asks no count after the signal, and checkSpendCap returns no cap', async () => {
    const suites = await loadSuites([path.join(await tempProject({ 'suites/s.yaml': suiteYaml({ cases: 50 }) }), 'suites')]);
    const interrupt = new AbortController();
    let asked = 0;
    // Deaf to the signal: it answers whatever happens, after the interrupt came.
    const countTokens: TokenCounter = async () => {
      asked++;
      interrupt.abort({ reason: 'interrupted', message: 'interrupted (test)' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 100;
    };
    expect(await checkSpendCap(suites, { maxCostUsd: 1 }, { countTokens }, interrupt.signal)).toBeUndefined();
    // Those started before the first answer (four at a time) are all there are.
    expect(asked).toBeLessThanOrEqual(4);
  });
});
