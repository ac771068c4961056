/**
 * The stem that names a cassette's folder (from the suite name) or file (from the case id): no two
 * names share one, on any filesystem promptgate runs on, and none leaves its folder.
 *
 * Refusing awkward names instead would be the suite loader's call and would only cover suites; the
 * library (`cassetteFile`, describeSuite) takes any string. So every name gets a stem.
 *
 * A name that is already safe is its own stem, so cassettes recorded before this rule keep their
 * names: lowercase letters, digits, `_` and `-`, in dot-separated parts, at most 128 characters
 * (the suite schema's limit), whose last part is not one the naming scheme appends (`.r2`,
 * `.grade-1`, `.cont-1`) and whose first part is not a device name Windows reserves (`con`, `aux.json`).
 *
 * Any other name is escaped, then tagged with a hash of the exact name:
 * `a/b` -> `a~2fb~<8 hex>`, `Billing` -> `billing~<8 hex>`. Why each part:
 * - ASCII letters are lowercased and everything outside [a-z0-9_-] is escaped (`~` and two hex
 *   digits; `~u` and four past U+00FF, per UTF-16 unit so even a lone surrogate is kept apart). No
 *   stem then holds a separator, a dot (so no `..`, no suffix of the scheme), NUL or a character
 *   Windows forbids, and every stem is lowercase: names that differ only by case cannot meet on a
 *   case-insensitive filesystem (macOS's and Windows' defaults) as the same file.
 * - The hash keeps apart what lowercasing joined (`Billing`, `BILLING`), and names whose readable
 *   part is cut at 64 characters so stem, suffixes and the atomic write's temp suffix stay well
 *   under the 255-byte file-name limit even for a name of emoji. 8 hex digits: two names in one
 *   suite meet only if they fold or cut alike and still share 32 bits of SHA-256.
 * - `~` never appears in a safe name, so an escaped stem never equals a safe one.
 */
import { createHash } from 'node:crypto';

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
