/**
 * A run for a mode: its transport, how many calls it keeps in flight, and what its cost estimate
 * reads. Every entry builds runs here, so the PROMPTGATE_LIVE switch, the key check and per-mode
 * defaults are decided once; callers only say how their users name things.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { InputError } from './input-error.ts';
import type { Mode } from './run-result.ts';
import { recordedUsage, tokenCounterWithFallback, type EstimateSources } from './runner/cost-estimate.ts';
import { BatchTransport } from './transport/batch.ts';
import { ChangedTransport } from './transport/changed.ts';
import { LiveTransport } from './transport/live.ts';
import { RecordTransport } from './transport/record.ts';
import { ReplayTransport } from './transport/replay.ts';
import type { Transport } from './transport/types.ts';

export interface RunSettings {
  mode: Mode;
  /** Where cassettes live (replay reads them, record writes them, the estimate reads recorded usage). */
  fixtures: string;
  /** For the modes that call the API. Default: the environment's ANTHROPIC_API_KEY. */
  apiKey?: string | undefined;
  /** Default: the environment's ANTHROPIC_BASE_URL, else the API. */
  baseURL?: string | undefined;
  /** The run's environment (PROMPTGATE_LIVE, ANTHROPIC_*). Default: process.env. */
  env?: Record<string, string | undefined> | undefined;
  /** Live and record: per attempt. Batch: the batch's deadline. */
  timeoutMs?: number | undefined;
  /** Record: `new` (default) keeps cassettes that still match; `all` refreshes every one. */
  record?: 'new' | 'all' | undefined;
  /** Batch: on creation and whenever a poll shows a new status or new counts. */
  onBatchProgress?: ((batch: Anthropic.Messages.MessageBatch) => void) | undefined;
  /** Live and record: call the API only for cases whose recording is stale or missing; replay the rest. */
  changed?: boolean | undefined;
  /** Said once when count_tokens fails and the cost estimate falls back to counting characters, and when record repairs a cassette. */
  onWarning?: ((message: string) => void) | undefined;
}

export interface BuiltRun {
  mode: Mode;
  transport: Transport;
  /** Most requests in flight, unless the caller asks for another number; unset: the account's rate limit decides. */
  concurrency: number | undefined;
  /** What the pre-run cost estimate reads. Unset in replay: it costs nothing, so no cap binds. */
  costSources?: EstimateSources;
  /** With `changed`: which cases it sent to the API and which it replayed, once the run is over. */
  changed?: ChangedTransport;
}

const API_URL = 'https://api.anthropic.com';

/** How a caller's users name things, so one check speaks in flags to the CLI and in options to code. */
export interface Wording {
  /** The mode as the user asked for it: `--live`, `describeSuite: mode 'live'`. */
  mode(mode: Mode): string;
  /** The way back to free offline runs: `run without --live to replay recordings offline`. */
  offline(mode: Mode): string;
  /** Where else a key can come from, after "Set it (": `export ANTHROPIC_API_KEY=...`. */
  keyFrom: string;
  /** The changed-only switch: `--changed`, `option changed`. */
  changed: string;
}

/** For library callers, who pass `mode` and `apiKey` to buildRun. */
export const OPTION_WORDING: Wording = {
  mode: (mode) => `mode '${mode}'`,
  offline: () => `use mode 'replay' to run from recordings offline`,
  keyFrom: 'or pass the apiKey option',
  changed: 'option changed',
};

/**
 * Live and record: none, so the runner sends one request first and then keeps in flight what the
 * answer's `anthropic-ratelimit-*` headers and the latency allow (src/runner/concurrency-target.ts);
 * a --concurrency is a hard ceiling over that.
 */
export const DEFAULT_CONCURRENCY = {
  replay: 16,
  live: undefined,
  record: undefined,
  // A batch holds the calls waiting at the same moment, so a limit would only shrink batches.
  batch: Number.POSITIVE_INFINITY,
} as const satisfies Record<Mode, number | undefined>;

/**
 * The first character of a key, spaces around it aside (fetch trims them), that is not visible
 * ASCII, as "character 20 (U+201D)". Keys are visible ASCII; the SDK throws on a character past
 * U+00FF as it builds the headers, and fetch refuses a control character on every attempt.
 */
function strayCharacter(key: string): string | undefined {
  const trimmed = key.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const at = trimmed.search(/[^\x21-\x7e]/);
  if (at < 0) return undefined;
  const code = trimmed.codePointAt(at)!.toString(16).toUpperCase().padStart(4, '0');
  return `character ${key.indexOf(trimmed) + at + 1} (U+${code})`;
}

/** Throws InputError (exit 2 in the CLI) when a mode that calls the API is switched off, has no key, or a key no request can carry. */
export function buildRun(settings: RunSettings, wording: Wording = OPTION_WORDING): BuiltRun {
  const { mode } = settings;
  const concurrency: number | undefined = DEFAULT_CONCURRENCY[mode];
  const replay = new ReplayTransport(settings.fixtures);
  // Replay calls nothing and a batch is sent whole: only live and record can pick what to call.
  if (settings.changed && (mode === 'replay' || mode === 'batch')) {
    throw new InputError(
      `${wording.changed} picks which cases call the API: use it with ${wording.mode('live')} or ${wording.mode('record')}, not ${mode === 'replay' ? 'in replay (the default)' : wording.mode(mode)}.`,
    );
  }
  if (mode === 'replay') return { mode, transport: replay, concurrency };
  // The kill switch (docs/ci.md): with PROMPTGATE_LIVE=0 nothing calls the API, whatever key is set.
  const env = settings.env ?? process.env;
  if (env.PROMPTGATE_LIVE === '0') {
    throw new InputError(`${wording.mode(mode)} is turned off here: PROMPTGATE_LIVE=0. Unset it to call the API, or ${wording.offline(mode)}.`);
  }
  const apiKey = settings.apiKey ?? env.ANTHROPIC_API_KEY;
  if (!apiKey) {
    throw new InputError(
      `${wording.mode(mode)} calls the Claude API and needs ANTHROPIC_API_KEY. Set it (${wording.keyFrom}), or ${wording.offline(mode)} for free.`,
    );
  }
  const stray = strayCharacter(apiKey);
  if (stray) {
    // Said by place and code point, never by showing the key.
    throw new InputError(
      `the API key has ${stray}, which no API key holds: it was probably copied with a stray character (a smart quote, a space); copy it again.`,
    );
  }
  // Always given to the SDK, which would otherwise read process.env rather than the run's environment.
  const baseURL = { baseURL: settings.baseURL ?? (env.ANTHROPIC_BASE_URL || API_URL) };
  const named = `the base URL (${settings.baseURL !== undefined ? 'baseURL' : 'ANTHROPIC_BASE_URL'})`;
  const url = URL.canParse(baseURL.baseURL) ? new URL(baseURL.baseURL) : undefined;
  // Said before any call, without the value (it may hold a credential): the SDK throws on a URL it
  // cannot parse, and fetch fails every attempt on another scheme, each charged at worst case.
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:')
    throw new InputError(`${named} is not an http:// or https:// URL: write it with its scheme, as in https://gateway.example.com or http://127.0.0.1:8080.`);
  // fetch refuses to build a request to a URL with credentials, on every call.
  if (url.username || url.password)
    throw new InputError(
      `${named} has a user name or password in it, which no request can be sent with: give the gateway its credentials in a header instead (ANTHROPIC_CUSTOM_HEADERS, 'Name: value' a line).`,
    );
  // Batch mode sends its messages through the Batches API, but counts tokens with a plain client.
  const live = new LiveTransport({ apiKey, timeoutMs: settings.timeoutMs, ...baseURL });
  const costSources: EstimateSources = {
    countTokens: tokenCounterWithFallback(
      (params, apiVersion, signal) => live.countTokens(params, undefined, apiVersion, signal),
      settings.onWarning ?? (() => {}),
    ),
    recordedUsage: recordedUsage(settings.fixtures),
    batch: mode === 'batch',
  };
  // Said where the run's warnings go (the CLI: its own stderr), not to the process's.
  const onRepaired = (file: string, why: string) => settings.onWarning?.(`repaired ${file} (${why}): recorded it again`);
  const inner = mode === 'record' ? new RecordTransport(replay, live, settings.record ?? 'new', { onRepaired }) : live;
  if (settings.changed && (mode === 'record' || mode === 'live')) {
    const changed = new ChangedTransport(replay, inner);
    return { mode, transport: changed, concurrency, costSources: { ...costSources, replays: (call) => changed.replays(call) }, changed };
  }
  if (mode === 'record') return { mode, transport: inner, concurrency, costSources };
  if (mode === 'batch') {
    const deadline = settings.timeoutMs ? { deadlineMs: settings.timeoutMs } : {};
    const progress = settings.onBatchProgress ? { onProgress: settings.onBatchProgress } : {};
    return { mode, transport: new BatchTransport({ apiKey, ...baseURL, ...deadline, ...progress }), concurrency, costSources };
  }
  return { mode, transport: live, concurrency, costSources };
}
