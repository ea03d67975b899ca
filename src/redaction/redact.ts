import type { ArmResource } from '../estate.js';
import { isMarker, redactText, redactUrlBeyondOrigin, type Tally } from './redact-text.js';
import { FIELDS, ITEM_FIELDS, marker, SECRET_NAME, SECRET_NAME_WHY, SECRET_SETTING_WHY, type FieldRule } from './secret-fields.js';

type Json = unknown;

/**
 * A resource with every value that may hold a secret replaced by a marker that says so (see
 * secret-fields.ts), and how many were. Keys, structure and everything else are kept as they
 * were; the resource given is never changed (objects are copied only where something is
 * redacted), so a resource shared by several subscriptions is redacted the same way each time.
 * Ids are never touched: facts join resources by them.
 */
export function redactResource(resource: ArmResource): { resource: ArmResource; redacted: number } {
  const tally: Tally = { count: 0 };
  const redacted = redactObject(resource as Record<string, Json>, undefined, tally) as ArmResource;
  return { resource: redacted, redacted: tally.count };
}

function redactValue(value: Json, field: string | undefined, tally: Tally): Json {
  if (typeof value === 'string') return field === 'id' ? value : redactText(value, tally);
  if (Array.isArray(value)) return redactArray(value, field, tally);
  if (typeof value === 'object' && value !== null) return redactObject(value as Record<string, Json>, undefined, tally);
  return value;
}

/** `field` is the array's own (lower-cased) name: the rules for its items' fields hang on it. */
function redactArray(array: Json[], field: string | undefined, tally: Tally): Json[] {
  let copy: Json[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const redacted =
      typeof item === 'object' && item !== null && !Array.isArray(item) ? redactObject(item as Record<string, Json>, field, tally) : redactValue(item, undefined, tally);
    if (redacted !== item) (copy ??= array.slice())[i] = redacted;
  }
  return copy ?? array;
}

/** `itemOf`: the (lower-cased) name of the array this object is an item of, if it is one. */
function redactObject(object: Record<string, Json>, itemOf: string | undefined, tally: Tally): Record<string, Json> {
  const itemRules = itemOf === undefined ? undefined : ITEM_FIELDS.get(itemOf);
  // A setting written as a name and a value (a container's env, an app setting): the name says what the value is.
  const secretSetting = itemOf !== undefined && typeof object.name === 'string' && judge(object.name).secretName;
  let copy: Record<string, Json> | undefined;
  // for…in, not Object.keys: no array per object. Parsed JSON has no inherited enumerable keys.
  for (const key in object) {
    const value = object[key];
    const { name, rule, secretName } = judge(key);
    const found =
      itemRules?.get(name) ?? rule ?? ((secretName || (secretSetting && name === 'value')) && typeof value === 'string' ? (secretName ? SECRET_NAME_RULE : SECRET_SETTING_RULE) : undefined);
    const redacted = found ? apply(found, value, tally) : redactValue(value, name, tally);
    if (redacted === value) continue;
    // defineProperty, not assignment: a key named "__proto__" stays an ordinary key.
    Object.defineProperty((copy ??= { ...object }), key, { value: redacted, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? object;
}

function apply(rule: FieldRule, value: Json, tally: Tally): Json {
  switch (rule.kind) {
    case 'whole':
      if (isEmpty(value) || (typeof value === 'string' && isMarker(value))) return value;
      tally.count++;
      return marker(rule.why);
    case 'eachValue': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return apply({ kind: 'whole', why: rule.why }, value, tally);
      let copy: Record<string, Json> | undefined;
      for (const [key, item] of Object.entries(value)) {
        const redacted = apply({ kind: 'whole', why: rule.why }, item, tally);
        if (redacted !== item) Object.defineProperty((copy ??= { ...value }), key, { value: redacted, enumerable: true, writable: true, configurable: true });
      }
      return copy ?? value;
    }
    case 'urlOrigin': {
      if (typeof value !== 'string') return redactValue(value, undefined, tally);
      const redacted = redactUrlBeyondOrigin(value, rule.why);
      if (redacted !== value) tally.count++;
      return redacted;
    }
  }
}

const isEmpty = (value: Json) =>
  value === null || value === undefined || value === '' || typeof value === 'boolean' || typeof value === 'number' ||
  (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);

const SECRET_NAME_RULE: FieldRule = { kind: 'whole', why: SECRET_NAME_WHY };
const SECRET_SETTING_RULE: FieldRule = { kind: 'whole', why: SECRET_SETTING_WHY };

interface Judgement {
  /** The name lower-cased: rules are keyed by it. */
  name: string;
  /** The rule for the field wherever it is, by its name. */
  rule: FieldRule | undefined;
  /** Whether a string under this name is a credential (adminPassword, clientSecret, …). */
  secretName: boolean;
}

/** Field names repeat across resources: each is judged once (up to a bound). */
const judgements = new Map<string, Judgement>();
const CACHE_LIMIT = 50_000;

function judge(key: string): Judgement {
  let judgement = judgements.get(key);
  if (judgement === undefined) {
    const name = key.toLowerCase();
    judgement = { name, rule: FIELDS.get(name), secretName: SECRET_NAME.test(name.replace(/[-_.]/g, '')) };
    if (judgements.size < CACHE_LIMIT) judgements.set(key, judgement);
  }
  return judgement;
}
