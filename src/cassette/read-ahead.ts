/**
 * Replay's recordings read ahead on a worker thread, in the order the run will ask for them. Each
 * cassette is its own file, and opening, reading and closing ten thousand of them was the largest
 * share of a large replay's own time on the main thread, which the SDK, msw and the checks need.
 *
 * Only an aid: the worker reads nothing but regular files within the size limit, opened as the sync
 * reader opens them (a pipe does not block it), and `take` answers undefined for anything else or
 * anything not read yet, so the caller reads that file itself, through the guards and errors of
 * read-bytes.ts. The worker never runs more than WINDOW files ahead of what was taken: memory stays
 * flat however large the run, and a run that asks in another order only reads for itself again.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { inRunDir } from '../run-dir.ts';

/** How many files the worker may have read that no call has taken yet. */
const WINDOW = 256;

// Shared slot: how many of the worker's files were taken (the window moves with it).
const TAKEN = 0;

// The worker as source text, so it is the same file whether run from src/, dist/src/ or the CLI bundle.
const WORKER = `
const { workerData } = require('node:worker_threads');
const { closeSync, constants, fstatSync, openSync, readFileSync } = require('node:fs');
const { files, maxBytes, ctrl, port } = workerData;
for (let i = 0; i < files.length; i++) {
  for (let taken = Atomics.load(ctrl, ${TAKEN}); i - taken >= ${WINDOW}; taken = Atomics.load(ctrl, ${TAKEN})) Atomics.wait(ctrl, ${TAKEN}, taken);
  let text = null;
  try {
    const fd = openSync(files[i], constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = fstatSync(fd);
      if (info.isFile() && info.size > 0 && info.size <= maxBytes) text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch {}
  port.postMessage(text);
}
port.close();
`;

export class ReadAhead {
  private readonly files: string[];
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** Read by the worker, not taken yet; null: the worker leaves that file to the caller. */
  private readonly read = new Map<string, string | null>();
  /** How many of the worker's messages have been received: the next is files[received]. */
  private received = 0;
  private taken = 0;

  /** `files` in the order they will be asked for; `maxBytes`, the largest the caller would read. */
  constructor(files: string[], maxBytes: number) {
    this.files = files;
    const { port1, port2 } = new MessageChannel();
    // No execArgv: the app's own --import hooks have nothing to do here and would slow the start.
    this.worker = new Worker(WORKER, {
      eval: true,
      execArgv: [],
      workerData: { files: files.map((f) => inRunDir(f)), maxBytes, ctrl: this.ctrl, port: port2 },
      transferList: [port2],
    });
    // Never what keeps the process alive.
    this.worker.unref();
    port1.unref();
    this.port = port1;
  }

  /** The text of `file` as the worker read it, or undefined: read it yourself. Received without waiting. */
  take(file: string): string | undefined {
    if (!this.read.has(file)) this.receive(file);
    const text = this.read.get(file);
    if (text === undefined) return undefined;
    this.read.delete(file);
    Atomics.store(this.ctrl, TAKEN, ++this.taken);
    Atomics.notify(this.ctrl, TAKEN);
    return text ?? undefined;
  }

  /** Takes in what the worker has sent, up to `file`, without waiting for more (no event-loop turn). */
  private receive(file: string): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const got = this.files[this.received++]!;
      this.read.set(got, m.message as string | null);
      if (got === file) return;
    }
  }

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}
