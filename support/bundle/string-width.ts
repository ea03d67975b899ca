/**
 * Bundled in place of the `string-width` package, which yargs and its layout modules use to
 * measure help text: that package builds its Unicode property patterns and a segmenter when it is
 * loaded, a twentieth of a scan's start-up, though only `--help` measures anything. This one
 * builds them on its first non-ASCII measure, and counts as string-width does: escape sequences
 * take no columns, nor do marks, controls and other invisible code points; an emoji takes two, and
 * the rest as their East Asian width says (ambiguous ones narrow). Checked against string-width
 * itself by test/support/string-width.test.ts (scripts/bundle.ts puts it in place).
 */
import { eastAsianWidth } from 'get-east-asian-width';
import stripAnsi from 'strip-ansi';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

let unicode: { segmenter: Intl.Segmenter; invisible: RegExp; emoji: RegExp; keycap: RegExp } | undefined;

export default function stringWidth(text: unknown): number {
  if (typeof text !== 'string' || text === '') return 0;
  const plain = stripAnsi(text);
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  unicode ??= {
    segmenter: new Intl.Segmenter(),
    // Made with the constructor: TypeScript's target predates the `v` flag that Node 20 has.
    invisible: new RegExp('^[\\p{Default_Ignorable_Code_Point}\\p{Control}\\p{Format}\\p{Mark}\\p{Surrogate}]+$', 'v'),
    emoji: new RegExp('^\\p{RGI_Emoji}$', 'v'),
    keycap: /^[\d#*]\u20E3$/,
  };
  let width = 0;
  for (const { segment } of unicode.segmenter.segment(plain)) {
    if (unicode.invisible.test(segment)) continue;
    if (unicode.emoji.test(segment) || unicode.keycap.test(segment)) {
      width += 2;
      continue;
    }
    width += eastAsianWidth(segment.codePointAt(0)!);
  }
  return width;
}
