import { describe, expect, it } from 'vitest';
import { run } from './fixture.ts';

describe('text assertions', () => {
  it('equals trims surrounding whitespace and says what it got', async () => {
    expect(await run('equals', 'Paris', '  Paris\n')).toMatchObject({ pass: true, reason: 'output equals "Paris"' });
    expect(await run('equals', 'Paris', 'paris')).toMatchObject({ pass: false, reason: 'expected output to equal "Paris", got "paris"' });
    expect(await run('equals', 42, '42')).toMatchObject({ pass: true });
  });

  it('contains is case-sensitive, icontains is not', async () => {
    expect(await run('contains', 'refund', 'We will refund you.')).toMatchObject({ pass: true });
    expect(await run('contains', 'Refund', 'We will refund you.')).toMatchObject({
      pass: false,
      reason: 'expected output to contain "Refund", got "We will refund you."',
    });
    expect(await run('icontains', 'REFUND', 'We will refund you.')).toMatchObject({ pass: true, reason: 'output contains (any case) "REFUND"' });
    // Folded beyond toLowerCase: ß is SS in capitals.
    expect(await run('icontains', 'STRASSE', 'Die Straße ist lang')).toMatchObject({ pass: true });
    expect(await run('icontains', 'straße', 'DIE STRASSE')).toMatchObject({ pass: true });
  });

  it('contains_all names what is missing; contains_any lists the options', async () => {
    expect(await run('contains_all', ['a', 'b'], 'a and b')).toMatchObject({ pass: true });
    expect(await run('contains_all', ['apple', 'pear', 'fig'], 'an apple')).toMatchObject({
      pass: false,
      reason: 'output is missing ["pear","fig"]; got "an apple"',
    });
    expect(await run('contains_any', ['yes', 'no'], 'maybe')).toMatchObject({
      pass: false,
      reason: 'expected output to contain one of ["yes","no"], got "maybe"',
    });
    expect(await run('contains_any', ['yes', 'no'], 'no way')).toMatchObject({ pass: true });
  });

  it('starts_with and ends_with ignore outer whitespace', async () => {
    expect(await run('starts_with', 'Dear', '\n Dear Sam,')).toMatchObject({ pass: true });
    expect(await run('starts_with', 'Dear', 'Hi Sam')).toMatchObject({ pass: false, reason: 'expected output to start with "Dear", got "Hi Sam"' });
    expect(await run('ends_with', 'Thanks.', 'Ok. Thanks.\n')).toMatchObject({ pass: true });
    expect(await run('ends_with', 'Thanks.', 'Ok.')).toMatchObject({ pass: false, reason: 'expected output to end with "Thanks.", got "Ok."' });
  });
});
