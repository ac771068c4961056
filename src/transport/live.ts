/** Live: the real SDK against the API (or ANTHROPIC_BASE_URL). */
import Anthropic from '@anthropic-ai/sdk';
import { sdkCall } from './sdk-call.ts';
import type { Call, CallResponse, Transport } from './types.ts';

export interface LiveOptions {
  apiKey: string;
  timeoutMs?: number;
  baseURL?: string;
}

export class LiveTransport implements Transport {
  readonly mode = 'live' as const;
  private readonly client: Anthropic;

  constructor(options: LiveOptions) {
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      timeout: options.timeoutMs ?? 120_000,
    });
  }

  async send(call: Call, signal: AbortSignal): Promise<CallResponse> {
    const started = performance.now();
    const response = await sdkCall(this.client, call, { signal });
    return { ...response, latencyMs: Math.round(performance.now() - started) };
  }
}
