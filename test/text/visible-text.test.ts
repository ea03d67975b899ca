import { visibleText, type TextShape } from '../../src/text/visible-text.js';

/** The documented outcome for one character, written out case by case rather than with the module's own expressions. */
function expectedFor(character: string, shape: TextShape): string {
  const code = character.charCodeAt(0);
  if (character.length === 1 && code >= 0x20 && code <= 0x7e) return character;
  const lineBreaks = ['\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029'];
  if (shape === 'line' && (lineBreaks.includes(character) || character === '\t')) return ' ';
  if (shape === 'block' && (character === '\n' || character === '\t')) return character;
  if (/^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]$/u.test(character)) {
    return [...Array(character.length).keys()].map((at) => `\\u${character.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`).join('');
  }
  return character;
}

describe('visibleText', () => {
  // Every character below U+0800, the invisible ones beyond it, and a few that are visible.
  const characters = [
    ...Array.from({ length: 0x800 }, (_, code) => String.fromCharCode(code)),
    ...['\u200B', '\u200D', '\u202E', '\u2028', '\u2029', '\u2066', '\uFEFF', '\uD800', '\uDFFF', '\uFFFE', '\uFFFF', '\u{E0041}', 'é', '😀', '中'],
  ];

  it.each<TextShape>(['line', 'block'])('in a %s, shows each character as documented, alone and between plain text', (shape) => {
    for (const character of characters) {
      const expected = expectedFor(character, shape);
      expect([character, visibleText(character, shape)]).toEqual([character, expected]);
      expect([character, visibleText(`gpu-${character}-pool`, shape)]).toEqual([character, `gpu-${expected}-pool`]);
    }
  });

  it('turns CR LF into one space on a line and into LF in a block', () => {
    expect(visibleText('a\r\nb', 'line')).toBe('a b');
    expect(visibleText('a\r\nb\rc', 'block')).toBe('a\nb\\u000Dc');
  });

  it('returns plain text as it is: printable ASCII, and in a block also line feeds and tabs', () => {
    const evidence = '{\n\t"vmSize": "Standard_ND96asr_v4",\n  "tags": { "team": "a<b>&\'c" }\n}';
    expect(visibleText(evidence, 'block')).toBe(evidence);
    expect(visibleText(evidence, 'line')).toBe(evidence.replace(/[\n\t]/g, ' '));
  });
});
