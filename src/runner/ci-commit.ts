/**
 * The commit a CI job checked out, as the CI names it in the environment, or undefined outside a
 * CI that says. A shard's results carry it so that merge refuses shards of two commits: a shard's
 * suite digest covers its suite file's text only (src/suite/digest.ts), not the prompt, schema and
 * module files the suite names, so shards of commits that differ only there would merge unseen.
 */
const COMMIT_VARIABLES = [
  'GITHUB_SHA', // GitHub Actions
  'CI_COMMIT_SHA', // GitLab CI
  'CIRCLE_SHA1', // CircleCI
  'BUILDKITE_COMMIT', // Buildkite
] as const;

/** `{ commit }` as the first of those variables names it, or `{}`. */
export function commitOf(env: Readonly<Record<string, string | undefined>>): { commit?: string } {
  for (const name of COMMIT_VARIABLES) {
    const value = env[name]?.trim().toLowerCase();
    // A commit id, not whatever else a variable of that name may hold ("HEAD", a branch).
    if (value && /^[0-9a-f]{7,64}$/.test(value)) return { commit: value };
  }
  return {};
}
