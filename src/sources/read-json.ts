import { readFileSync } from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { UserError } from '../errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a UTF-8 file, without a byte-order mark. Fails with the file and the problem. */
export function readTextFile(file: string, what: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UserError(`${file}: cannot read ${what}: ${describeFsError(error)}`);
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new UserError(`${file}: ${what} is not valid UTF-8 text`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

/** Parses strict JSON; a syntax error names the file and line:column. */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse is fast but vague about where; jsonc-parser says exactly where.
    throw new UserError(`${file}:${describeSyntaxError(text)} (${what} must be valid JSON)`);
  }
}

export function readJsonFile(file: string, what: string): { text: string; value: unknown } {
  const text = readTextFile(file, what);
  return { text, value: parseJsonText(text, file, what) };
}

function describeSyntaxError(text: string): string {
  if (text.trim() === '') return '1:1: the file is empty';
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return '1:1: invalid JSON';
  const { line, column } = lineAndColumn(text, first.offset);
  return `${line}:${column}: invalid JSON: ${humanise(printParseErrorCode(first.error))}`;
}

function humanise(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
