/**
 * yaml, required on first use rather than imported: plain suites are read by js-yaml
 * (suite/plain-yaml.ts), so a run of plain, valid suites never loads yaml's modules. It is needed
 * for errors, anchors, aliases and tags, and YAML price and schema files.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const yaml = (): typeof import('yaml') => require('yaml') as typeof import('yaml');
