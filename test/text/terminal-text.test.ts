import fc from 'fast-check';
import { run } from '../../src/cli.js';
import { guardTerminalOutput, REDRAW, terminalText } from '../../src/text/terminal-text.js';

/** What GitHub's runner (ActionCommand.TryParseV2, TryParse) and Azure's agent would take as a command in a line. */
function commandsIn(line: string): boolean {
  return /^[\s\u0085]*::/.test(line) || line.includes('##[') || /##vso\[/i.test(line);
}

const CONTROL = /[^\n\P{Cc}]|[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]/u;

describe('terminalText: a value from the estate, for a terminal or a CI log', () => {
  it('cannot start a line, or hold an escape sequence', () => {
    expect(terminalText('gpu-1\n::error title=aiscan::All findings were resolved\n::stop-commands::x')).toBe(
      'gpu-1 ::error title=aiscan::All findings were resolved ::stop-commands::x',
    );
    expect(terminalText('\x1b[2J\x1b[1;1HPASS\r\u2028x\u009b31m')).toBe('\\u001B[2J\\u001B[1;1HPASS  x\\u009B31m');
  });

  it('cannot be a command when it starts a line, nor hold one mid-line', () => {
    expect(terminalText('  ::add-mask::x')).toBe('  \\u003A:add-mask::x');
    expect(terminalText('a ##[error]b ##vso[task.complete]c ##VSO[x]')).toBe('a \\u0023#[error]b \\u0023#vso[task.complete]c \\u0023#VSO[x]');
  });

  it('shows bidi controls, zero-width and tag characters, and lone surrogates as JSON escapes', () => {
    expect(terminalText('a\u202Eb\u2066c\u200Bd\u{E0041}e\uD800')).toBe('a\\u202Eb\\u2066c\\u200Bd\\uDB40\\uDC41e\\uD800');
    expect(JSON.parse(`"${terminalText('\u202E\u{E0041}')}"`)).toBe('\u202E\u{E0041}');
  });

  it('keeps the lines of a block (CR LF as LF), each of them safe, and shows any other line break', () => {
    expect(terminalText('az vm show\n::error::x\r\n##[group]y\r::z\u2028w', 'block')).toBe('az vm show\n\\u003A:error::x\n\\u0023#[group]y\\u000D::z\\u2028w');
  });

  it('leaves JSON text valid, and equal to what it was, when JSON is printed', () => {
    const value = { title: 'a\u2028b\u0085c\u202Ed ##[x] \u{E0041}', lines: 'x\ny\r\n::z' };
    const printed = guardTerminalOutput(JSON.stringify(value, null, 2) + '\n');
    expect(JSON.parse(printed)).toEqual(value);
  });

  it('for any text: one line, no control or invisible character, no command', () => {
    const pieces = fc.constantFrom('::', '##[', '##vso[', '##VSO[', '#', ':', '\n', '\r', '\u2028', '\u0085', ' ', '\u00A0', '\u3000', '\t', '\x1b', '\u009b', '\u202E', 'a');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const text = terminalText(parts.join(''));
        expect(text).not.toMatch(CONTROL);
        expect(text).not.toContain('\n');
        expect(commandsIn(text)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('guardTerminalOutput: everything the CLI prints', () => {
  it("keeps aiscan's own line breaks and the progress line's redraw, and nothing else that moves the cursor", () => {
    expect(guardTerminalOutput(`${REDRAW}aiscan: [0/1] sub: type`)).toBe(`${REDRAW}aiscan: [0/1] sub: type`);
    expect(guardTerminalOutput('one\ntwo\n')).toBe('one\ntwo\n');
    expect(guardTerminalOutput(`x${REDRAW}y\n`)).toBe('x\\u000D\\u001B[2Ky\n');
    expect(guardTerminalOutput('ok\n::error::forged\n  ##[warning]x\n')).toBe('ok\n\\u003A:error::forged\n  \\u0023#[warning]x\n');
  });

  it('is applied to what every command prints: a usage error quoting an argument cannot forge a line', async () => {
    let stdout = '';
    let stderr = '';
    const code = await run(['scna\n::error::forged\x1b[2J'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/^aiscan: /), '']);
    expect(stdout + stderr).not.toMatch(CONTROL);
    expect((stdout + stderr).split('\n').some(commandsIn)).toBe(false);
  });
});
