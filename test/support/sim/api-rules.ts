/**
 * What the Messages API refuses, per `anthropic-version` and per model, as data with the page each
 * rule was read on (checked 2026-12-06). Written from the docs on purpose, apart from promptgate's
 * schema/models.json: the simulator stands in for the API, so promptgate's own rules are tested
 * against these, not against themselves. `verdict.ts` applies them.
 */

export interface Sourced {
  source: string;
  note?: string;
}

export type ApiVersion = '2023-06-01' | '2026-10-21';
export type Effort = 'low' | 'medium' | 'high' | 'xhigh' | 'max';
export type ThinkingType = 'enabled' | 'adaptive' | 'disabled' | 'between_tools';

export const EFFORT_ORDER: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

const VERSIONING = 'https://platform.claude.com/docs/en/api/versioning';
const MIGRATE_2026 =
  'https://platform.claude.com/docs/en/api/versioning (Migrating to 2026-10-21); restated by codersera.com and developersdigest.tech, 2026-10-21';

/** The request rules each API version adds; a value the header names that is not here is a 400. */
export const API_VERSIONS: Record<ApiVersion, Sourced & { samplingRemoved?: Sourced; assistantDocuments?: Sourced; userCitations?: Sourced }> = {
  '2023-06-01': { source: VERSIONING, note: 'Named server-sent events for streaming. Only the per-model rules apply.' },
  '2026-10-21': {
    source: VERSIONING,
    samplingRemoved: {
      source: MIGRATE_2026,
      note: 'temperature, top_p and top_k are a 400 at any value, defaults too; also on count_tokens and batch requests.',
    },
    assistantDocuments: { source: MIGRATE_2026, note: 'document blocks in assistant messages are a 400.' },
    userCitations: { source: MIGRATE_2026, note: 'non-empty citations on text blocks in user messages are a 400.' },
  },
};

export interface ModelRules {
  /** Other ids for the same model (dated snapshots). */
  ids?: string[];
  maxOutput?: Sourced & { tokens: number };
  /** Levels `output_config.effort` accepts; absent: the model takes no effort at all. */
  effort?: Sourced & { levels: Effort[]; default: Effort };
  /**
   * `thinking.type` values accepted. `disabled` and `between_tools` may be capped at an effort
   * (`upTo`): above it they are a 400.
   */
  thinking: Sourced & { types: ThinkingType[]; disabledUpTo?: Effort; betweenToolsUpTo?: Effort };
  rejects: {
    /** Non-default temperature (1 is the default and accepted), or any top_p / top_k. */
    sampling?: Sourced;
    /** temperature and top_p in one request. */
    samplingPair?: Sourced;
    /** tool_choice any or tool. */
    forcedToolChoice?: Sourced;
    /** The conversation ends on an assistant turn. */
    assistantPrefill?: Sourced;
  };
  /** Calls fail (404) after this day (YYYY-MM-DD, UTC): it still works through the day itself. */
  retiredAfter?: Sourced & { day: string };
}

const page = (slug: string) => `https://platform.claude.com/docs/en/models/${slug}`;
const MIGRATION = 'https://platform.claude.com/docs/en/about-claude/models/migration-guide';
const ADAPTIVE_ONLY = 'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.md';
const OVERVIEW = 'https://platform.claude.com/docs/en/models';
const ALL_EFFORT: Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const EFFORT_PAGE = 'https://platform.claude.com/docs/en/build-with-claude/effort';
/** Third-party figures, where no Anthropic page read here gave one. */
const EFFECT_AI = 'https://github.com/Effect-TS/effect/releases/tag/@effect%2Fai-anthropic@4.0.0-beta.106 (128000 for Opus 4.6 to 4.8 and Sonnet 4.6)';
const OLD_LIMITS = 'https://github.com/labring/fastgpt-plugin/pull/242 (limits of the Claude 4 and 4.1 snapshots)';

const fiveX = (slug: string, forced: boolean): ModelRules => ({
  maxOutput: { source: page(`${slug}/overview`), tokens: 128_000 },
  effort: { source: page(`${slug}/overview`), levels: ALL_EFFORT, default: 'high' },
  thinking: { source: ADAPTIVE_ONLY, note: 'Adaptive only: enabled and disabled are a 400.', types: ['adaptive'] },
  rejects: {
    sampling: { source: page('opus-5-5/whats-new-opus-5-5'), note: 'Non-default sampling is a 400 from Opus 4.7 on.' },
    ...(forced
      ? {
          forcedToolChoice: {
            source: page('opus-5-5/whats-new-opus-5-5'),
            note: "Opus 5.5's first three breaking changes also apply on Fable 5.1, and carry to 5.2.",
          },
        }
      : {}),
    assistantPrefill: { source: MIGRATION },
  },
});

export const MODELS: Record<string, ModelRules> = {
  'claude-fable-5-2': fiveX('fable-5-2', true),
  'claude-mythos-5-2': fiveX('fable-5-2', true),
  'claude-fable-5-1': fiveX('fable-5-1', true),
  'claude-mythos-5-1': fiveX('fable-5-1', true),
  'claude-fable-5': fiveX('fable-5', false),
  'claude-mythos-5': fiveX('fable-5', false),
  'claude-mythos-preview': {
    effort: { source: EFFORT_PAGE, levels: ['low', 'medium', 'high', 'max'], default: 'high' },
    thinking: { source: ADAPTIVE_ONLY, types: ['adaptive'] },
    rejects: {
      sampling: {
        source: MIGRATION,
        note: 'Read as one of the adaptive-only models from Opus 4.7 on; its own page was not found. Max output not found either, so none is checked.',
      },
      assistantPrefill: {
        source: 'https://benchr.org/errors/anthropic-invalid-request-error',
        note: 'Lists Mythos Preview among the models that answer prefill with a 400.',
      },
    },
  },
  'claude-opus-5-5': {
    maxOutput: { source: page('opus-5-5/overview'), tokens: 128_000 },
    effort: { source: page('opus-5-5/whats-new-opus-5-5'), levels: ALL_EFFORT, default: 'medium' },
    thinking: { source: page('opus-5-5/whats-new-opus-5-5'), note: 'Thinking cannot be disabled; a manual budget is a 400 too.', types: ['adaptive'] },
    rejects: {
      sampling: { source: page('opus-5-5/migration-guide') },
      forcedToolChoice: { source: page('opus-5-5/whats-new-opus-5-5') },
      assistantPrefill: { source: MIGRATION },
    },
  },
  'claude-opus-5': {
    maxOutput: { source: page('opus-5/overview'), tokens: 128_000 },
    effort: { source: page('opus-5/overview'), levels: ALL_EFFORT, default: 'high' },
    thinking: {
      source: page('opus-5-5/whats-new-opus-5-5'),
      note: 'On Opus 5, disabled is accepted at effort high or below.',
      types: ['adaptive', 'disabled'],
      disabledUpTo: 'high',
    },
    rejects: { sampling: { source: page('opus-5/overview') }, assistantPrefill: { source: MIGRATION } },
  },
  'claude-opus-4-8': {
    maxOutput: { source: EFFECT_AI, tokens: 128_000 },
    effort: { source: EFFORT_PAGE, levels: ALL_EFFORT, default: 'high' },
    thinking: { source: MIGRATION, note: 'budget_tokens is gone from Opus 4.7 on.', types: ['adaptive', 'disabled'] },
    rejects: { sampling: { source: MIGRATION, note: '"temperature is deprecated for this model."' }, assistantPrefill: { source: MIGRATION } },
  },
  'claude-opus-4-7': {
    maxOutput: { source: EFFECT_AI, tokens: 128_000 },
    effort: { source: EFFORT_PAGE, note: 'xhigh arrived with Opus 4.7.', levels: ALL_EFFORT, default: 'high' },
    thinking: { source: MIGRATION, types: ['adaptive', 'disabled'] },
    rejects: { sampling: { source: MIGRATION }, assistantPrefill: { source: MIGRATION } },
  },
  'claude-opus-4-6': {
    maxOutput: { source: EFFECT_AI, tokens: 128_000 },
    effort: { source: EFFORT_PAGE, note: 'max arrived with Opus 4.6; no xhigh.', levels: ['low', 'medium', 'high', 'max'], default: 'high' },
    thinking: {
      source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking',
      note: 'Manual thinking deprecated but accepted.',
      types: ['enabled', 'adaptive', 'disabled'],
    },
    rejects: { assistantPrefill: { source: MIGRATION, note: 'Prefill is a 400 from the 4.6 models on.' } },
  },
  'claude-sonnet-4-6': {
    maxOutput: { source: EFFECT_AI, tokens: 128_000 },
    effort: { source: EFFORT_PAGE, levels: ['low', 'medium', 'high', 'max'], default: 'high' },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'adaptive', 'disabled'] },
    rejects: {
      samplingPair: {
        source:
          "https://github.com/Vali-98/ChatterUI/issues/564 (the API's own 400 on Sonnet 4.6, 2026-05; Bedrock gives it too: skydiscover-ai/skydiscover#15)",
      },
      assistantPrefill: { source: MIGRATION },
    },
  },
  'claude-opus-4-5': {
    ids: ['claude-opus-4-5-20251101'],
    maxOutput: { source: "https://github.com/anthropics/claude-code/issues/24451 (the API's own 400)", tokens: 64_000 },
    effort: { source: EFFORT_PAGE, note: 'Opus 4.5 predates max and xhigh.', levels: ['low', 'medium', 'high'], default: 'high' },
    thinking: {
      source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking',
      note: 'No adaptive thinking before the 4.6 models.',
      types: ['enabled', 'disabled'],
    },
    rejects: { samplingPair: { source: 'https://github.com/SalesforceAIResearch/MCP-Universe/issues/49' } },
  },
  'claude-opus-4-1': {
    ids: ['claude-opus-4-1-20250805'],
    maxOutput: { source: OLD_LIMITS, tokens: 32_000 },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'disabled'] },
    rejects: { samplingPair: { source: 'https://github.com/SalesforceAIResearch/MCP-Universe/issues/49', note: 'Enforced since Opus 4.1.' } },
    // The pricing page lists it "(retired, except on Bedrock and Google Cloud)"; the TypeScript SDK
    // removed it in 0.116.0 (2026-08-07). The day is promptgate's own table's (schema/models.json).
    retiredAfter: { source: 'https://platform.claude.com/docs/en/about-claude/pricing', day: '2026-08-05' },
  },
  'claude-opus-4-0': {
    ids: ['claude-opus-4-20250514'],
    maxOutput: { source: OLD_LIMITS, tokens: 32_000 },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'disabled'] },
    rejects: {},
    retiredAfter: { source: 'https://platform.claude.com/docs/en/release-notes/overview', day: '2026-06-15' },
  },
  'claude-sonnet-5-5': {
    maxOutput: { source: page('sonnet-5-5/overview'), tokens: 128_000 },
    effort: { source: page('sonnet-5-5/whats-new-sonnet-5-5'), levels: ALL_EFFORT, default: 'high' },
    thinking: {
      source: page('sonnet-5-5/whats-new-sonnet-5-5'),
      note: 'disabled is a 400 pointing at between_tools, which works at effort low to high only.',
      types: ['adaptive', 'between_tools'],
      betweenToolsUpTo: 'high',
    },
    rejects: {
      sampling: { source: page('sonnet-5-5/migration-guide') },
      forcedToolChoice: { source: page('sonnet-5-5/whats-new-sonnet-5-5') },
      assistantPrefill: { source: page('sonnet-5-5/migration-guide') },
    },
  },
  'claude-sonnet-5': {
    maxOutput: { source: OVERVIEW, tokens: 128_000 },
    effort: { source: OVERVIEW, levels: ALL_EFFORT, default: 'high' },
    thinking: {
      source: 'https://apidog.com/jp/blog/claude-sonnet-5-5-vs-sonnet-5',
      note: 'Sonnet 5 accepts adaptive and disabled (a third-party comparison of the two models).',
      types: ['adaptive', 'disabled'],
    },
    rejects: { sampling: { source: MIGRATION }, assistantPrefill: { source: MIGRATION } },
  },
  'claude-sonnet-4-5': {
    ids: ['claude-sonnet-4-5-20250929'],
    maxOutput: { source: page('sonnet-4-5/overview'), tokens: 64_000 },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'disabled'] },
    rejects: { samplingPair: { source: "https://github.com/JohnnyZ93/oai-compatible-copilot/issues/81 (the API's own 400)" } },
    retiredAfter: { source: page('sonnet-4-5/overview'), day: '2026-11-30' },
  },
  'claude-sonnet-4-0': {
    ids: ['claude-sonnet-4-20250514'],
    maxOutput: { source: OLD_LIMITS, tokens: 64_000 },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'disabled'] },
    rejects: {},
    retiredAfter: { source: 'https://platform.claude.com/docs/en/release-notes/overview', day: '2026-06-15' },
  },
  'claude-haiku-5-5': {
    maxOutput: { source: page('haiku-5-5/overview'), tokens: 128_000 },
    effort: { source: page('haiku-5-5/whats-new-haiku-5-5'), levels: ALL_EFFORT, default: 'medium' },
    thinking: {
      source: page('haiku-5-5/whats-new-haiku-5-5'),
      note: 'Manual thinking is a 400; disabled only at effort high or below.',
      types: ['adaptive', 'disabled'],
      disabledUpTo: 'high',
    },
    rejects: {
      sampling: { source: page('haiku-5-5/whats-new-haiku-5-5') },
      assistantPrefill: { source: page('haiku-5-5/whats-new-haiku-5-5'), note: 'Even with thinking off.' },
    },
  },
  'claude-haiku-4-5': {
    ids: ['claude-haiku-4-5-20251001'],
    maxOutput: { source: OVERVIEW, tokens: 64_000 },
    thinking: { source: 'https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking', types: ['enabled', 'disabled'] },
    rejects: { samplingPair: { source: 'https://github.com/JohnnyZ93/oai-compatible-copilot/issues/81' } },
  },
};

/** The model's rules by its id or a dated id, or undefined for an id the API does not know. */
export function modelRules(id: string): { id: string; rules: ModelRules } | undefined {
  const own = MODELS[id];
  if (own) return { id, rules: own };
  for (const [main, rules] of Object.entries(MODELS)) if (rules.ids?.includes(id)) return { id: main, rules };
  return undefined;
}
