/**
 * Where headless Chromium is: the first `chromium` or `chromium-browser` on PATH, as .ci/run looks
 * for it. Under CI a missing browser fails the browser tests instead of skipping them, so a green
 * CI run always means the HTML report was rendered.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

export const chromiumPath = onPath('chromium') ?? onPath('chromium-browser');

/** Skip browser tests on a developer machine without Chromium; never under CI. */
export const skipWithoutChromium = !chromiumPath && !process.env.CI;
