/**
 * Bundles the CLI into dist/cli/ as a few files instead of hundreds of modules, which Node spent most
 * of a small run's start-up resolving (README, "The CLI ships bundled"). The library entry points stay
 * tsc's unbundled output in dist/src/, so they share the SDK and msw a user installs.
 *
 * Run by `npm run build` (prepare, npm ci, npm pack) and the tests' global setup. Plain JavaScript,
 * so it runs on every supported Node (type stripping is on by default only from 22.18).
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/cli');

/**
 * Left to Node's resolution from node_modules: yaml loads only on first need (one copy of yaml
 * serves reader and writer), and the SDK is a peer whose major decides the API version sent, so the
 * CLI must call the app's copy, not one frozen in at pack time.
 */
const EXTERNAL = ['yaml', '@anthropic-ai/sdk', 'amaro'];

await rm(outdir, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir,
  bundle: true,
  // Subcommands stay lazy: `promptgate --version` or `validate` does not load the SDK or msw.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // jsonc-parser's `main` is a UMD build whose inner requires a bundler cannot follow.
  mainFields: ['module', 'main'],
  // CommonJS dependencies (debug, under msw's interceptors) require Node built-ins at run time,
  // which an ES module bundle can only do through a real require.
  banner: { js: "import { createRequire as __promptgateRequire } from 'node:module'; const require = __promptgateRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [sdkByRequire(), ajvInlined(), toughCookieOnFirstUse()],
  metafile: true,
  logLevel: 'warning',
});
await writeFile(path.join(outdir, 'THIRD_PARTY_LICENSES.txt'), notices(metafile));

/**
 * The project's SDK, loaded through its CommonJS build: the same package and version as its ES
 * module build, but Node resolves and links its ~250 files by require in about half the time the
 * ES module loader takes, most of what loading it from the project added to a small run's start-up
 * (bench/all.ts). Only the CLI does this; the library entry points import it as the app does.
 * A missing SDK still fails as the ES module import did, so sdk-peer.ts names the fix.
 */
function sdkByRequire() {
  return {
    name: 'sdk-by-require',
    setup(b) {
      b.onResolve({ filter: /^@anthropic-ai\/sdk$/ }, () => ({ path: 'sdk', namespace: 'sdk-by-require' }));
      b.onLoad({ filter: /.*/, namespace: 'sdk-by-require' }, () => ({
        contents: `import { createRequire } from 'node:module';
let sdk;
try {
  sdk = createRequire(import.meta.url)('@anthropic-ai/sdk');
} catch (e) {
  if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).startsWith("Cannot find module '@anthropic-ai/sdk'")) {
    throw Object.assign(new Error("Cannot find package '@anthropic-ai/sdk' imported from " + import.meta.url, { cause: e }), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  throw e;
}
export default sdk.default;`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * ajv inlined: these files require it through createRequire, which esbuild cannot follow; given to
 * it with a plain require instead, ajv becomes one lazily run part of the bundle in place of ~80
 * modules for Node to resolve and load, still run only when a file's require runs.
 */
function ajvInlined() {
  const own = 'const require = createRequire(import.meta.url);';
  return {
    name: 'ajv-inlined',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/](assertions[\\/]ajv-lib|shipped-validators[\\/][^\\/]+)\.ts$/ }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(own)) throw new Error(`${args.path}: no "${own}" line to inline ajv through`);
        return { contents: source.replace(own, ''), loader: 'ts' };
      });
    },
  };
}

/**
 * tough-cookie (and the public suffix list under it) run on first use instead of at start: msw
 * imports it for the cookie store it builds only outside Node, so a replay never uses it, but its
 * module body built the suffix tables on every run. msw's imports get stand-ins that load the real
 * classes on first `new`, call or property read; an import of anything but a function fails the build.
 */
function toughCookieOnFirstUse() {
  return {
    name: 'tough-cookie-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^tough-cookie$/ }, (args) =>
        args.kind === 'import-statement' ? { path: 'tough-cookie', namespace: 'tough-cookie-on-first-use' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'tough-cookie-on-first-use' }, async () => {
        const real = await import('tough-cookie');
        const names = Object.keys(real).filter((name) => typeof real[name] === 'function');
        return {
          contents: `let real;
const load = () => (real ??= require('tough-cookie'));
const onFirstUse = (name) => new Proxy(function () {}, {
  construct: (_, args) => Reflect.construct(load()[name], args),
  apply: (_, self, args) => Reflect.apply(load()[name], self, args),
  get: (_, key) => Reflect.get(load()[name], key),
  has: (_, key) => Reflect.has(load()[name], key),
});
${names.map((name) => `export const ${name} = onFirstUse(${JSON.stringify(name)});`).join('\n')}`,
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}

/** The licence of every package whose code the bundle carries, as their licences ask. */
function notices(meta) {
  const packages = new Set();
  for (const input of Object.keys(meta.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [];
  for (const name of [...packages].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dir = path.join(root, 'node_modules', name);
    const { version, license } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const files = readdirSync(dir)
      .filter((f) => /^(licen[cs]e|copying|notice)/i.test(f))
      .sort();
    const texts = files.map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
    sections.push(
      `${name}@${version} (${license ?? 'see the package'})\n\n${texts.join('\n\n') || `No licence file in the package; its package.json says: ${license}`}`,
    );
  }
  return `The promptgate CLI bundle (dist/cli/) includes code from these packages.\n\n${sections.join(`\n\n${'-'.repeat(72)}\n\n`)}\n`;
}
