/**
 * The `--prompt` file: the Workbench prompt with `{{VAR}}` placeholders. A file that opens with
 * a line `System:` holds a system prompt up to a line `User:` (or `Human:`), then the user turn;
 * any other file is the user turn as it is. Only the opening line switches this on, so a prompt
 * that merely mentions "User:" is never split.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../input-error.ts';

export interface PromptTemplate {
  system?: string;
  prompt: string;
}

/** `file` is read from `cwd` and named as given. */
export async function readPromptFile(file: string, cwd = '.'): Promise<PromptTemplate> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new InputError({ file, message: `cannot read the prompt file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
  }
  return splitPrompt(file, text);
}

export function splitPrompt(file: string, source: string): PromptTemplate {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new InputError({ file, line: 1, col: 1, message: 'the prompt file is empty' });
  if (!/^system:\s*$/i.test(lines[first]!)) return { prompt: text.trim() };
  const user = lines.findIndex((l, i) => i > first && /^(user|human):\s*$/i.test(l));
  if (user === -1) {
    throw new InputError({ file, line: first + 1, col: 1, message: "the prompt opens with 'System:' but has no 'User:' line after it; put the user turn after a line 'User:'" });
  }
  const system = lines.slice(first + 1, user).join('\n').trim();
  const prompt = lines.slice(user + 1).join('\n').trim();
  if (!prompt) throw new InputError({ file, line: user + 1, col: 1, message: "nothing follows 'User:'; the user turn is empty" });
  return system ? { system, prompt } : { prompt };
}
