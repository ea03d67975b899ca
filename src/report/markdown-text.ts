import { visibleText } from '../text/visible-text.js';

/**
 * The only ways text from the estate, the rules or the configuration enters aiscan's Markdown
 * (aiscan.md, the diff, SARIF's rule help), which GitHub renders in a job summary, a pull-request
 * comment or beside a code-scanning alert. There it must stay text: no HTML element or comment, no
 * link or image, no autolink, no @mention or #reference that notifies someone or links an issue,
 * no new line, table cell, heading, list or quote.
 *
 * - `visibleText` first: a line break cannot end the line (or the table row, or the code span),
 *   and invisible characters are shown.
 * - A word a linkifier could turn into a link or a reference (it holds `@`, `#`, `:` before a
 *   letter or `/`, `www`, `GH-1`, a dot before two letters as `example.com` does, or looks like an
 *   IP address) goes into a code span. GitHub links bare URLs (`https://`, `www.`) and e-mail
 *   addresses while parsing, and @mentions, team mentions and #123 references afterwards, in the
 *   rendered text, where a backslash escape is long gone; only code is left alone by both.
 * - Every other character Markdown gives a meaning inline is escaped with a backslash, `&` as
 *   `&amp;` (so `&#x202E;` stays text), `|` included (GitHub splits table rows on it before
 *   anything else), `$` included (GitHub renders math between dollars).
 * - At the start of the text, what would open a block (`#`, `-`, `+`, `=`, `1.`, indentation)
 *   is escaped too, so the text is safe on a line of its own.
 */
export function escapeMarkdown(text: string): string {
  return inlineMarkdown(visibleText(text), true);
}

/**
 * Inline code that survives any content: each fence is longer than the longest backtick run inside.
 * A `|` is written between code spans, as `\|`: GitHub splits table rows on `|` even inside code,
 * and a `\|` inside code shows its backslash outside a table, so this is right in both places.
 */
export function codeSpan(text: string): string {
  const content = visibleText(text);
  if (content === '') return '` `';
  return content
    .split('|')
    .map((piece) => (piece === '' ? '' : span(piece)))
    .join('\\|');
}

function span(content: string): string {
  const longestRun = longestBacktickRun(content);
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark drops one space at each end when both ends have one (and something else is inside): pad to keep them.
  const spaced = content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content);
  const pad = longestRun > 0 || content.startsWith('`') || content.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced block whose fence cannot be closed by the content. */
export function codeBlock(text: string, language = ''): string[] {
  const content = visibleText(text, 'block');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(content) + 1));
  return [`${fence}${language}`, content, fence];
}

/** A loop, not Math.max(...runs): a name can hold more runs than a call can take arguments. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const [run] of text.matchAll(/`+/g)) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * Prose from a rule file (title, description, fix): rule authors write inline code in backticks
 * (`nodeTaints`), and that is all the Markdown a rule may use. A user's rule folder is input like
 * any other, so the rest is escaped as `escapeMarkdown` does.
 */
export function ruleMarkdown(text: string): string {
  const prose = visibleText(text);
  // A code span runs from a backtick run to the next run of the same length; an unmatched run is
  // literal backticks, escaped with the prose around it. One pass, whatever the text holds.
  const runs = [...prose.matchAll(/`+/g)].map((match) => ({ at: match.index, length: match[0].length }));
  const sameLength = new Map<number, { runs: number[]; next: number }>();
  runs.forEach((run, i) => {
    const entry = sameLength.get(run.length);
    if (entry) entry.runs.push(i);
    else sameLength.set(run.length, { runs: [i], next: 0 });
  });
  let out = '';
  let from = 0;
  for (let i = 0; i < runs.length; i++) {
    const closing = nextRun(sameLength, runs[i].length, i);
    if (closing === undefined) continue;
    const [open, close] = [runs[i], runs[closing]];
    out = adjoin(adjoin(out, inlineMarkdown(prose.slice(from, open.at), from === 0)), codeSpan(spanContent(prose.slice(open.at + open.length, close.at))));
    from = close.at + close.length;
    i = closing;
  }
  return adjoin(out, inlineMarkdown(prose.slice(from), from === 0));
}

/** Two pieces side by side; a space between two code spans that touch, whose fences would otherwise run together into one. */
function adjoin(left: string, right: string): string {
  return left.endsWith('`') && right.startsWith('`') ? `${left} ${right}` : left + right;
}

/** The first run after run `i` as long as it; each length's pointer only moves forward, as `i` does. */
function nextRun(sameLength: Map<number, { runs: number[]; next: number }>, length: number, i: number): number | undefined {
  const entry = sameLength.get(length)!;
  while (entry.next < entry.runs.length && entry.runs[entry.next] <= i) entry.next++;
  return entry.runs[entry.next];
}

/** CommonMark drops one space at each end of a code span's content when both are there. */
function spanContent(content: string): string {
  return /^ .*[^ ].* $/.test(content) ? content.slice(1, -1) : content;
}

const DOT = '[.\\u3002\\uFF0E\\uFF61]';
const LINKABLE = new RegExp(`[@#\\uFF20\\uFF03]|:[\\p{L}/]|^www|\\bGH-\\d|${DOT}\\p{L}{2}|\\d${DOT}\\d+${DOT}\\d`, 'iu');
const INLINE_SYNTAX = /[\\`*_[\]<>|~$!]/g;
const WORD = /[^ |]+/g;

const plainWord = (word: string) => word.replace(/&/g, '&amp;').replace(INLINE_SYNTAX, '\\$&');
/** Punctuation around a word, kept outside its code span so that a sentence reads as one: `(x.json).`, not `` `(x.json).` ``. */
const AROUND = /^([("'[]*)(.*?)([)"'\].,;:!?]*)$/su;

/** A word GitHub could turn into a link or a mention: in a code span, where it never does. */
function linkableWord(word: string): string {
  const [, before, core, after] = AROUND.exec(word)!;
  return core === '' ? span(word) : `${plainWord(before)}${span(core)}${plainWord(after)}`;
}

/** Text already passed through `visibleText`, escaped word by word; `atLineStart` also escapes what would open a block. */
function inlineMarkdown(text: string, atLineStart: boolean): string {
  // Words end at spaces and at `|`, so that no code span holds a `|` (see codeSpan). Escaping is
  // character by character, so the text between linkable words is escaped in one piece.
  let escaped = '';
  let plainFrom = 0;
  for (const { 0: word, index } of text.matchAll(WORD)) {
    if (!LINKABLE.test(word)) continue;
    escaped += plainWord(text.slice(plainFrom, index)) + linkableWord(word);
    plainFrom = index + word.length;
  }
  escaped += plainWord(text.slice(plainFrom));
  if (!atLineStart) return escaped;
  return escaped.replace(/^ /, '&#32;').replace(/^([#+\-=])/, '\\$1').replace(/^(\d{1,9})([.)])/, '$1\\$2');
}
