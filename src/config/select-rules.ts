import { pathToPointer } from '../ajv.js';
import type { CompiledRule, Severity } from '../engine/rule.js';
import { UserError } from '../errors.js';
import { globToRegExp, isGlob } from '../glob.js';
import { equalsIgnoringCase } from '../ids.js';

/** The part of the config that picks rules and re-grades them. */
export interface RuleSelection {
  include?: readonly string[];
  exclude?: readonly string[];
  severity?: Readonly<Record<string, Severity>>;
  /** The file the selection came from, for error messages. */
  source?: string;
}

/** `area:x`, `tag:x`, a glob over ids, or an id or name (ignoring case). */
export function ruleSelector(selector: string): (rule: CompiledRule) => boolean {
  const [kind, value] = selector.includes(':') ? selector.split(/:(.*)/s) : ['', selector];
  if (kind === 'area') return (rule) => rule.area === value;
  if (kind === 'tag') return (rule) => (rule.tags ?? []).includes(value);
  if (isGlob(selector)) {
    const pattern = globToRegExp(selector);
    return (rule) => pattern.test(rule.id);
  }
  return (rule) => equalsIgnoringCase(rule.id, selector) || equalsIgnoringCase(rule.name, selector);
}

/**
 * Applies include/exclude and severity overrides. A selector that matches no rule is a mistake
 * a user wants to hear about: for `include` and `severity` it would silently change nothing
 * (or run nothing), so it is an error; for `exclude` it is a warning, since a rule pack that
 * dropped a rule should not break every config that excluded it.
 */
export function selectRules(rules: readonly CompiledRule[], selection: RuleSelection): { rules: CompiledRule[]; warnings: string[] } {
  const where = selection.source ?? 'config';
  const warnings: string[] = [];
  const matcher = (list: 'include' | 'exclude', selector: string, index: number) => {
    const matches = ruleSelector(selector);
    if (!rules.some(matches)) {
      const message = `${where}: at /rules/${list}/${index}: "${selector}" matches no rule (aiscan rules list shows them)`;
      if (list === 'include') throw new UserError(message);
      warnings.push(message);
    }
    return matches;
  };
  const include = selection.include?.map((selector, index) => matcher('include', selector, index));
  const exclude = (selection.exclude ?? []).map((selector, index) => matcher('exclude', selector, index));
  const overrides = Object.entries(selection.severity ?? {}).map(([selector, severity]) => {
    const matches = ruleSelector(selector);
    if (!rules.some(matches)) throw new UserError(`${where}: at ${pathToPointer(['rules', 'severity', selector])}: "${selector}" matches no rule (aiscan rules list shows them)`);
    return { matches, severity };
  });

  const selected = rules
    .filter((rule) => (include === undefined || include.some((m) => m(rule))) && !exclude.some((m) => m(rule)))
    .map((rule) => {
      const override = overrides.filter(({ matches }) => matches(rule)).pop();
      return override && override.severity !== rule.severity ? { ...rule, severity: override.severity } : rule;
    });
  if (selected.length === 0) throw new UserError(`${where}: rules.include and rules.exclude leave no rule to run`);
  return { rules: selected, warnings };
}
