/**
 * Prompt text kept in the app's own files (`system: { file: … }`, `prompt: { file: … }`, text blocks
 * with `file:`): read once a suite through the reader's guards, templated per case; an undefined
 * variable is placed in the file.
 */
import path from 'node:path';
import type { TextSource } from '../cassette/diff.ts';
import type { Diagnostic } from '../input-error.ts';
import { placeFinder, type Place } from '../text-place.ts';
import { hint } from './did-you-mean.ts';
import type { Locator, YamlPath } from './locate.ts';
import { readTextSource, type TextFileKind } from '../read-text.ts';
import { describe } from './shape-errors.ts';
import { render, renderDeep, unknownFormMessage, type Vars } from './template.ts';

/** A prompt file, read under the guarded reader: named by a suite (`system_file:`, `prompt_file:`) or given to `import --prompt`. */
export const PROMPT_FILE: TextFileKind = {
  noun: 'a prompt file',
  tooBig: (limit) => `a prompt file may be at most ${limit}`,
  notText: 'a prompt file is plain text',
};

/** A prompt file as read: its text and where its lines start, or why it cannot be read. */
type ReadFile = { text: string; lineStarts: number[]; placeOf: (offset: number) => Place } | { problem: Diagnostic };

/** Told of an undefined variable's `name`, or of an unknown template form (`name` then starts with `{{`). */
type OnMissing = (sub: YamlPath, name: string) => void;

/** What the loader knows of the case it renders for. */
export interface PromptCase {
  /** `case 'refund'`, as the loader's messages name it. */
  name: string;
  vars: Vars;
  /** False while `vars:` is malformed or may be misspelt: an undefined variable is then not worth saying. */
  varsSound: boolean;
  problems: Diagnostic[];
}

/** The prompt files of one suite, each read once however many cases use it. */
export class PromptFiles {
  private readonly files = new Map<string, Promise<ReadFile>>();
  /** Unknown template forms already said, by file and offset: every case reads the same file. */
  private readonly said = new Set<string>();
  private readonly suiteFile: string;
  private readonly locator: Locator;

  constructor(suiteFile: string, locator: Locator) {
    this.suiteFile = suiteFile;
    this.locator = locator;
  }

  forCase(c: PromptCase): CasePrompts {
    return new CasePrompts(this, c);
  }

  /** The file as diagnostics and diffs name it: beside the suite, as the suite's own path is written. */
  shownPath(ref: string): string {
    return path.isAbsolute(ref) ? ref : path.join(path.dirname(this.suiteFile), ref);
  }

  read(ref: string): Promise<ReadFile> {
    const file = this.shownPath(ref);
    let found = this.files.get(file);
    if (!found) this.files.set(file, (found = readPromptFile(file)));
    return found;
  }

  loc(p: YamlPath): ReturnType<Locator['loc']> {
    return this.locator.loc(p);
  }

  /** True the first time a problem at this key is to be said. */
  firstTime(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }
}

/** One case's prompt text: `system`, `prompt` and `messages` rendered, and which text came from which file. */
export class CasePrompts {
  readonly sources: TextSource[] = [];
  private readonly files: PromptFiles;
  private readonly c: PromptCase;

  constructor(files: PromptFiles, c: PromptCase) {
    this.files = files;
    this.c = c;
  }

  /**
   * `value` (the `system`, `prompt` or `messages` at `where`) with its file references replaced by
   * their templated text and every other string templated as before. `requestPath` is where the
   * value goes in the request: `system`, `messages[0].content` (a prompt) or `messages`. A promise
   * only where a file may be read: plain text, the common value, is rendered at once (a suite has many cases).
   */
  render<T>(value: T, where: YamlPath, requestPath: string, onMissing: OnMissing | undefined): T | Promise<T> {
    if (typeof value === 'string' || value === undefined) return this.deep(value, [], onMissing) as T;
    return this.renderFiles(value, where, requestPath, onMissing);
  }

  private deep(v: unknown, sub: YamlPath, onMissing: OnMissing | undefined): unknown {
    return renderDeep(
      v,
      this.c.vars,
      (s, name) => onMissing?.([...sub, ...s], name),
      (s, form) => onMissing?.([...sub, ...s], form),
    );
  }

  private async renderFiles<T>(value: T, where: YamlPath, requestPath: string, onMissing: OnMissing | undefined): Promise<T> {
    // Without onMissing (the value's shape is broken and reported), undefined variables are not said, in the file either.
    const sound = onMissing !== undefined;
    const deep = (v: unknown, sub: YamlPath) => this.deep(v, sub, onMissing);
    if (isFileRef(value)) return (await this.text(value.file, where, requestPath, sound)) as T;
    const block = async (b: unknown, sub: YamlPath, at: string): Promise<unknown> => {
      if (!isObject(b) || typeof b.file !== 'string') return deep(b, sub);
      const { file, ...rest } = b;
      const p = [...where, ...sub];
      if (b.type !== 'text')
        this.problem([...p, 'type'], `${describe(p)}: file: gives a block its text, so its type must be text, not ${JSON.stringify(b.type)}`);
      else if (b.text !== undefined) this.problem([...p, 'file'], `${describe(p)} has both text and file; give one`);
      else return { ...(deep(rest, sub) as object), text: await this.text(file, p, `${at}.text`, sound) };
      return b;
    };
    if (requestPath === 'messages' && Array.isArray(value)) {
      return (await Promise.all(
        value.map(async (m: unknown, i) => {
          if (!isObject(m) || !Array.isArray(m.content)) return deep(m, [i]);
          const content = await Promise.all(m.content.map((b, j) => block(b, [i, 'content', j], `messages[${i}].content[${j}]`)));
          return { ...(deep({ ...m, content: undefined }, [i]) as object), content };
        }),
      )) as T;
    }
    if (Array.isArray(value)) return (await Promise.all(value.map((b, i) => block(b, [i], `${requestPath}[${i}]`)))) as T;
    return deep(value, []) as T;
  }

  private problem(at: YamlPath, message: string): void {
    this.c.problems.push({ ...this.files.loc(at), message });
  }

  /** The file's text, templated with the case's vars; `at` is the YAML node holding `file:`. */
  private async text(ref: string, at: YamlPath, requestPath: string, sound: boolean): Promise<string> {
    const read = await this.files.read(ref);
    if ('problem' in read) {
      // Problems inside the file are placed there; the ones opening it, at the suite's `file:`.
      const p = read.problem;
      if (p.line !== undefined) this.c.problems.push(p);
      else this.problem([...at, 'file'], `${describe([...at, 'file'])} ${JSON.stringify(ref)}: ${p.message}`);
      return '';
    }
    const r = render(read.text, this.c.vars);
    const file = this.files.shownPath(ref);
    for (const u of r.unknown) {
      if (this.files.firstTime(`${file}:${u.at}`)) this.c.problems.push({ file, ...read.placeOf(u.at), message: unknownFormMessage(u.form, 'this file') });
    }
    if (sound && this.c.varsSound) {
      for (const ph of r.placeholders.filter((x) => !Object.hasOwn(this.c.vars, x.name))) {
        // At the name inside the braces, as the YAML's diagnostics point.
        const message = `undefined variable '{{${ph.name}}}' in this file, read by ${describe(at)} for ${this.c.name}${hint(ph.name, Object.keys(this.c.vars))}; define it under vars: (suite or case)`;
        this.c.problems.push({ file, ...read.placeOf(read.text.indexOf(ph.name, ph.at)), message });
      }
    }
    this.sources.push({ path: requestPath, file: this.files.shownPath(ref), lineStarts: read.lineStarts, ...(r.fills.length ? { fills: r.fills } : {}) });
    return r.text;
  }
}

async function readPromptFile(file: string): Promise<ReadFile> {
  const read = await readTextSource(file, PROMPT_FILE);
  if ('problem' in read) return read;
  const lineStarts: number[] = [];
  for (let i = read.source.indexOf('\n'); i !== -1; i = read.source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text: read.source, lineStarts, placeOf: placeFinder(read.source) };
}

function isFileRef(v: unknown): v is { file: string } {
  return isObject(v) && typeof v.file === 'string' && Object.keys(v).length === 1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
