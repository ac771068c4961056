import { describe, expect, it } from 'vitest';
import type { CallId } from '../../src/cassette/cassette.ts';
import { assignCustomIds, customIdOf, CUSTOM_ID } from '../../src/transport/batch-custom-id.ts';

const id = (over: Partial<CallId> = {}): CallId => ({ suite: 'triage', caseId: 'billing', repeat: 1, role: 'case', index: 0, ...over });

describe('customIdOf', () => {
  it('is readable when the ids allow it, and tells repeats and graders apart', () => {
    expect(customIdOf(id())).toBe('triage__billing__r1');
    expect(customIdOf(id({ repeat: 3 }))).toBe('triage__billing__r3');
    expect(customIdOf(id({ repeat: 3, role: 'grader', index: 2 }))).toBe('triage__billing__r3__g2');
  });

  it('hashes ids the API would refuse, stays within 64 characters, keeps the tail, and is stable', () => {
    const long = id({ caseId: 'c'.repeat(100), repeat: 12, role: 'grader', index: 3 });
    const a = customIdOf(long);
    expect(a).toMatch(CUSTOM_ID);
    expect(a).toHaveLength(64);
    expect(a.endsWith('__r12__g3')).toBe(true);
    expect(customIdOf(long)).toBe(a);
    expect(customIdOf({ ...long, caseId: 'c'.repeat(101) })).not.toBe(a);

    const dotted = customIdOf(id({ caseId: 'v1.2' }));
    expect(dotted).toMatch(CUSTOM_ID);
    expect(dotted).not.toBe(customIdOf(id({ caseId: 'v1-2' })));
  });

  it('gives colliding calls in one batch distinct ids without losing either', () => {
    const calls = [{ call: id({ suite: 'a__b', caseId: 'c' }) }, { call: id({ suite: 'a', caseId: 'b__c' }) }];
    const byId = assignCustomIds(calls);
    expect([...byId.keys()]).toEqual(['a__b__c__r1', 'a__b__c__r1-2']);
    expect([...byId.values()]).toEqual(calls);
  });
});
