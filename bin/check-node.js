// The one Node floor check, in plain JavaScript so that an old Node can run it: the bin imports it
// first, `npm test` and .ci/run run it, and all of them read the floor from package.json's engines.
import { readFileSync } from 'node:fs';

const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
const [floorMajor, floorMinor] = /(\d+)\.(\d+)/.exec(engines).slice(1).map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < floorMajor || (major === floorMajor && minor < floorMinor)) {
  process.stderr.write(`promptgate: Node ${process.versions.node} is too old; promptgate needs Node >= ${floorMajor}.${floorMinor}.\n`);
  process.exit(2);
}
