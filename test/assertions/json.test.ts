import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPath, parsePath, resolvePath } from '../../src/assertions/json-path.ts';
import { registry } from '../../src/assertions/registry.ts';
import { run } from './fixture.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pg-json-'));
  await writeFile(
    path.join(dir, 'person.json'),
    JSON.stringify({ type: 'object', required: ['name', 'age'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } } }),
  );
  await writeFile(path.join(dir, 'person.yaml'), 'type: object\nrequired: [name]\n');
  await writeFile(path.join(dir, 'broken.json'), '{"type": "object",');
  await writeFile(path.join(dir, 'list.json'), '[1, 2]');
});
const check = (name: string, args: unknown) => registry.get(name)!.check!(args, { suiteDir: dir, grader: {} });

describe('is_json', () => {
  it('passes on bare JSON and on a ```json fence, saying which', async () => {
    expect(await run('is_json', true, '{"a": 1}')).toMatchObject({ pass: true, reason: 'output is JSON' });
    expect(await run('is_json', true, '```json\n{"a": 1}\n```\n')).toMatchObject({ pass: true, reason: 'output is JSON (read from inside a ``` fence)' });
    expect(await run('is_json', true, '```\n[1]\n```')).toMatchObject({ pass: true, reason: 'output is JSON (read from inside a ``` fence)' });
  });

  it('fails with the parser error and the text', async () => {
    expect(await run('is_json', true, 'Sure! {"a": 1}')).toMatchObject({
      pass: false,
      reason: `expected output to be JSON, but it does not parse: Unexpected token 'S', "Sure! {"a": 1}" is not valid JSON; got "Sure! {\\"a\\": 1}"`,
    });
    expect(await run('is_json', true, '   ')).toMatchObject({ pass: false, reason: 'expected output to be JSON, but the output is empty; got "   "' });
    expect((await run('is_json', true, '```json\n{"a": }\n```')).reason).toMatch(
      /^expected output to be JSON, but the ``` fence's contents do not parse: Unexpected token '}'/,
    );
  });
});

describe('json_schema', () => {
  it('validates against an inline schema and lists every violation with its pointer', async () => {
    const schema = {
      type: 'object',
      required: ['name', 'age'],
      additionalProperties: false,
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, email: { type: 'string', format: 'email' } },
    };
    expect(await run('json_schema', schema, '{"name": "Alice", "age": 30, "email": "a@b.co"}')).toMatchObject({
      pass: true,
      reason: 'output JSON is valid against the inline schema',
    });
    expect(await run('json_schema', schema, '{"age": -3, "email": "nope", "city": "NYC"}')).toMatchObject({
      pass: false,
      reason:
        "output JSON is not valid against the inline schema: 4 violations: (root): must have required property 'name'; " +
        '(root): must NOT have additional properties ("city"); /age: must be >= 0, got -3; /email: must match format "email", got "nope"',
    });
  });

  it('reads a schema file relative to the suite (JSON or YAML)', async () => {
    const ctx = { suiteDir: dir };
    expect(await run('json_schema', 'person.json', '```json\n{"name": "Bo", "age": 4}\n```', ctx)).toMatchObject({
      pass: true,
      reason: 'output JSON is valid against person.json (read from inside a ``` fence)',
    });
    expect(await run('json_schema', 'person.json', '{"name": "Bo", "age": 4.5}', ctx)).toMatchObject({
      pass: false,
      reason: 'output JSON is not valid against person.json: 1 violation: /age: must be integer, got 4.5',
    });
    expect(await run('json_schema', 'person.yaml', '{}', ctx)).toMatchObject({
      pass: false,
      reason: "output JSON is not valid against person.yaml: 1 violation: (root): must have required property 'name'",
    });
  });

  it('fails, without validating, when the output is not JSON', async () => {
    expect(await run('json_schema', { type: 'object' }, 'no')).toMatchObject({
      pass: false,
      reason: 'expected output to be JSON, but it does not parse: Unexpected token \'o\', "no" is not valid JSON; got "no"',
    });
  });

  it('check: the schema compiles, the file exists and parses', async () => {
    expect(await check('json_schema', 'person.json')).toEqual([]);
    expect(await check('json_schema', { type: 'object', properties: { age: { type: 'strng' } } })).toEqual([
      'the schema is invalid: /properties/age/type: must be equal to one of the allowed values ("array", "boolean", "integer", "null", "number", "object", "string")',
    ]);
    expect(await check('json_schema', { $ref: '#/$defs/missing' })).toEqual(["the schema does not compile: can't resolve reference #/$defs/missing from id #"]);
    expect(await check('json_schema', 'nope.json')).toEqual([`schema file nope.json not found (looked for ${path.join(dir, 'nope.json')})`]);
    expect(await check('json_schema', 'broken.json')).toEqual(['schema file broken.json is not valid JSON at 1:19: property name expected']);
    expect(await check('json_schema', 'list.json')).toEqual(['schema file list.json must hold a JSON Schema object, not a list']);
  });
});

describe('json_path', () => {
  const order = JSON.stringify({
    id: 'A-1',
    status: 'shipped',
    items: [
      { name: 'pen', price: 2 },
      { name: 'ink', price: 5 },
      { name: 'pad', price: -3 },
    ],
    tags: ['gift'],
  });

  it('shows a number JSON cannot write back (1e400 is Infinity) as what it is, not null', async () => {
    expect(await run('json_path', { path: 'big', gt: 0 }, '{"big": 1e400}')).toMatchObject({
      pass: true,
      reason: '$.big is Infinity (> 0)',
      actual: 'Infinity',
    });
  });
  it('equals, comparisons, matches, contains, exists', async () => {
    expect(await run('json_path', { path: 'items[0].name', equals: 'pen' }, order)).toMatchObject({
      pass: true,
      reason: '$.items[0].name is "pen" (equal to "pen")',
    });
    expect(await run('json_path', { path: '$.items[2].price', gte: 0 }, order)).toMatchObject({
      pass: false,
      reason: '$.items[2].price: expected >= 0, got -3',
      expected: '>= 0',
      actual: '-3',
    });
    expect(await run('json_path', { path: 'items[-1].price', gt: -5, lt: 0 }, order)).toMatchObject({
      pass: true,
      reason: '$.items[-1].price is -3 (> -5 and < 0)',
    });
    expect(await run('json_path', { path: 'id', matches: '^[A-Z]-\\d+$' }, order)).toMatchObject({ pass: true });
    expect(await run('json_path', { path: 'status', matches: '^deliv' }, order)).toMatchObject({
      pass: false,
      reason: '$.status: expected to match /^deliv/, got "shipped"',
    });
    expect(await run('json_path', { path: 'tags', contains: 'gift' }, order)).toMatchObject({ pass: true });
    expect(await run('json_path', { path: 'status', contains: 'ship' }, order)).toMatchObject({ pass: true });
    expect(await run('json_path', { path: 'items[1]', equals: { price: 5, name: 'ink' } }, order)).toMatchObject({ pass: true });
    expect(await run('json_path', { path: 'id', lte: 3 }, order)).toMatchObject({ pass: false, reason: '$.id: expected a number <= 3, got a string "A-1"' });
  });

  it('says where a missing path stopped', async () => {
    expect(await run('json_path', { path: 'items[5].price', gte: 0 }, order)).toMatchObject({
      pass: false,
      reason: '$.items[5].price: expected >= 0, but it is missing: $.items has 3 items',
      actual: 'missing',
    });
    expect(await run('json_path', { path: 'customer.name' }, order)).toMatchObject({
      pass: false,
      reason: '$.customer.name is missing: $ has no key "customer" (keys: id, status, items, tags)',
    });
    expect(await run('json_path', { path: 'coupon', exists: false }, order)).toMatchObject({
      pass: true,
      reason: '$.coupon is missing, as expected: $ has no key "coupon" (keys: id, status, items, tags)',
    });
    expect(await run('json_path', { path: 'status', exists: false }, order)).toMatchObject({
      pass: false,
      reason: '$.status: expected not to exist, got "shipped"',
    });
    expect(await run('json_path', { path: 'status.code', equals: 1 }, order)).toMatchObject({
      pass: false,
      reason: '$.status.code: expected equal to 1, but it is missing: $.status is a string, not a list or object',
    });
  });

  it('check: the path parses and matches compiles', () => {
    expect(check('json_path', { path: 'items[0' })).toEqual(['path "items[0" has an unclosed \'[\' at character 6']);
    expect(check('json_path', { path: 'items[x]' })).toEqual(['path "items[x]" has [x] at character 6; use a number like [0] or a quoted key like ["a.b"]']);
    expect(check('json_path', { path: 'a', matches: '(' })).toEqual(['matches: Invalid regular expression: /(/: Unterminated group']);
  });
});

describe('paths', () => {
  it('round-trip through parse and format', () => {
    expect(parsePath('$.a["b.c"][2].d')).toEqual(['a', 'b.c', 2, 'd']);
    expect(parsePath('[0].name')).toEqual([0, 'name']);
    expect(formatPath(['a', 'b.c', 2, 'ümlaut'])).toBe('$.a["b.c"][2]["ümlaut"]');
    expect(resolvePath({ a: [1, 2] }, ['a', '1'])).toEqual({ found: true, value: 2 });
    expect(resolvePath({}, [])).toEqual({ found: true, value: {} });
  });
});
