import type { CompiledRule } from '../engine/rule.js';
import { severityRank } from '../engine/rule.js';
import type { ScopeSettings } from './config.js';

/**
 * A setting that makes a scan check less than, or differently from, what aiscan's built-in
 * rules check by default. Every report lists them, so that a gate loosened by its own
 * configuration (every rule turned down to `info`, a scope that excludes everything) never
 * reads like a clean result. Raising a severity is not listed: it only makes the gate stricter.
 */
export interface ConfigChange {
  kind: 'builtin-rules-off' | 'rule-disabled' | 'severity-lowered' | 'parameter-changed' | 'scope-included' | 'scope-excluded';
  /** The file or flag that made the change. */
  source: string;
  ruleId?: string;
  /** Before and after, for a severity or a parameter; the scope, for a scope. */
  from?: string;
  to?: string;
  /** One sentence for people, with the source. */
  text: string;
}

export interface ConfigChangeInputs {
  /** Every rule loaded, before the configuration selected and re-graded them. */
  loaded: readonly CompiledRule[];
  /** The rules that run, with the severities they run at. */
  selected: readonly CompiledRule[];
  /** Set when the built-in pack was left out: the flag or file that did it. */
  builtinRulesOffBy?: string;
  parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  scopes?: ScopeSettings;
  /** The config file the rest came from. */
  configFile?: string;
}

export function describeConfigChanges(inputs: ConfigChangeInputs): ConfigChange[] {
  const source = inputs.configFile ?? 'the configuration';
  const changes: ConfigChange[] = [];
  if (inputs.builtinRulesOffBy !== undefined) {
    changes.push({ kind: 'builtin-rules-off', source: inputs.builtinRulesOffBy, text: `The built-in rules are left out (${inputs.builtinRulesOffBy}); only other rule folders run.` });
  }
  const selected = new Map(inputs.selected.map((rule) => [rule.id, rule]));
  for (const rule of inputs.loaded.filter((candidate) => candidate.builtin)) {
    const running = selected.get(rule.id);
    if (!running) {
      changes.push({ kind: 'rule-disabled', source, ruleId: rule.id, text: `${rule.id} (${rule.title}) is disabled (rules.include or rules.exclude in ${source}).` });
      continue;
    }
    if (severityRank(running.severity) < severityRank(rule.severity)) {
      changes.push({
        kind: 'severity-lowered',
        source,
        ruleId: rule.id,
        from: rule.severity,
        to: running.severity,
        text: `${rule.id} (${rule.title}) runs at severity ${running.severity} instead of ${rule.severity} (rules.severity in ${source}).`,
      });
    }
    for (const [name, value] of Object.entries(inputs.parameters?.[rule.id] ?? {})) {
      const byDefault = rule.parameters?.[name]?.default;
      if (JSON.stringify(value) === JSON.stringify(byDefault)) continue;
      const [from, to] = [JSON.stringify(byDefault), JSON.stringify(value)];
      changes.push({ kind: 'parameter-changed', source, ruleId: rule.id, from, to, text: `${rule.id} (${rule.title}) runs with ${name} = ${to} instead of ${from} (rules.parameters in ${source}).` });
    }
  }
  for (const scope of inputs.scopes?.include ?? []) {
    changes.push({ kind: 'scope-included', source, to: scope, text: `Only resources in ${scope} and the other scopes.include entries are checked (scopes.include in ${source}).` });
  }
  for (const scope of inputs.scopes?.exclude ?? []) {
    changes.push({ kind: 'scope-excluded', source, to: scope, text: `Resources in ${scope} are not checked (scopes.exclude in ${source}).` });
  }
  return changes;
}
