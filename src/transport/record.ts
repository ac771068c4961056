/** Record: answer from the live API and write the cassette; `new` keeps recordings that still match. */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { outsideLine } from '../format/outside-text.ts';
import { foldersUp } from '../folders-up.ts';
import { inRunDir } from '../run-dir.ts';
import { CASSETTE_VERSION, callLabel, writeCassette } from '../cassette/cassette.ts';
import { apiVersionOfSdk } from '../models/api-version.ts';
import type { ReplayTransport } from './replay.ts';
import { CallError, type Call, type CallResponse, type Transport } from './types.ts';

export interface RecordOptions {
  /**
   * Told of each unreadable cassette (not JSON, another version, a bad shape) that was recorded
   * again. Default: a line on stderr, saying which files changed for another reason than the request.
   */
  onRepaired?: (file: string, why: string) => void;
  /** Written into each cassette: `simulator` when `live` is a stand-in for the API (scripts/record-examples.ts). */
  source?: 'simulator';
}

/** Write failures that hold for any file on the disk, not only the one folder. */
const DISK_WIDE = new Set(['EROFS', 'ENOSPC', 'EDQUOT']);

export class RecordTransport implements Transport {
  readonly mode = 'record' as const;
  private readonly replay: ReplayTransport;
  private readonly live: Transport;
  private readonly which: 'new' | 'all';
  private readonly onRepaired: (file: string, why: string) => void;
  private readonly source: RecordOptions['source'];
  /** Why recordings could not be written: on the whole disk (read-only, full), or in a folder. */
  private fixturesAt: Promise<string | undefined> | undefined;
  private readonly unwritable: { everywhere?: string; folders: Map<string, string> } = { folders: new Map() };

  constructor(replay: ReplayTransport, live: Transport, which: 'new' | 'all', options: RecordOptions = {}) {
    this.replay = replay;
    this.live = live;
    this.which = which;
    this.onRepaired =
      options.onRepaired ?? ((file, why) => void process.stderr.write(`promptgate: repaired ${outsideLine(file)} (${outsideLine(why)}): recorded it again\n`));
    this.source = options.source;
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    // An unreadable cassette is a missing one here: recording is how it gets fixed, where replay
    // can only report it.
    const found = await this.replay.lookup(call);
    if (found.fresh && found.cassette && this.which === 'new') return this.replay.serve(call, found.file, found.cassette, signal);
    // Before anything is paid for: a folder that is a link out of fixtures/ (committed in a PR) would
    // make the write land wherever it points (an app's package.json, for a case named package).
    // The fixtures folder's own place, resolved once (not there yet: nothing under it can lead out).
    this.fixturesAt ??= realpath(inRunDir(this.replay.fixturesDir)).catch(() => undefined);
    const top = await this.fixturesAt;
    const outside = top === undefined ? undefined : await leadsOutside(found.file, top);
    if (outside)
      throw new CallError({
        type: 'bad_recording',
        message: `${found.file}: its folder is a link that leads out of ${this.replay.fixturesDir} (to ${outside}); a recording is written only under it`,
        notSent: true,
      });
    // A recording that could not be written where this one goes (or on a disk that takes none) is
    // not paid for again: the call is refused before it is sent.
    const wall = this.unwritable.everywhere ?? this.unwritable.folders.get(path.dirname(found.file));
    if (wall !== undefined) throw new CallError({ type: 'recording_not_written', message: `not sent, as no recording can be written: ${wall}`, notSent: true });
    const answer = await this.live.send(call, signal);
    const written = await writeCassette(found.file, {
      promptgate_cassette: CASSETTE_VERSION,
      key: found.key,
      call: callLabel(call),
      recorded_at: new Date().toISOString(),
      ...(this.source ? { source: this.source } : {}),
      api_version: call.apiVersion ?? apiVersionOfSdk(),
      request: found.request,
      response: { message: answer.message, ...(answer.events ? { events: answer.events } : {}) },
      latency_ms: answer.latencyMs,
      ...(answer.requestId ? { request_id: answer.requestId } : {}),
    }).then(
      () => undefined,
      // The answer is paid for whatever the disk says: it is returned, with why it is not on disk.
      (e: NodeJS.ErrnoException) => {
        const why = `${found.file}: the recording could not be written (${e.message})`;
        if (DISK_WIDE.has(e.code ?? '')) this.unwritable.everywhere ??= why;
        else this.unwritable.folders.set(path.dirname(found.file), why);
        return why;
      },
    );
    if (written !== undefined) return { ...answer, cassette: found.file, unrecorded: written };
    // Said once the new cassette is written, so it is never said of a file that is still broken.
    if (found.unreadable !== undefined) this.onRepaired(found.file, found.unreadable);
    const previous = found.cassette?.response.message;
    return { ...answer, cassette: found.file, ...(previous ? { previous } : {}) };
  }
}

/**
 * Where `file`'s folder really is, when links take it out of `top` (the fixtures folder, resolved);
 * undefined when it is under it (or not there yet: recording creates it there). Its nearest folder
 * that exists is what is resolved.
 */
async function leadsOutside(file: string, top: string): Promise<string | undefined> {
  for (const dir of foldersUp(path.dirname(inRunDir(file)))) {
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) return real === top || real.startsWith(top + path.sep) ? undefined : real;
  }
  return undefined;
}
