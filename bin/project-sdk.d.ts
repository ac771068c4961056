import type { ResolveHookSync } from 'node:module';

/** The resolve hook that finds '@anthropic-ai/sdk' from the project at `cwd` for promptgate's files (under `packageRoot`, a URL); undefined where nothing needs redirecting. */
export function projectSdkHook(cwd: string, packageRoot: string): ResolveHookSync | undefined;
