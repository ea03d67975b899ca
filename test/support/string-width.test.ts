import stringWidth from 'string-width';
import bundledStringWidth from '../../support/bundle/string-width.js';

/**
 * The bundled CLI measures yargs' help with support/bundle/string-width.ts instead of the
 * string-width package (scripts/bundle.ts): it must measure as that package does.
 */
describe('the string width bundled in place of string-width', () => {
  const samples: [string, string][] = [
    ['empty', ''],
    ['ASCII', '--snapshot  Estate file to scan (repeatable)'],
    ['ellipsis and arrows', 'a JSON array of ARM resources, {"value":[…]} → reports'],
    ['accents, composed and combining', 'Café crème, cafe\u0301 cre\u0300me'],
    ['CJK, full width', '日本語のヘルプ ＡＢＣ'],
    ['Hangul', '한국어 도움말'],
    ['emoji and a ZWJ sequence', 'GPU 🚀 and 👩‍💻 and 🇸🇪'],
    ['keycap', '1\u20e3 #\u20e3'],
    ['ANSI colours', '\u001b[31mred\u001b[39m and \u001b[1mbold\u001b[22m'],
    ['controls and invisible characters', 'a\u0007b\u200bc\u00add\ufeffe'],
    ['ambiguous width', '±×÷ αβγ ①②'],
  ];

  it.each(samples)('measures %s as string-width does', (_name, text) => {
    expect(bundledStringWidth(text)).toBe(stringWidth(text));
  });

  it('measures a non-string as nothing', () => {
    expect(bundledStringWidth(undefined)).toBe(0);
    expect(bundledStringWidth(42)).toBe(0);
  });
});
