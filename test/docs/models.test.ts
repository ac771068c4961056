import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modelFile } from '../../src/models/model-table.ts';
import { apiVersionsTable, modelsSources, modelsTable, requestRulesList } from './models-table.ts';

const doc = readFileSync('docs/models.md', 'utf8');

describe('docs/models.md', () => {
  it('shows the table schema/models.json holds, row for row', () => {
    expect(doc).toContain(modelsTable(modelFile()));
  });

  it('shows the API versions schema/models.json holds, with where and when each was read', () => {
    expect(doc).toContain(apiVersionsTable(modelFile()));
  });

  it('lists the rules every request keeps (manual thinking with other settings), with where and when each was read', () => {
    expect(doc).toContain(requestRulesList(modelFile()));
  });

  it('names where each rule was read, as schema/models.json says', () => {
    expect(doc).toContain(modelsSources(modelFile()));
  });
});
