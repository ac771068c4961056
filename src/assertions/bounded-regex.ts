/**
 * Suite authors' regular expressions (regex, matches, a schema's pattern), run by V8 with its own
 * semantics but on a worker thread, so one that backtracks for minutes is stopped at a time limit
 * and the run (signals, reports) goes on. Callers stay synchronous (ajv calls `test` mid-validation):
 * the main thread waits on shared memory, at most REGEX_TIME_LIMIT_MS, then terminates the worker.
 * The worker starts on the first evaluation, so a run with no regex never pays for it.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { CallError } from '../transport/types.ts';
import { show } from './show.ts';

/**
 * How long one evaluation may take: a sane pattern takes milliseconds at most, a catastrophic one
 * minutes. Small enough that Ctrl-C still ends a run promptly, large enough that a loaded CI machine
 * never trips it.
 */
export const REGEX_TIME_LIMIT_MS = 250;

/** How long the worker may take to start before the first evaluation is given up (a loaded machine). */
const START_LIMIT_MS = 10_000;

/** Thrown when an evaluation passes the limit: the check could not judge, so it is broken, not failed. */
export class RegexTimeout extends Error {
  constructor(re: string, subject: string) {
    super(
      `${re} did not finish within ${REGEX_TIME_LIMIT_MS} ms on ${subject.length} characters (${show(subject, 40)}) and was stopped: the pattern backtracks catastrophically (nested quantifiers such as (a+)+); rewrite it`,
    );
    this.name = 'RegexTimeout';
  }
}

// Shared slots: STATE is the handshake, the rest the answer (written by the worker before DONE).
const STATE = 0;
const FOUND = 1;
const INDEX = 2;
const LENGTH = 3;
const READY = 4;
const IDLE = 0;
const ASKED = 1;
const DONE = 2;

// The worker as source text, so it is the same file whether run from src/, dist/src/ or the CLI bundle.
const WORKER = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { ctrl, port } = workerData;
const cache = new Map();
Atomics.store(ctrl, ${READY}, 1);
Atomics.notify(ctrl, ${READY});
for (;;) {
  let s;
  while ((s = Atomics.load(ctrl, ${STATE})) !== ${ASKED}) Atomics.wait(ctrl, ${STATE}, s);
  const { source, flags, subject } = receiveMessageOnPort(port).message;
  const key = flags + '/' + source;
  let re = cache.get(key);
  if (!re) cache.set(key, (re = new RegExp(source, flags)));
  re.lastIndex = 0;
  let m = null;
  let failed = false;
  try { m = re.exec(subject); } catch { failed = true; }
  Atomics.store(ctrl, ${FOUND}, failed ? 2 : m ? 1 : 0);
  Atomics.store(ctrl, ${INDEX}, m ? m.index : 0);
  Atomics.store(ctrl, ${LENGTH}, m ? m[0].length : 0);
  Atomics.store(ctrl, ${STATE}, ${DONE});
  Atomics.notify(ctrl, ${STATE});
}
`;

interface Evaluator {
  worker: Worker;
  ctrl: Int32Array;
  port: MessagePort;
}

let evaluator: Evaluator | undefined;

function start(): Evaluator {
  const ctrl = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  // No execArgv: the app's own --import hooks (a TypeScript loader, say) have nothing to do here and would slow the start.
  const worker = new Worker(WORKER, { eval: true, execArgv: [], workerData: { ctrl, port: port2 }, transferList: [port2] });
  // Never what keeps the process alive.
  worker.unref();
  port1.unref();
  if (Atomics.wait(ctrl, READY, 0, START_LIMIT_MS) === 'timed-out') {
    void worker.terminate();
    throw new Error(`the regex worker did not start within ${START_LIMIT_MS / 1000} s`);
  }
  return { worker, ctrl, port: port1 };
}

/** Where the first match is, or undefined; throws RegexTimeout when the limit is passed. */
function firstMatch(source: string, flags: string, subject: string): { index: number; length: number } | undefined {
  const e = (evaluator ??= start());
  e.port.postMessage({ source, flags, subject });
  Atomics.store(e.ctrl, STATE, ASKED);
  Atomics.notify(e.ctrl, STATE);
  if (Atomics.wait(e.ctrl, STATE, ASKED, REGEX_TIME_LIMIT_MS) === 'timed-out' && Atomics.load(e.ctrl, STATE) === ASKED) {
    // Terminating interrupts V8 inside the backtracking; the next evaluation starts a fresh worker.
    void e.worker.terminate();
    e.port.close();
    evaluator = undefined;
    throw new RegexTimeout(`/${source}/${flags}`, subject);
  }
  const found = Atomics.load(e.ctrl, FOUND);
  const at = { index: Atomics.load(e.ctrl, INDEX), length: Atomics.load(e.ctrl, LENGTH) };
  Atomics.store(e.ctrl, STATE, IDLE);
  // V8 gives up on a pattern too deep for its stack with a RangeError, also a check that cannot judge.
  if (found === 2) throw new Error(`/${source}/${flags} could not be evaluated on ${subject.length} characters (too complex for the regex engine)`);
  return found === 1 ? at : undefined;
}

/** A user's pattern: compiled here (so a syntax error throws at once), evaluated under the limit. */
export class BoundedRegExp {
  readonly source: string;
  readonly flags: string;

  constructor(source: string, flags = '') {
    const re = new RegExp(source, flags);
    this.source = re.source;
    this.flags = re.flags;
  }

  /** The first match from the start (a `g` or `y` flag keeps no lastIndex between calls). */
  exec(subject: string): { index: number; match: string } | undefined {
    const m = firstMatch(this.source, this.flags, subject);
    return m && { index: m.index, match: subject.slice(m.index, m.index + m.length) };
  }

  test(subject: string): boolean {
    return firstMatch(this.source, this.flags, subject) !== undefined;
  }

  toString(): string {
    return `/${this.source}/${this.flags}`;
  }
}

/** ajv's `code.regExp` option: every `pattern`, `patternProperties` and `propertyNames` pattern of a user schema. */
export const ajvRegExp = Object.assign((pattern: string, u: string) => new BoundedRegExp(pattern, u), { code: 'BoundedRegExp' });

/**
 * Once the run is interrupted, a check of user patterns is not started: each evaluation may take
 * the whole limit, and Ctrl-C must end the run within a second. The sample is left unjudged.
 */
export function refuseIfInterrupted(interrupted: AbortSignal | undefined): void {
  if (interrupted?.aborted) throw new CallError({ type: 'interrupted', message: 'not judged: the run was interrupted before its patterns were evaluated' });
}
