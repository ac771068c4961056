/** The one function outside text passes through on its way to a terminal or CI log (src/format/outside-text.ts). */
import { describe, expect, it } from 'vitest';
import { noLegacyCommand, outsideLine, outsideLines, outsideLog, showControls } from '../../src/format/outside-text.ts';

describe('outside text, inert', () => {
  it('shows control characters, DEL, C1 and bidi controls as \\uXXXX; keeps tab, text and emoji', () => {
    expect(showControls('a\x1b[2Jb\x07\x7f\u009b\u0085\u202e\u2066\u200f\u2028\tz 🙂')).toBe(
      'a\\u001b[2Jb\\u0007\\u007f\\u009b\\u0085\\u202e\\u2066\\u200f\\u2028\tz 🙂',
    );
    expect(showControls('lone \ud800 half')).toBe('lone \\ud800 half');
  });

  it('one line: CR and LF shown, so nothing overwrites a line or starts a new one', () => {
    expect(outsideLine('ok\rFAIL')).toBe('ok\\u000dFAIL');
    expect(outsideLine('a\r\n::error::x')).toBe('a\\u000d\\u000a::error::x');
  });

  it('no workflow command: `::` after leading whitespace, `##[` anywhere', () => {
    expect(outsideLine('::add-mask::x')).toBe('\\u003a:add-mask::x');
    expect(outsideLine(' \t::stop-commands::tok')).toBe(' \t\\u003a:stop-commands::tok');
    expect(outsideLine('a ::b')).toBe('a ::b');
    expect(outsideLine('x ##[error]y ###[z')).toBe('x ##\\u005berror]y ###\\u005bz');
    expect(noLegacyCommand('##[group]')).toBe('##\\u005bgroup]');
  });

  it('many lines: each one after the first behind the prefix; CRLF is a break, a lone CR is shown', () => {
    expect(outsideLines('first\r\n::error::x\nthird\rover', '  │ ')).toBe('first\n  │ \\u003a:error::x\n  │ third\\u000dover');
  });

  it('a log of lines that cannot be told apart: each line inert on its own', () => {
    expect(outsideLog("error: bad 'x\n::error::y'\n")).toBe("error: bad 'x\n\\u003a:error::y'\n");
  });
});
