/**
 * The app's own code that a suite names (`{ module: ../src/triage.ts, export: buildTriageRequest }`,
 * a custom check's `checks/x.js#name`): imported as Node would import it, TypeScript included, with
 * one sentence for each way it can fail (no file, a syntax error at its line, no such export).
 */
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { hint } from './did-you-mean.ts';

/** How a suite names one export of a module; `export` defaults to the module's default export. */
export interface ModuleRef {
  module: string;
  export?: string;
}

/** A `{ module, export? }` mapping and nothing else: an inline JSON Schema never has only these keys. */
export function isModuleRef(value: unknown): value is ModuleRef {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.module === 'string' && (v.export === undefined || typeof v.export === 'string') && Object.keys(v).every((k) => k === 'module' || k === 'export')
  );
}

/** `../src/triage.ts#buildTriageRequest`, as messages name an export. */
export function refName(ref: ModuleRef): string {
  return `${ref.module}#${ref.export ?? 'default'}`;
}

/** What an export must be: a function to call, a value such as a JSON Schema object, or either (tool handlers: one function or one by tool name). */
export type ExportKind = 'function' | 'object' | 'function or object';

export interface LoadedExport {
  value: unknown;
  /** The module's URL, to find the user's line in a stack (`lineIn`). */
  url: string;
}

/**
 * How long an app's module may take to load, or its request builder to answer. A promise nothing
 * will ever settle (a top-level await on one, a builder returning one) would otherwise end the
 * process with Node's exit 13 and no word of which module; a pending timer keeps the run alive to say.
 */
export const APP_CODE_TIMEOUT_MS = 60_000;

/** What withinTime throws: its message is the whole sentence, said as it is. */
export class NotSettled extends Error {}

/** `work`, or a NotSettled saying `what` (`module x.ts did not load`) within `ms`. */
export async function withinTime<T>(work: Promise<T>, what: string, ms = APP_CODE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotSettled(`${what} within ${ms / 1000} s: it may await a promise that never settles`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Imports `ref.module` (relative to `suiteDir`) and returns its export; throws an Error whose message is one sentence for the suite author. */
export async function loadExport(ref: ModuleRef, suiteDir: string, kind: ExportKind): Promise<LoadedExport> {
  const rel = ref.module;
  const exportName = ref.export ?? 'default';
  const file = path.resolve(suiteDir, rel);
  const url = pathToFileURL(file).href;
  try {
    await access(file);
  } catch {
    throw new Error(`module ${rel} not found (looked for ${file})`);
  }
  let mod: Record<string, unknown>;
  try {
    if (TYPESCRIPT.test(file)) await canImportTypeScript();
    mod = await withinTime(import(url) as Promise<Record<string, unknown>>, `module ${rel} did not load`);
  } catch (e) {
    if (e instanceof NotSettled) throw e;
    const place = syntaxPlace(e, rel) ?? (await checkedSyntax(file, rel));
    const why = place ?? `${(e as Error).name}: ${(e as Error).message.split('\n')[0]}${lineIn(e, url, rel)}`;
    throw new Error(`module ${rel} does not load: ${why}${moduleKindHint(why, file)}`);
  }
  const value = mod[exportName];
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isKind = (v: unknown) =>
    kind === 'function' ? typeof v === 'function' : kind === 'object' ? typeof v === 'boolean' || isObject(v) : typeof v === 'function' || isObject(v);
  if (!isKind(value)) {
    const names = Object.keys(mod)
      .filter((k) => isKind(mod[k]))
      .sort();
    const plural = kind === 'function' ? 'functions' : kind === 'object' ? 'objects' : 'functions and objects';
    const why =
      value === undefined
        ? `has no export '${exportName}'`
        : `exports '${exportName}' as ${Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value}, not ${kind === 'function' ? 'a function' : kind === 'object' ? 'an object' : 'a function or an object'}`;
    throw new Error(`${rel} ${why}${hint(exportName, names)}; its ${plural}: ${names.join(', ') || 'none'}`);
  }
  return { value, url };
}

/** ` (checks/x.js:12:5)` from the first stack frame in the user's module, so an error points into their code. */
export function lineIn(e: unknown, url: string, rel: string): string {
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  // Node names the module by URL; loaders such as vitest's by plain path.
  for (const name of [url, fileURLToPath(url)]) {
    const at = stack.indexOf(name + ':');
    const m = at < 0 ? null : /^:(\d+)(?::(\d+))?/.exec(stack.slice(at + name.length));
    if (m) return ` (${rel}:${m[1]}${m[2] ? `:${m[2]}` : ''})`;
  }
  return '';
}

const TYPESCRIPT = /\.[cm]?ts$/i;

/**
 * `export` or `import` refused in a .ts or .js file: Node read it as CommonJS, as it does a file
 * under a package.json saying `"type": "commonjs"` (what `npm init -y` writes) or no type at all.
 */
function moduleKindHint(why: string, file: string): string {
  if (!/\.(ts|js)$/i.test(file) || !/Unexpected token 'export'|Cannot use import statement outside a module/.test(why)) return '';
  return `; Node reads this file as CommonJS: name it .${/ts$/i.test(file) ? 'mts' : 'mjs'}, or say "type": "module" in the package.json nearest to it`;
}

/**
 * A syntax error placed the way Node prints it (`file:LINE`, the source line, a caret, then
 * `SyntaxError: ...`), as Node's type stripper, the hook below and `node --check` write it.
 */
function placed(text: string, rel: string): string | undefined {
  // Node's type stripper shows a line of context either side: the caret's line is the one to find.
  const m = /^.*:(\d+)\n(?:.*\n){1,3}?( *)\^+ *\n[\s\S]*?^(SyntaxError)(?: \[\w+\])?(: .*)$/m.exec(text);
  return m ? `${m[3]}${m[4]} (${rel}:${m[1]}:${m[2]!.length + 1})` : undefined;
}

function syntaxPlace(e: unknown, rel: string): string | undefined {
  return e instanceof Error && e.name === 'SyntaxError' ? placed(e.stack ?? '', rel) : undefined;
}

/**
 * Node keeps a JavaScript ESM syntax error's place out of the error object, so ask `node --check`,
 * which prints it. Only run when an import failed; `--check` does not strip types, so not for .ts.
 */
async function checkedSyntax(file: string, rel: string): Promise<string | undefined> {
  if (TYPESCRIPT.test(file)) return undefined;
  try {
    await promisify(execFile)(process.execPath, ['--check', file], { timeout: 10_000 });
    return undefined;
  } catch (e) {
    const stderr = (e as { stderr?: unknown }).stderr;
    return placed(typeof stderr === 'string' ? stderr : '', rel);
  }
}

let typescriptReady: Promise<void> | undefined;

/**
 * Node strips types itself from 22.18; 22.12 to 22.17 need a flag a running process cannot set, so
 * there a load hook strips them with amaro (Node's own stripper), loaded only when needed.
 */
function canImportTypeScript(): Promise<void> {
  if (process.features.typescript) return Promise.resolve();
  typescriptReady ??= (async () => {
    const amaro = pathToFileURL(createRequire(import.meta.url).resolve('amaro')).href;
    register(`data:text/javascript,${encodeURIComponent(STRIP_HOOK)}`, { data: { amaro } });
  })();
  return typescriptReady;
}

/**
 * The hook, as source: `register` runs it on the loader thread, and a data: URL keeps it inside the
 * bundled CLI. A .ts file is ESM or CommonJS as Node decides for .js: its package's `type`, else its
 * syntax; .mts and .cts say so. A syntax error is thrown as Node prints one (placed() reads it).
 */
const STRIP_HOOK = `
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFunction } from 'node:vm';
let strip;
export async function initialize(data) { strip = (await import(data.amaro)).default.transformSync; }
function packageType(dir) {
  for (;;) {
    try { return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).type; } catch (e) { if (e.code !== 'ENOENT') return undefined; }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
function hasModuleSyntax(code) {
  try { compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname']); return false; }
  catch (e) { return /Cannot use import statement|Unexpected token 'export'|import\\.meta|await is only valid/.test(e.message); }
}
export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !/\\.[cm]?ts$/i.test(url)) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const text = await readFile(file, 'utf8');
  let code;
  try {
    code = strip(text, { mode: 'strip-only', filename: file }).code;
  } catch (e) {
    if (e.startLine === undefined) throw e;
    const error = new SyntaxError(e.message);
    error.stack = file + ':' + e.startLine + '\\n' + text.split('\\n')[e.startLine - 1] + '\\n' + ' '.repeat(e.startColumn) + '^\\n\\nSyntaxError: ' + e.message;
    throw error;
  }
  const type = /\\.mts$/i.test(file) ? 'module' : /\\.cts$/i.test(file) ? 'commonjs' : packageType(path.dirname(file));
  const format = type === 'module' || type === 'commonjs' ? type : hasModuleSyntax(code) ? 'module' : 'commonjs';
  return { format, source: code, shortCircuit: true };
}
`;
