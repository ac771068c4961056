/** docs/models.md's table, as the data says it: test/docs/models.test.ts holds the page to it. */
import type { ModelEntry, ModelFile, RequestRuleName, RuleName, VersionRuleName } from '../../src/models/model-table.ts';

const RULES: [RuleName, string][] = [
  ['sampling', 'Non-default sampling'],
  ['samplingPair', 'temperature with top_p'],
  ['manualThinking', 'Manual thinking'],
  ['adaptiveThinking', 'Adaptive thinking'],
  ['thinkingDisabled', 'Thinking disabled'],
  ['betweenTools', 'between_tools'],
  ['forcedToolChoice', 'Forced tool_choice'],
  ['assistantPrefill', 'Assistant prefill'],
];

const tokens = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}K`);

function rule(m: ModelEntry, name: RuleName): string {
  if (m.unknown?.includes(name)) return '?';
  const r = m.rejects[name];
  // Where any top_p is refused, the pair is too: ok there would read as if it were taken.
  if (!r && name === 'samplingPair' && m.rejects.sampling) return '400 (any top_p)';
  if (!r) return 'ok';
  return r.atEffort ? `400 at ${r.atEffort.join(', ')}` : '400';
}

function lifecycle(m: ModelEntry): string {
  const l = m.lifecycle;
  if (!l) return '?';
  const when = l.retires ? (l.status === 'retired' ? ` on ${l.retires}` : `, retires ${l.retires}`) : '';
  return `${l.status}${when}${l.successor ? ` → \`${l.successor}\`` : ''}`;
}

export function modelsTable(file: ModelFile): string {
  const head = ['Model', ...RULES.map(([, label]) => label), 'Thinking always on', 'Context / output', 'Effort (default)', 'Lifecycle'];
  const rows = Object.entries(file.models).map(([id, m]) => [
    `\`${id}\``,
    ...RULES.map(([name]) => rule(m, name)),
    m.unknown?.includes('thinkingAlwaysOn') ? '?' : m.thinkingAlwaysOn ? 'yes' : 'no',
    m.limits ? `${tokens(m.limits.contextWindow)} / ${tokens(m.limits.maxOutput)}` : '?',
    !m.effort ? '?' : m.effort.levels.length ? `${m.effort.levels.join(', ')}${m.effort.default ? ` (${m.effort.default})` : ''}` : 'not taken',
    lifecycle(m),
  ]);
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** Per model, each page read and what was read on it. */
export function modelsSources(file: ModelFile): string {
  return Object.entries(file.models)
    .map(([id, m]) => {
      const read = new Map<string, string[]>();
      const note = (what: string, source: string) => read.set(source, [...(read.get(source) ?? []), what]);
      for (const [name, label] of RULES) if (m.rejects[name]) note(label.toLowerCase(), m.rejects[name]!.source);
      if (m.thinkingAlwaysOn) note('thinking always on', m.thinkingAlwaysOn.source);
      if (m.limits) note('limits', m.limits.source);
      if (m.effort) note('effort', m.effort.source);
      if (m.lifecycle) note('lifecycle', m.lifecycle.source);
      return `- \`${id}\`: ${[...read].map(([source, what]) => `${what.join(', ')}: <${source}>`).join('; ')}`;
    })
    .join('\n');
}

const VERSION_RULES: [VersionRuleName, string][] = [
  ['sampling', '`temperature`, `top_p`, `top_k`'],
  ['assistantDocument', '`document` in an assistant turn'],
  ['userCitations', '`citations` on user text'],
];

/** docs/models.md's API version table: what each version rejects and which SDK majors send it. */
export function apiVersionsTable(file: ModelFile): string {
  const head = ['API version', ...VERSION_RULES.map(([, label]) => label), 'Sent by default by', 'Read on'];
  const rows = Object.entries(file.apiVersions).map(([version, v]) => {
    const majors = Object.entries(file.sdkApiVersions.majors)
      .filter(([, sent]) => sent === version)
      .map(([major]) => `\`@anthropic-ai/sdk\` ${major}.x`);
    const pages = [...new Set([v.source, ...Object.values(v.rejects).map((r) => r.source)])].map((p) => `<${p}>`);
    return [
      `\`${version}\``,
      ...VERSION_RULES.map(([name]) => (v.rejects[name] ? '400' : 'ok')),
      majors.join(', ') || '-',
      `${pages.join(', ')} (${v.checked})`,
    ];
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const REQUEST_RULES: [RequestRuleName, string][] = [
  ['manualThinkingForcedToolChoice', 'Manual thinking with forced tool_choice'],
  ['thinkingTemperature', 'Thinking with a temperature other than 1'],
  ['budgetNotBelowMaxTokens', '`budget_tokens` not below `max_tokens`'],
  ['manualThinkingPrefill', 'Manual thinking with an assistant prefill'],
  ['prefillTrailingWhitespace', 'A prefill ending in whitespace'],
];

/** docs/models.md's list of the rules every request keeps, whatever its version and model. */
export function requestRulesList(file: ModelFile): string {
  const rejects = file.requestRules?.rejects ?? {};
  return REQUEST_RULES.filter(([name]) => rejects[name])
    .map(([name, label]) => `- ${label}: <${rejects[name]!.source}> (${rejects[name]!.checked})`)
    .join('\n');
}
