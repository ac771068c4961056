import type { AuthKind, Fault } from './types.ts';

export interface SimStats {
  /** Every HTTP request received. */
  requests: number;
  /** Requests per route, e.g. `POST /v1/messages`, `GET /v1/messages/batches/:id`, `unknown`. */
  byRoute: Record<string, number>;
  /** Responses per HTTP status sent (a reset or stall sends none; a truncated stream counts its 200). */
  byStatus: Record<string, number>;
  /** How each request authenticated: counts only, never the key. */
  auth: Record<AuthKind, number>;
  /** Requests per `anthropic-version` header (`none` without one): the API version the client asked for. */
  byApiVersion: Record<string, number>;
  /** Requests per `x-stainless-package-version` header (`none` without one): the version of the SDK that sent them. */
  bySdkVersion: Record<string, number>;
  /** 429s from the rpm bucket or the maxConcurrent limit (injected 429s are in `faults`). */
  rateLimited: number;
  /** Injected faults per kind (`500`, `529`, `429`, `reset`, `stall`, `truncated-stream`). */
  faults: Partial<Record<`${Fault}`, number>>;
  faultsInjected: number;
  /** POST /v1/messages answers completed with a whole message (JSON sent, or stream through message_stop). */
  served: number;
  /** POST /v1/messages attempts per prompt key (see `promptKey`), retries included. */
  promptAttempts: Record<string, number>;
  /** Completed answers per prompt key: 1 each means no case lost or double-served. */
  promptServed: Record<string, number>;
  /** POST /v1/messages requests in progress now (admitted, not yet finished). */
  inFlight: number;
  /** The most POST /v1/messages requests open at once, counting each arriving one (rejected or not). */
  maxInFlight: number;
  batchesCreated: number;
}

export function emptyStats(): SimStats {
  return {
    requests: 0,
    byRoute: {},
    byStatus: {},
    auth: { 'x-api-key': 0, bearer: 0, none: 0 },
    byApiVersion: {},
    bySdkVersion: {},
    rateLimited: 0,
    faults: {},
    faultsInjected: 0,
    served: 0,
    promptAttempts: {},
    promptServed: {},
    inFlight: 0,
    maxInFlight: 0,
    batchesCreated: 0,
  };
}

export function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function snapshot(stats: SimStats): SimStats {
  return structuredClone(stats);
}
