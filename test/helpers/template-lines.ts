import { readFileSync } from 'node:fs';
import { findNodeAtOffset, parseTree, type Node } from 'jsonc-parser';

/**
 * Where things are in a template or Bicep file, read from its text: the lines a test expects a
 * finding on are found here, never copied from aiscan's output, so a locator that drifts fails.
 */

const texts = new Map<string, string>();
function textOf(file: string): string {
  let text = texts.get(file);
  if (text === undefined) texts.set(file, (text = readFileSync(file, 'utf8')));
  return text;
}

function lineAtOffset(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

function offsetOf(file: string, needle: string | RegExp, from = 0): number {
  const text = textOf(file);
  if (typeof needle === 'string') {
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`${file}: ${JSON.stringify(needle)} not found after offset ${from}`);
    return at;
  }
  const pattern = new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`);
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (!match) throw new Error(`${file}: ${needle} not found after offset ${from}`);
  return match.index;
}

/** Offset to search from: after the first `after` (itself a needle, or a chain of them, each after the one before). */
function startOf(file: string, after: string | RegExp | readonly (string | RegExp)[] | undefined): number {
  const chain = after === undefined ? [] : Array.isArray(after) ? after : [after as string | RegExp];
  let from = 0;
  for (const needle of chain) from = offsetOf(file, needle, from) + 1;
  return from;
}

export type After = string | RegExp | readonly (string | RegExp)[];

/** The 1-based line of the first `needle` in `file` that comes after `after`. */
export function lineOf(file: string, needle: string | RegExp, after?: After): number {
  return lineAtOffset(textOf(file), offsetOf(file, needle, startOf(file, after)));
}

/**
 * The line of the `{` opening the JSON object that holds the first `needle` after `after`: a
 * resource declaration, found by a property written in it (its `"type": …`). jsonc-parser reads
 * the comments real templates carry.
 */
export function objectLineOf(file: string, needle: string | RegExp, after?: After): number {
  const text = textOf(file);
  const offset = offsetOf(file, needle, startOf(file, after));
  let node: Node | undefined = findNodeAtOffset(parseTree(text)!, offset);
  while (node && node.type !== 'object') node = node.parent;
  if (!node) throw new Error(`${file}: no object holds ${JSON.stringify(needle)}`);
  return lineAtOffset(text, node.offset);
}

/** The line of a Bicep `resource NAME '…'` or `module NAME '…'` statement. */
export function bicepStatementLine(file: string, symbolicName: string): number {
  return lineOf(file, new RegExp(`^(?:resource|module) ${symbolicName} '`, 'm'));
}
