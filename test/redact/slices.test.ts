/**
 * redact and redactChunk: every slice of a secret of 8 characters or more is caught wherever it
 * sits (start, middle, end), and its last 6 or 7; the rest of the text is untouched.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, redactChunk } from '../../src/redact.ts';

// Key-shaped, made at run time so no key-shaped literal sits in the repository.
const KEY = ['sk', 'ant', 'api03', randomBytes(60).toString('base64url')].join('-');

/** The rule, the slow way: every character inside a slice of >= 8 (or the tail of >= 6) is covered. */
function reference(text: string, secret: string): string {
  const covered = Array.from({ length: text.length }, () => false);
  for (let i = 0; i < text.length; i++) {
    for (let end = i + 8; end <= text.length && secret.includes(text.slice(i, end)); end++) covered.fill(true, i, end);
    for (const n of [6, 7]) if (text.startsWith(secret.slice(-n), i)) covered.fill(true, i, i + n);
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED;
  }
  return out;
}

describe('redact', () => {
  it.each([
    ['an interior slice of 8', KEY.slice(30, 38)],
    ['an interior slice of 20', KEY.slice(40, 60)],
    ['a prefix', KEY.slice(0, 12)],
    ['a suffix of 8', KEY.slice(-8)],
    ['the last 7', KEY.slice(-7)],
    ['the last 6', KEY.slice(-6)],
    ['the whole key', KEY],
  ])('catches %s wherever it sits', (_, slice) => {
    for (const text of [slice, `before ${slice} after`, `(${slice})`, `${slice} ${slice}`, `"${slice}"\n${slice}`]) {
      expect(redact(text, [KEY])).not.toContain(slice);
      expect(redact(text, [KEY])).toContain(REDACTED);
      expect(redact(text, [KEY])).toBe(reference(text, KEY));
    }
  });

  it('leaves slices of 7 or fewer from inside the key, and ordinary text, alone', () => {
    const text = `id ${KEY.slice(30, 37)} and ${KEY.slice(50, 55)}; npm install, the abcdef words`;
    expect(redact(text, [KEY])).toBe(text);
  });

  it('redacts two slices that touch or overlap as one', () => {
    expect(redact(`a ${KEY.slice(20, 40)}${KEY.slice(35, 60)} b`, [KEY])).toBe(`a ${REDACTED} b`);
    expect(redact(`a ${KEY.slice(20, 40)}${KEY.slice(70, 90)} b`, [KEY])).toBe(`a ${REDACTED} b`);
  });

  it('agrees with the slow rule on random texts made of random slices, for keys that repeat themselves', () => {
    const pick = (n: number) => Math.floor(Math.random() * n);
    for (let round = 0; round < 300; round++) {
      // A small alphabet makes the slices overlap, repeat and extend into each other.
      const alphabet = round % 2 ? 'ab' : 'abcdefghij';
      const secret = Array.from({ length: 10 + pick(30) }, () => alphabet[pick(alphabet.length)]).join('');
      let text = '';
      while (text.length < 120) {
        const from = pick(secret.length);
        text += pick(3) ? secret.slice(from, from + 1 + pick(14)) : 'xyz'.slice(0, 1 + pick(3));
      }
      expect(redact(text, [secret]), `${JSON.stringify(secret)} in ${JSON.stringify(text)}`).toBe(reference(text, secret));
    }
  });

  it('catches slices of each of several secrets, and ignores secrets too short to be one', () => {
    const other = randomBytes(30).toString('base64url');
    expect(redact(`${KEY.slice(20, 30)} ${other.slice(5, 15)} ${'short'}`, [KEY, other, 'short', undefined])).toBe(`${REDACTED} ${REDACTED} short`);
  });

  it('passes a text with no slice of the key through as the same string', () => {
    const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: `case-${i}`, answer: randomBytes(24).toString('base64url') })));
    expect(redact(text, [KEY])).toBe(text);
  });
});

describe('redactChunk', () => {
  const slice = KEY.slice(25, 45);

  it('redacts a string like redact', () => {
    expect(redactChunk(`a ${slice} b`, [KEY])).toBe(`a ${REDACTED} b`);
  });

  it('redacts bytes (Buffer and a plain Uint8Array, at an offset) and gives bytes back', () => {
    const buffer = redactChunk(Buffer.from(`é ${slice} ü`), [KEY]);
    expect(Buffer.isBuffer(buffer)).toBe(true);
    expect(buffer.toString()).toBe(`é ${REDACTED} ü`);
    const backing = new TextEncoder().encode(`..${slice} ok`);
    const view = new Uint8Array(backing.buffer, 2);
    const out = redactChunk(view, [KEY]);
    expect(new TextDecoder().decode(out)).toBe(`${REDACTED} ok`);
  });

  it('passes bytes with nothing to redact on as they came, invalid UTF-8 included', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0xc3, 0x80, 0xe2]);
    expect(redactChunk(bytes, [KEY])).toBe(bytes);
  });

  it('keeps bytes around a redaction as they were, even half of a multi-byte character', () => {
    const bytes = Buffer.concat([Buffer.from([0xe2, 0x82]), Buffer.from(slice), Buffer.from([0xac, 0xff])]);
    expect([...redactChunk(bytes, [KEY])]).toEqual([0xe2, 0x82, ...Buffer.from(REDACTED), 0xac, 0xff]);
  });

  it('catches each part of a key split across two writes that is 8 characters or more', () => {
    const [a, b] = [KEY.slice(0, 50), KEY.slice(50)];
    expect([redactChunk(Buffer.from(a), [KEY]).toString(), redactChunk(Buffer.from(b), [KEY]).toString()]).toEqual([REDACTED, REDACTED]);
  });

  it('passes anything else on untouched', () => {
    const other = { toString: () => KEY };
    expect(redactChunk(other, [KEY])).toBe(other);
  });
});
