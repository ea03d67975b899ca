import { pathToPointer } from '../ajv.js';
import { loadRules } from '../engine/load-rules.js';
import type { CompiledRule } from '../engine/rule.js';
import { isUserError } from '../errors.js';

/** The parameter values of one case of one rule, to load the rule with. */
export interface ParameterRequest {
  rule: CompiledRule;
  parameters: Record<string, unknown>;
}

/** Why a request could not be loaded: the parameter's name (if one is to blame) and the reason. */
export interface ParameterProblem {
  request: ParameterRequest;
  /** `/name` when one parameter is to blame, else empty. */
  at: string;
  reason: string;
}

/** Stands for the configuration file in loadRules' errors, so that an error can be traced back to its case. */
const SOURCE = 'the parameters of a test case';

/** A key for a set of values: the same values give the same key, whatever the order of their names. */
export function parameterKey(parameters: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(sortKeys(parameters));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/**
 * Compiles rules with cases' parameter values the way a scan compiles them with a configuration's:
 * `loadRules` over the same folders, all rules side by side in one ajv, the values as overrides.
 * Each load can carry one set of values per rule, so the loads needed are as many as the most sets
 * any one rule has, not one per case. A request whose values the rule refuses is set aside as a
 * problem (and the load retried without it); any other error is the folders' and is thrown.
 */
export function loadWithParameters(
  directories: readonly string[],
  requests: readonly ParameterRequest[],
): { rules: Map<ParameterRequest, CompiledRule>; problems: ParameterProblem[] } {
  const rules = new Map<ParameterRequest, CompiledRule>();
  const problems: ParameterProblem[] = [];
  const rounds: ParameterRequest[][] = [];
  for (const request of requests) {
    let round = rounds.find((candidate) => !candidate.some((other) => other.rule.file === request.rule.file));
    if (!round) rounds.push((round = []));
    round.push(request);
  }
  for (let round of rounds) {
    while (round.length > 0) {
      try {
        const parameters = Object.fromEntries(round.map((request) => [request.rule.id, request.parameters]));
        const loaded = loadRules({ directories, builtin: false, parameters, configFile: SOURCE });
        for (const request of round) rules.set(request, loaded.find((rule) => rule.file === request.rule.file)!);
        break;
      } catch (error) {
        const problem = isUserError(error) ? blame(round, error.message) : undefined;
        if (!problem) throw error;
        problems.push(problem);
        round = round.filter((request) => request !== problem.request);
      }
    }
  }
  return { rules, problems };
}

/** The request an error from loadRules is about: its message starts `SOURCE: at /rules/parameters/<id>[/<name>]: `. */
function blame(round: readonly ParameterRequest[], message: string): ParameterProblem | undefined {
  for (const request of round) {
    const prefix = `${SOURCE}: at ${pathToPointer(['rules', 'parameters', request.rule.id])}`;
    if (!message.startsWith(prefix)) continue;
    const rest = /^(\/[^:]*)?: ([\s\S]*)$/.exec(message.slice(prefix.length));
    if (rest) return { request, at: rest[1] ?? '', reason: rest[2] };
  }
  return undefined;
}
