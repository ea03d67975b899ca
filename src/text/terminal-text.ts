import { codePointEscape, visibleText, type TextShape } from './visible-text.js';

/**
 * Text from the estate, the rules or the configuration, for a terminal or a CI log.
 *
 * A terminal obeys the control characters in it (ESC sequences move the cursor, recolour and
 * erase; CR returns to the start of the line), so `visibleText` shows them instead. A CI runner
 * obeys commands written in its log:
 * - GitHub Actions runs a line that starts with `::` after leading whitespace (`::error …::`,
 *   `::add-mask::`, `::stop-commands::` which switches every later command off), and its legacy
 *   form `##[command]` anywhere in a line (actions/runner, ActionCommand.TryParseV2 / TryParse).
 * - Azure Pipelines runs `##vso[command]` anywhere in a line, in any case, and formats `##[…]`.
 * So the first character of each of these is written as `\u003A` or `\u0023`, and no text from
 * the estate can be a command, whatever line it lands on.
 */
export function terminalText(text: string, shape: TextShape = 'line'): string {
  return neutraliseCommands(visibleText(text, shape));
}

/** What aiscan's own progress line starts with to redraw itself on a terminal: CR, then "erase line". */
export const REDRAW = '\r\x1b[2K';

/**
 * Everything the CLI prints goes through this, whatever it holds: a second line of defence behind
 * `terminalText`, so that a value someone forgot to pass through it still cannot rewrite the
 * terminal or command the runner. The one exception is the redraw sequence at the very start of
 * a chunk, which only the progress line writes.
 */
export function guardTerminalOutput(chunk: string): string {
  const redraw = chunk.startsWith(REDRAW) ? REDRAW : '';
  return redraw + terminalText(chunk.slice(redraw.length), 'block');
}

/** .NET's TrimStart (what the runner uses) trims every Unicode white space, NEL included. */
const LINE_START_COMMAND = /^([\s\u0085]*):(?=:)/gm;
const ANYWHERE_COMMAND = /#(?=#(?:vso)?\[)/gi;

function neutraliseCommands(text: string): string {
  return text.replace(LINE_START_COMMAND, (_, space: string) => space + codePointEscape(':')).replace(ANYWHERE_COMMAND, codePointEscape('#'));
}
