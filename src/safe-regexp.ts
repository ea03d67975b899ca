import type { Options } from 'ajv';
import { re2Module } from './load-on-use.js';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;

/**
 * The name ajv's generated code calls the engine by (its `code`): precompiled validators
 * (src/engine/rule-pack.ts) are given safeRegExp under this name.
 */
export const SAFE_REGEXP_NAME = 'safeRegExp';
/**
 * `toString` matters: ajv caches compiled patterns by it across every schema of one instance, so
 * two matchers with the same text would share one pattern (the first compiled wins).
 */
type Matcher = { test: (text: string) => boolean; toString: () => string };

/**
 * The regular-expression engine of every JSON Schema aiscan compiles (rules' `pattern` and
 * `patternProperties`, parameters substituted into them, aiscan's own file schemas).
 *
 * JavaScript's own engine backtracks: a pattern such as `(a+)+$` or `^a{0,1000}a{0,1000}a{0,1000}X`
 * takes polynomial or exponential time on a long value an attacker chose, and hangs the scan.
 * So patterns never run on it. They run on RE2 (re2js), whose time is linear in the input.
 * RE2 has no lookaround: leading lookaheads (`^(?!…)…`, the form rule parameters use) are
 * evaluated as separate RE2 matches at the start, which is exactly what they mean there; any other
 * pattern RE2 refuses (backreferences, lookbehind, a lookahead elsewhere, a repeat count above 1000)
 * is refused when the schema is compiled, with the reason.
 */
export const safeRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): Matcher => {
    try {
      new RegExp(pattern, flags); // compiled only, to tell a typo from a pattern RE2 cannot run; never matched
    } catch (error) {
      throw new Error(`pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(error as Error).message}`);
    }
    const name = () => `/${pattern}/${flags}`;
    const leading = splitLeadingLookaheads(pattern);
    if (!leading) return { test: compileLinear(pattern, pattern), toString: name };
    const rest = compileLinear(`^(?:${leading.rest})`, pattern);
    const conditions = leading.lookaheads.map(({ negative, body }) => ({ negative, test: compileLinear(`^(?:${body})`, pattern) }));
    return { test: (text) => conditions.every(({ negative, test }) => test(text) !== negative) && rest(text), toString: name };
  },
  { code: SAFE_REGEXP_NAME },
);

function compileLinear(source: string, pattern: string): (text: string) => boolean {
  try {
    const { RE2JS } = re2Module();
    const compiled = RE2JS.compile(RE2JS.translateRegExp(source));
    return (text) => compiled.test(text);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new Error(
      `pattern ${JSON.stringify(pattern)} is refused: aiscan matches patterns only in linear time (RE2), which does not support it (${reason}); ` +
        'rewrite it without backreferences, lookbehind or lookaheads other than at the start after ^, and with repeat counts of at most 1000',
    );
  }
}

interface LeadingLookaheads {
  lookaheads: { negative: boolean; body: string }[];
  rest: string;
}

/**
 * `^(?=A)(?!B)C` as [A, not B] and C, when the pattern has that shape: anchored at the start,
 * one or more lookaheads right after `^`, and no `|` outside groups in C (which would bind looser
 * than the lookaheads). Undefined for any other pattern. Nested lookarounds are left in A, B or C,
 * where RE2 refuses them.
 */
export function splitLeadingLookaheads(pattern: string): LeadingLookaheads | undefined {
  if (!pattern.startsWith('^(?=') && !pattern.startsWith('^(?!')) return undefined;
  const lookaheads: LeadingLookaheads['lookaheads'] = [];
  let at = 1;
  while (pattern.startsWith('(?=', at) || pattern.startsWith('(?!', at)) {
    const close = closingParenthesis(pattern, at);
    if (close === undefined) return undefined;
    lookaheads.push({ negative: pattern[at + 2] === '!', body: pattern.slice(at + 3, close) });
    at = close + 1;
  }
  const rest = pattern.slice(at);
  if (/^[*+?{]/.test(rest) || hasTopLevelAlternation(rest)) return undefined;
  return { lookaheads, rest };
}

/** Index of the `)` closing the group opened at `open`, skipping escapes and character classes. */
function closingParenthesis(pattern: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '[') i = endOfClass(pattern, i);
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i;
  }
  return undefined;
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === '[') i = endOfClass(source, i);
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
}

/** Index of the `]` ending the class opened at `open`, as JavaScript reads it (`[]` is empty, `[^]` any character). */
function endOfClass(source: string, open: number): number {
  let i = open + 1;
  if (source[i] === '^') i++;
  for (; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
  return i;
}

/**
 * safeRegExp for patterns it has already accepted (validators compiled by the build,
 * src/precompiled.ts): each is compiled on its first match, so that loading a validator costs
 * nothing for patterns a scan never reaches.
 */
export const acceptedSafeRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): Matcher => {
    let compiled: Matcher | undefined;
    return { test: (text) => (compiled ??= safeRegExp(pattern, flags)).test(text), toString: () => `/${pattern}/${flags}` };
  },
  { code: SAFE_REGEXP_NAME },
);
