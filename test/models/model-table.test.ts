import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { apiVersionOfSdk, knownApiVersions } from '../../src/models/api-version.ts';
import { modelFile, modelInfo } from '../../src/models/model-table.ts';
import { packageFile } from '../../src/package-root.ts';
import { priceTable } from '../../src/pricing/price-table.ts';

const read = (file: string) => JSON.parse(readFileSync(packageFile(file), 'utf8')) as unknown;

describe('the model table (schema/models.json)', () => {
  it('is valid against schema/models.schema.json', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(read('schema/models.schema.json') as object);
    expect(validate(read('schema/models.json')) ? [] : validate.errors).toEqual([]);
  });

  it('the schema refuses a rule without its source, and a key it does not know', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(read('schema/models.schema.json') as object);
    const model = (rejects: unknown) => ({
      checked: '2026-11-30',
      tokenizers: { t: { charsPerToken: 3, source: 'https://x', checked: '2026-11-30' } },
      models: { m: { name: 'M', tokenizer: 't', rejects } },
    });
    expect(validate(model({ sampling: { source: 'https://x', checked: '2026-11-30' } }))).toBe(true);
    expect(validate(model({ sampling: { checked: '2026-11-30' } }))).toBe(false);
    expect(validate(model({ sampling: { source: 'https://x', checked: '2026-11-30', instaed: 'x' } }))).toBe(false);
    expect(validate(model({ temperature: { source: 'https://x', checked: '2026-11-30' } }))).toBe(false);
  });

  it('says where and when each rule, limit, effort list and lifecycle was read', () => {
    const { models, tokenizers } = modelFile();
    for (const [id, m] of Object.entries(models)) {
      const sourced = [...Object.values(m.rejects), m.limits, m.effort, m.thinkingAlwaysOn, m.lifecycle].filter((s) => s !== undefined);
      for (const s of sourced) {
        expect(s!.source, id).toMatch(/^https:\/\//);
        // The models were read on 2026-11-30; the rules the agreement grid found missing, on 2026-12-06.
        expect(['2026-11-30', '2026-12-06'], id).toContain(s!.checked);
      }
      expect(Object.keys(tokenizers), id).toContain(m.tokenizer);
      if (m.lifecycle?.successor) expect(models[m.lifecycle.successor], `${id}'s successor`).toBeDefined();
    }
  });

  it('knows every model the price table knows, priced or not, and no other', () => {
    const prices = priceTable();
    const priced = [...prices.models.keys(), ...prices.unpriced.keys()].sort();
    expect(Object.keys(modelFile().models).sort()).toEqual(priced);
  });

  it('a dated snapshot (API or Vertex style) or an alias is its model; nothing else is guessed', () => {
    expect(modelInfo('claude-sonnet-4-5-20250929')?.id).toBe('claude-sonnet-4-5');
    expect(modelInfo('claude-haiku-4-5@20251001')?.id).toBe('claude-haiku-4-5');
    expect(modelInfo('claude-opus-4')?.id).toBe('claude-opus-4-0');
    expect(modelInfo('claude-sonnet-4-20250514')?.id).toBe('claude-sonnet-4-0');
    for (const id of ['claude-opus-5-5-fast', 'claude-sonnet', 'anthropic.claude-opus-5-5', 'CLAUDE-OPUS-5-5']) expect(modelInfo(id), id).toBeUndefined();
  });

  it('holds the rules the issue names, so a table edit that drops one fails here', () => {
    const rejects = (id: string) => Object.keys(modelInfo(id)!.rejects).sort();
    expect(rejects('claude-sonnet-5')).toEqual(['assistantPrefill', 'betweenTools', 'manualThinking', 'sampling']);
    expect(rejects('claude-sonnet-5-5')).toEqual(['assistantPrefill', 'betweenTools', 'forcedToolChoice', 'manualThinking', 'sampling', 'thinkingDisabled']);
    expect(modelInfo('claude-sonnet-5-5')!.rejects.betweenTools!.atEffort).toEqual(['xhigh', 'max']);
    expect(rejects('claude-haiku-4-5')).toEqual(['adaptiveThinking', 'betweenTools', 'samplingPair']);
    expect(rejects('claude-mythos-preview')).toEqual(['assistantPrefill', 'betweenTools', 'manualThinking', 'sampling', 'thinkingDisabled']);
    expect(Object.keys(modelFile().requestRules!.rejects).sort()).toEqual([
      'budgetNotBelowMaxTokens',
      'manualThinkingForcedToolChoice',
      'manualThinkingPrefill',
      'prefillTrailingWhitespace',
      'thinkingTemperature',
    ]);
    expect(rejects('claude-opus-5-5')).toContain('forcedToolChoice');
    expect(rejects('claude-fable-5-1')).toContain('forcedToolChoice');
    expect(modelInfo('claude-opus-5-5')!.thinkingAlwaysOn).toBeDefined();
    expect(modelInfo('claude-sonnet-4-5')!.lifecycle).toMatchObject({ status: 'deprecated', retires: '2026-11-30', successor: 'claude-sonnet-5-5' });
    expect(modelInfo('claude-haiku-4-5')!.lifecycle).toMatchObject({ status: 'legacy' });
    expect(modelInfo('claude-haiku-4-5')!.lifecycle!.retires).toBeUndefined();
  });

  it('agrees with the installed SDK on which models reach their end of life, and when', () => {
    // The SDK's own list (messages.mjs DEPRECATED_MODELS) gives 'November 30th, 2026' for Sonnet 4.5.
    const sdk = readFileSync(packageFile('node_modules/@anthropic-ai/sdk/resources/messages/messages.mjs'), 'utf8');
    const listed = [...(/const DEPRECATED_MODELS = \{([^}]*)\}/.exec(sdk)?.[1] ?? '').matchAll(/'([^']+)':\s*'([^']+)'/g)];
    expect(listed.length).toBeGreaterThan(0);
    for (const [, id, date] of listed) {
      const life = modelInfo(id!)?.lifecycle;
      expect(life?.status, id).toMatch(/deprecated|retired/);
      expect(new Date(`${date!.replace(/(\d+)(st|nd|rd|th)/, '$1')} UTC`).toISOString().slice(0, 10), id).toBe(life?.retires);
    }
  });
});

describe('API versions (schema/models.json apiVersions, beside the model rules)', () => {
  it('holds what 2026-10-21 rejects and that 2023-06-01 rejects none of it, each with its page and day', () => {
    const { apiVersions, sdkApiVersions } = modelFile();
    expect(Object.keys(apiVersions['2026-10-21']!.rejects).sort()).toEqual(['assistantDocument', 'sampling', 'userCitations']);
    expect(apiVersions['2023-06-01']!.rejects).toEqual({});
    for (const s of [...Object.values(apiVersions), ...Object.values(apiVersions).flatMap((v) => Object.values(v.rejects)), sdkApiVersions]) {
      expect(s.source).toMatch(/^https:\/\/platform\.claude\.com\/docs\/en\/api\//);
      expect(s.checked).toBe('2026-12-06');
    }
  });

  it('maps each SDK major to a version it knows: 0.x sent 2023-06-01, 1.x sends 2026-10-21 (as the installed 1.x does)', () => {
    expect(apiVersionOfSdk('0.71.2')).toBe('2023-06-01');
    expect(apiVersionOfSdk('1.0.0')).toBe('2026-10-21');
    expect(apiVersionOfSdk('9.0.0'), 'a newer major sends at least the newest version known').toBe('2026-10-21');
    const client = readFileSync(packageFile('node_modules/@anthropic-ai/sdk/client.mjs'), 'utf8');
    expect(client).toContain(`'anthropic-version': '${apiVersionOfSdk()}'`);
    for (const v of Object.values(modelFile().sdkApiVersions.majors)) expect(knownApiVersions()).toContain(v);
  });

  it('the suite schema offers exactly the versions the table knows, on the suite and on a case', () => {
    const schema = read('schema/suite.schema.json') as {
      properties: { api_version: { enum: string[] } };
      $defs: { case: { properties: { api_version: { enum: string[] } } } };
    };
    expect([...schema.properties.api_version.enum].sort()).toEqual([...knownApiVersions()].sort());
    expect([...schema.$defs.case.properties.api_version.enum].sort()).toEqual([...knownApiVersions()].sort());
  });
});
