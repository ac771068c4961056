/**
 * The stem that names a cassette's folder (from the suite name) or file (from the case id): no two
 * names share one, on any filesystem promptgate runs on, and none leaves its folder.
 *
 * The library (`cassetteFile`, describeSuite) takes any string, so every name gets a stem rather
 * than the loader refusing awkward ones.
 *
 * A safe name is its own stem, so existing cassettes keep their names: lowercase letters, digits,
 * `_` and `-` in dot-separated parts, at most 128 characters, whose last part is no suffix the
 * scheme appends (`.r2`, `.grade-1`, `.cont-1`) and whose first is no Windows device name (`con`).
 *
 * Any other name is escaped and tagged with a hash of the exact name (`a/b` -> `a~2fb~<8 hex>`):
 * - lowercased, and everything outside [a-z0-9_-] escaped (`~xx`, `~uxxxx` per UTF-16 unit), so no
 *   stem holds a separator, a dot, NUL or a Windows-forbidden character, and case-insensitive
 *   filesystems cannot join two stems;
 * - the hash keeps apart what lowercasing joined (`Billing`, `BILLING`) and what the 64-character
 *   cut joined (the cut keeps stem, suffixes and temp suffix under the 255-byte name limit);
 * - `~` never appears in a safe name, so an escaped stem never equals a safe one.
 */
import { createHash } from 'node:crypto';

/** The folder cassettes are read from and written to when none is given (`--fixtures`). */
export const DEFAULT_FIXTURES = 'fixtures/';

const SAFE = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const SAFE_MAX = 128;
/** What the scheme appends after a stem (see cassetteFile): a stem may not end like it. */
const SCHEME_SUFFIX = /\.(?:r\d+|grade-\d+|cont-\d+)$/;
/** Windows' reserved device names, which it reserves with any extension (`aux.json.json`). */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/;
const READABLE_MAX = 64;

export function fileStem(name: string): string {
  if (isSafe(name)) return name;
  const folded = name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  let readable = '';
  for (let i = 0; i < folded.length; i++) readable += escapeUnit(folded.charCodeAt(i));
  return `${cutAtEscape(readable)}~${createHash('sha256').update(name, 'utf16le').digest('hex').slice(0, 8)}`;
}

function isSafe(name: string): boolean {
  return name.length <= SAFE_MAX && SAFE.test(name) && !SCHEME_SUFFIX.test(name) && !WINDOWS_DEVICE.test(name);
}

function escapeUnit(unit: number): string {
  const char = String.fromCharCode(unit);
  if (/^[a-z0-9_-]$/.test(char)) return char;
  return unit <= 0xff ? `~${unit.toString(16).padStart(2, '0')}` : `~u${unit.toString(16).padStart(4, '0')}`;
}

/** At most READABLE_MAX characters, never half an escape: readers see `~2f`, not `~2`. */
function cutAtEscape(readable: string): string {
  if (readable.length <= READABLE_MAX) return readable;
  const cut = readable.slice(0, READABLE_MAX);
  const partial = cut.match(/~(?:u[0-9a-f]{0,3}|[0-9a-f]?)$/);
  return partial ? cut.slice(0, partial.index) : cut;
}
