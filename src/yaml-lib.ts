/**
 * yaml, required on first use rather than imported: plain suites are read by js-yaml
 * (suite/plain-yaml.ts), so a run whose suites are all plain and valid never loads yaml's ~70
 * modules. It is needed on the way to an error, for anchors, aliases and tags, and for YAML price
 * and schema files.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');
