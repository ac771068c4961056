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

  /** What the faults say of one case at `at` and of the suite keys it inherits. */
  ofCase(at: YamlPath): CaseFaults {
    // A sound suite (the usual one) answers every case alike, building no paths.
    return this.errors.length ? new FaultsOfCase(this, at) : NONE;
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

/** ShapeFaults asked about one case: each key at the suite's top level, the case's, or both. */
export interface CaseFaults {
  /** Nothing wrong under the suite's `key`. */
  suiteSound(key: string): boolean;
  /** Nothing wrong under the case's `key`. */
  caseSound(key: string): boolean;
  /** Nothing wrong under the suite's `key` nor the case's. */
  sound(key: string): boolean;
  /** The case's `key` may be absent only because an unknown key of the case is its misspelling. */
  caseMisspelt(key: string): boolean;
  /** The suite's or the case's `key` may be absent only because it is misspelt there. */
  misspelt(key: string): boolean;
  /** Sound at both levels and misspelt at neither: a check may read `key` and conclude from its absence. */
  readable(key: string): boolean;
}

const NONE: CaseFaults = {
  suiteSound: () => true,
  caseSound: () => true,
  sound: () => true,
  caseMisspelt: () => false,
  misspelt: () => false,
  readable: () => true,
};

class FaultsOfCase implements CaseFaults {
  private readonly faults: ShapeFaults;
  private readonly at: YamlPath;
  constructor(faults: ShapeFaults, at: YamlPath) {
    this.faults = faults;
    this.at = at;
  }

  suiteSound(key: string): boolean {
    return this.faults.soundUnder([key]);
  }
  caseSound(key: string): boolean {
    return this.faults.soundUnder([...this.at, key]);
  }
  sound(key: string): boolean {
    return this.suiteSound(key) && this.caseSound(key);
  }
  caseMisspelt(key: string): boolean {
    return this.faults.misspelt(this.at, key);
  }
  misspelt(key: string): boolean {
    return this.faults.misspelt([], key) || this.caseMisspelt(key);
  }
  readable(key: string): boolean {
    return this.sound(key) && !this.misspelt(key);
  }
}

function toPointer(p: YamlPath): string {
  return p.map((k) => '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
