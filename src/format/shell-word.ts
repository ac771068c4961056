/**
 * A word as a POSIX shell reads it back unchanged: left bare when it holds only characters no shell
 * treats specially, else in single quotes (a quote inside written '\''). For commands promptgate
 * prints for people to paste, whose paths and ids come from files.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
