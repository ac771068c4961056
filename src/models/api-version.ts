/**
 * API versions (the `anthropic-version` header): the versions promptgate knows and what each
 * rejects are data (schema/models.json's apiVersions, beside the model rules); which one a run sends
 * is decided here. Unpinned, it is the one the installed SDK sends, read from the SDK's own version
 * and mapped by its major (sdkApiVersions), since the SDK does not export its header.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { hint } from '../suite/did-you-mean.ts';
import { modelFile, type ApiVersionEntry } from './model-table.ts';

const requireHere = createRequire(import.meta.url);
let installed: { version: string | undefined } | undefined;

/**
 * The installed @anthropic-ai/sdk's version, as results and reports name it; undefined where none is
 * installed. Read on demand, not imported: validate needs no SDK, and a missing peer must not break it.
 */
export function installedSdkVersion(): string | undefined {
  if (!installed) {
    try {
      installed = { version: (requireHere('@anthropic-ai/sdk/version') as { VERSION: string }).VERSION };
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code !== 'MODULE_NOT_FOUND') throw e;
      installed = { version: undefined };
    }
  }
  return installed.version;
}

/**
 * The version of the SDK that code in `dir` (the project a run is in) imports, where one resolves
 * from there. It may not be promptgate's: npm hoists promptgate to a workspace's root, where it
 * resolves the root's SDK while the app in packages/app has its own.
 */
export function projectSdkVersion(dir: string): string | undefined {
  try {
    return (createRequire(path.join(dir, 'package.json'))('@anthropic-ai/sdk/version') as { VERSION: string }).VERSION;
  } catch {
    return undefined;
  }
}

/**
 * What to say when the project imports another SDK than the one promptgate loaded: the gate would
 * call another SDK, maybe under another API version, than the app it gates.
 */
export function sdkMismatch(dir: string): string | undefined {
  const [ours, theirs] = [installedSdkVersion(), projectSdkVersion(dir)];
  if (ours === undefined || theirs === undefined || ours === theirs) return undefined;
  return `this project imports @anthropic-ai/sdk ${theirs} (anthropic-version ${apiVersionOfSdk(theirs)}), but promptgate calls ${ours} (anthropic-version ${apiVersionOfSdk(ours)}), the one beside it where it is installed (a workspace's root?): run the promptgate command (its bin picks the project's SDK on Node >= 22.15), or pin the API version with --api-version ${apiVersionOfSdk(theirs)}`;
}

/** Every version the table knows, newest first. */
export function knownApiVersions(): string[] {
  return Object.keys(modelFile().apiVersions).sort().reverse();
}

/** What a version rejects, or undefined for a version the table does not list. */
export function apiVersionInfo(version: string): ApiVersionEntry | undefined {
  const { apiVersions } = modelFile();
  return Object.hasOwn(apiVersions, version) ? apiVersions[version] : undefined;
}

/**
 * The version an SDK of `sdkVersion` sends by default. A major newer than the table (or no SDK, in
 * validate) is assumed to send the newest version known, never an older one.
 */
export function apiVersionOfSdk(sdkVersion: string | undefined = installedSdkVersion()): string {
  const { majors } = modelFile().sdkApiVersions;
  const major = /^(\d+)\./.exec(sdkVersion ?? '')?.[1];
  return (major !== undefined && Object.hasOwn(majors, major) ? majors[major] : undefined) ?? knownApiVersions()[0]!;
}

/** Why `version` is no version a run can send (with a did-you-mean), or undefined when it is one. */
export function unknownApiVersion(version: string): string | undefined {
  const known = knownApiVersions();
  if (known.includes(version)) return undefined;
  return `unknown API version '${version}'${hint(version, known)}; promptgate knows ${known.join(', ')}`;
}
