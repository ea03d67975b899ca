import type { Options } from 'ajv';
import { RE2JS } from 're2js';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

/**
 * The regular-expression engine for rule schemas' `pattern` and `patternProperties`.
 *
 * JavaScript's own engine backtracks: a rule pattern like `(a+)+$` against a long resource value
 * would hang the scan. So patterns run on RE2 (a pure-JavaScript port), which matches in time
 * linear in the input. RE2 has no lookaround and no backreferences; a pattern that needs them runs
 * on JavaScript's engine only in a shape that cannot backtrack badly (see backtrackingRisk), and
 * any other is refused when the rule loads, with the reason.
 */
export const safeRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): { test: (text: string) => boolean } => {
    let linear: RE2JS | undefined;
    let unsupported: string;
    try {
      linear = RE2JS.compile(RE2JS.translateRegExp(pattern));
    } catch (error) {
      unsupported = (error as Error).message;
    }
    if (linear) {
      const compiled = linear;
      return { test: (text: string) => compiled.test(text) };
    }
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
    const risk = backtrackingRisk(pattern);
    if (risk) {
      throw new Error(
        `pattern ${JSON.stringify(pattern)} cannot be matched safely: the linear-time engine does not support it (${unsupported!}), ` +
          `and on a backtracking engine it ${risk}; rewrite it without lookaround or backreferences`,
      );
    }
    return new RegExp(pattern, flags);
  },
  { code: 'safeRegExp' },
);

/**
 * Why a pattern could take more than linear time on a backtracking engine, or undefined when it
 * is in the shape accepted for patterns RE2 cannot run: anchored at the start (`^`), no repeated
 * group, and at most one unbounded repetition (`*`, `+`, `{n,}`) in the pattern and in each
 * lookaround. Conservative: it refuses some patterns that would be fine.
 */
export function backtrackingRisk(pattern: string): string | undefined {
  if (!pattern.startsWith('^')) return 'is not anchored with ^, so it is tried from every position';
  const unbounded: number[] = [0]; // per scope: the pattern, then each open lookaround
  const groups: boolean[] = []; // per open group: is it a lookaround
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (char === '(') {
      const lookaround = /^\(\?<?[=!]/.test(pattern.slice(i, i + 4));
      groups.push(lookaround);
      if (lookaround) unbounded.push(0);
      continue;
    }
    if (char === ')') {
      const lookaround = groups.pop();
      if (lookaround) unbounded.pop();
      if (/^[*+?{]/.test(pattern.slice(i + 1, i + 2))) return 'repeats a group';
      continue;
    }
    const quantifier = /^(?:[*+]|\{\d+,\})/.exec(pattern.slice(i, i + 12));
    if (quantifier && ++unbounded[unbounded.length - 1] > 1) return 'repeats without bound more than once';
  }
  return undefined;
}
