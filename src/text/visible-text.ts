/**
 * What every output format does first with text that came from the estate, the rules or the
 * configuration: make every character that changes how text is shown, without being seen, either
 * a plain line break or visible.
 *
 * - Line breaks of any kind (CR LF, CR, LF, VT, FF, NEL, U+2028, U+2029) become one space in a
 *   value shown on one line: a lone CR or U+2028 is how a name starts a line of its own in a log,
 *   a table or a code span. A value shown as a block (evidence, remediation commands) keeps its
 *   LF (CR LF becomes LF), and shows the others as below, so that JSON text stays JSON.
 * - Tab is whitespace: a space on one line, kept in a block.
 * - Every other control and format character is written as JSON writes an escaped character,
 *   `\uXXXX` per UTF-16 code unit (so the escape reads back as the same character in JSON text):
 *   C0, DEL and C1 controls (ESC starts the ANSI sequences that rewrite a terminal), bidi
 *   embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069: "Trojan Source" reordering),
 *   zero-width characters and joiners (U+200B–U+200F, U+2060, U+FEFF), soft hyphen, the invisible
 *   Unicode tag characters (U+E0000–U+E007F, used to smuggle hidden text), lone surrogates, and the
 *   noncharacters U+FFFE and U+FFFF (which XML cannot hold). They are shown rather than dropped so
 *   that a reader sees that a name holds them.
 *
 * The price: an emoji built with a zero-width joiner shows its joiner as `\u200D`.
 */
const LINE_BREAK = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;
const CRLF = /\r\n/g;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]/gu;

export type TextShape = 'line' | 'block';

/** Text none of the steps changes: printable ASCII, and in a block also LF and tab (most evidence and every plain name). */
const PLAIN_LINE = /^[\x20-\x7e]*$/;
const PLAIN_BLOCK = /^[\t\n\x20-\x7e]*$/;

export function visibleText(text: string, shape: TextShape = 'line'): string {
  if ((shape === 'line' ? PLAIN_LINE : PLAIN_BLOCK).test(text)) return text;
  const broken = shape === 'line' ? text.replace(LINE_BREAK, ' ').replace(/\t/g, ' ') : text.replace(CRLF, '\n');
  return broken.replace(INVISIBLE, (character) => (character === '\n' || character === '\t' ? character : codePointEscape(character)));
}

/** `\u001B`; above U+FFFF, its surrogate pair (`\uDB40\uDC41` for U+E0041). */
export function codePointEscape(character: string): string {
  let escaped = '';
  for (let i = 0; i < character.length; i++) escaped += `\\u${character.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  return escaped;
}

