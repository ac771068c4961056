/**
 * Where the schema found a suite's shape wrong, so semantic checks run everywhere else and one pass
 * reports every problem. Checks read only what the schema passed: a wrong-shaped value would make them
 * guess, and a "missing" key may be one the schema already called misspelt.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean.ts';
import type { YamlPath } from './locate.ts';

export class ShapeFaults {
  private readonly errors: ErrorObject[];
  constructor(errors: ErrorObject[]) {
    this.errors = errors;
  }

  get any(): boolean {
    return this.errors.length > 0;
  }

  /** Nothing wrong at or under any of the paths. */
  soundUnder(...paths: YamlPath[]): boolean {
    // Asked many times a case; for a sound suite (the usual one) the answer needs no pointer.
    if (!this.errors.length) return true;
    return paths.every((p) => {
      const pointer = toPointer(p);
      return !this.errors.some((e) => e.instancePath === pointer || e.instancePath.startsWith(pointer + '/'));
    });
  }

  /** Whether `key` may be absent from the mapping at `at` only because an unknown key there is its misspelling. */
  misspelt(at: YamlPath, ...keys: string[]): boolean {
    if (!this.errors.length) return false;
    const pointer = toPointer(at);
    return this.errors.some(
      (e) => e.instancePath === pointer && e.keyword === 'additionalProperties' && keys.some((k) => didYouMean(String(e.params.additionalProperty), [k]) === k),
    );
  }
}

function toPointer(p: YamlPath): string {
  return p.map((k) => '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
