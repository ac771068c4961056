/**
 * ajv and ajv-formats, required on the first schema rather than imported: a run whose suites hold no
 * schema need not load them. compileSchema stays synchronous for the vitest matchers, so require,
 * not import(). The CLI bundle inlines both here, still run only on that first call (scripts/bundle-cli.js).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ajvLib = () => ({
  Ajv2020: (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).Ajv2020,
  addFormats: require('ajv-formats') as typeof import('ajv-formats').default,
});
