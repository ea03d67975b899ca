import { pathToPointer } from '../ajv.js';
import { UserError } from '../errors.js';
import type { RuleDefinition } from './rule.js';

/** `{"$param": "name"}` anywhere in a schema is replaced by the parameter's value. */
export function substituteParameters(
  schema: unknown,
  values: Readonly<Record<string, unknown>>,
  where: { file: string; pointer: string },
): unknown {
  if (Array.isArray(schema)) {
    return schema.map((entry, index) => substituteParameters(entry, values, { ...where, pointer: `${where.pointer}/${index}` }));
  }
  if (typeof schema !== 'object' || schema === null) return schema;
  const record = schema as Record<string, unknown>;
  if (Object.keys(record).length === 1 && typeof record.$param === 'string') {
    if (!Object.prototype.hasOwnProperty.call(values, record.$param)) {
      throw new UserError(
        `${where.file}: at ${where.pointer}: parameter "${record.$param}" is not declared under "parameters"; declare it with a default`,
      );
    }
    return values[record.$param];
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    // Defined, not assigned: a schema key spelled `__proto__` (a property of that name) stays a key.
    const substituted = substituteParameters(value, values, { ...where, pointer: `${where.pointer}/${key}` });
    Object.defineProperty(result, key, { value: substituted, writable: true, enumerable: true, configurable: true });
  }
  return result;
}

/** Where parameter overrides come from (the config file), for errors that name the file and the place. */
export interface OverrideSource {
  file: string;
}

/** `file: at /rules/parameters/ID[/name]`: how an error about an override starts. */
export function overrideAt(source: OverrideSource | undefined, ruleId: string, name?: string): string {
  return `${source?.file ?? 'the configuration'}: at ${pathToPointer(['rules', 'parameters', ruleId, ...(name === undefined ? [] : [name])])}`;
}

export function parameterValues(
  rule: RuleDefinition,
  overrides: Readonly<Record<string, unknown>> = {},
  source?: OverrideSource,
): Record<string, unknown> {
  // No prototype: a parameter named `constructor` or `toString` is a parameter like any other.
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, parameter] of Object.entries(rule.parameters ?? {})) values[name] = parameter.default;
  for (const [name, value] of Object.entries(overrides)) {
    if (!rule.parameters || !Object.prototype.hasOwnProperty.call(rule.parameters, name)) {
      const known = Object.keys(rule.parameters ?? {});
      throw new UserError(
        `${overrideAt(source, rule.id, name)}: rule ${rule.id} has no parameter "${name}"; ${known.length ? `it takes: ${known.join(', ')}` : 'it takes no parameters'}`,
      );
    }
    values[name] = value;
  }
  return values;
}
