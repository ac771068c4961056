/**
 * The suite, whose requests the app's own builder makes, as vitest tests through promptgate/vitest,
 * replayed from fixtures/.
 */
import { describeSuite } from 'promptgate/vitest';

describeSuite(new URL('../suites/triage.yaml', import.meta.url), {
  fixtures: new URL('../fixtures', import.meta.url),
  mode: process.env.PROMPTGATE_LIVE === '1' ? 'live' : 'replay',
});
