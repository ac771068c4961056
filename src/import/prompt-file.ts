/**
 * The `--prompt` file: the Workbench prompt with `{{VAR}}` placeholders. Only a file whose first line
 * is `System:` is split (system prompt up to `User:` or `Human:`, then the user turn), so a prompt
 * that merely mentions "User:" stays whole.
 */
import { InputError } from '../input-error.ts';
import { readTextSource } from '../read-text.ts';
import { PROMPT_FILE } from '../suite/prompt-files.ts';

export interface PromptTemplate {
  system?: string;
  prompt: string;
}

export async function readPromptFile(file: string): Promise<PromptTemplate> {
  const read = await readTextSource(file, PROMPT_FILE);
  if ('problem' in read) throw new InputError(read.problem);
  return splitPrompt(file, read.source);
}

export function splitPrompt(file: string, source: string): PromptTemplate {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first === -1) throw new InputError({ file, line: 1, col: 1, message: 'the prompt file is empty' });
  if (!/^system:\s*$/i.test(lines[first]!)) return { prompt: text.trim() };
  const user = lines.findIndex((l, i) => i > first && /^(user|human):\s*$/i.test(l));
  if (user === -1) {
    throw new InputError({
      file,
      line: first + 1,
      col: 1,
      message: "the prompt opens with 'System:' but has no 'User:' line after it; put the user turn after a line 'User:'",
    });
  }
  const system = lines
    .slice(first + 1, user)
    .join('\n')
    .trim();
  const prompt = lines
    .slice(user + 1)
    .join('\n')
    .trim();
  if (!prompt) throw new InputError({ file, line: user + 1, col: 1, message: "nothing follows 'User:'; the user turn is empty" });
  return system ? { system, prompt } : { prompt };
}
