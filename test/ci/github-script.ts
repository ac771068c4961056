/** A workflow's actions/github-script step, run as the action runs it, against a stand-in GitHub. */
import { createRequire } from 'node:module';

export interface Posted {
  op: 'create' | 'update';
  body: string;
}

/**
 * Runs `script` on pull request 7, whose comments (by github-actions[bot]) are `existing`, with
 * PROJECT_DIR set to `dir`; resolves to the comments it created or updated, in order.
 */
export async function runGithubScript(script: string, dir: string, existing: string[] = []): Promise<Posted[]> {
  const posted: Posted[] = [];
  const issues = {
    listComments: 'listComments',
    createComment: async ({ body }: { body: string }) => void posted.push({ op: 'create', body }),
    updateComment: async ({ body }: { body: string }) => void posted.push({ op: 'update', body }),
  };
  const github = { paginate: async () => existing.map((body, id) => ({ id, body, user: { login: 'github-actions[bot]' } })), rest: { issues } };
  const context = { repo: { owner: 'o', repo: 'r' }, payload: { pull_request: { number: 7 } } };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
  await new AsyncFunction('github', 'context', 'require', 'process', script)(github, context, createRequire(import.meta.url), { env: { PROJECT_DIR: dir } });
  return posted;
}
