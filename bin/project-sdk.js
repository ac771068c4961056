// The Claude SDK the project imports, not the one beside promptgate. npm hoists promptgate to a
// workspace's root, where resolving from its own files finds the root's SDK while the app in
// packages/app has its own, maybe of another major (another anthropic-version): the gate must call
// the app's. So '@anthropic-ai/sdk' imported from promptgate's files resolves from the project (the
// directory the command runs in) first, and from promptgate's own place where the project has none.
// The bin registers it (Node >= 22.15 has module.registerHooks); on older Nodes, and for a library
// caller, the run warns instead (sdkMismatch in src/models/api-version.ts).
import { existsSync, realpathSync } from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SDK = '@anthropic-ai/sdk';

/**
 * The resolve hook for a project at `cwd`, for imports made by files under `packageRoot` (URLs);
 * undefined where the project has no SDK of its own (none, or Yarn's Plug'n'Play, which has no
 * node_modules: promptgate's own resolution does as it does) or the same copy promptgate finds, the
 * common case: a hook slows every import of the run, so none is registered then.
 */
export function projectSdkHook(cwd, packageRoot) {
  const project = path.join(cwd, 'package.json');
  const theirs = sdkFolder(cwd);
  if (theirs === undefined || theirs === sdkFolder(fileURLToPath(packageRoot))) return undefined;
  const requireFromProject = module.createRequire(project);
  const projectURL = pathToFileURL(project).href;
  return (specifier, context, next) => {
    // Not for the project's own resolution below (the project may be promptgate's checkout itself).
    const ours = context.parentURL?.startsWith(packageRoot) && context.parentURL !== projectURL;
    if ((specifier === SDK || specifier.startsWith(`${SDK}/`)) && ours) {
      // A require() is resolved by require's own rules from the project; the next hook would keep its parent.
      if (context.conditions?.includes('require')) return { url: pathToFileURL(requireFromProject.resolve(specifier)).href, shortCircuit: true };
      return next(specifier, { ...context, parentURL: projectURL });
    }
    return next(specifier, context);
  };
}

/** The SDK's folder as Node finds it from `dir` (node_modules here or above), links resolved; undefined where none is. */
function sdkFolder(dir) {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const folder = path.join(at, 'node_modules', SDK);
    if (existsSync(path.join(folder, 'package.json'))) return realpathSync(folder);
    if (path.dirname(at) === at) return undefined;
  }
}
