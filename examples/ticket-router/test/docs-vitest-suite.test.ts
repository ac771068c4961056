// examples/ticket-router/test/docs-vitest-suite.test.ts
import { describeSuite } from 'promptgate/vitest';

describeSuite(new URL('../suites/router.yaml', import.meta.url), {
  fixtures: new URL('../fixtures', import.meta.url),
});
