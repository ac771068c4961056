/**
 * Copied into a fresh project per vitest major by scripts/check-vitest-majors.ts, next to the
 * example router suite and its recordings: describeSuite must register and pass one test per case.
 */
import { describeSuite } from 'promptgate/vitest';

describeSuite('suites/router.yaml', { fixtures: 'fixtures' });
