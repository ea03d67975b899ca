import { pathToPointer } from '../ajv.js';
import type { ArmResource, JsonPath } from '../estate.js';
import { UserError } from '../errors.js';
import { equalsIgnoringCase, typeKey, typeOfId } from '../ids.js';
import { shown } from '../text/shown.js';

/**
 * An ARM resource type: a namespace and one or more type segments, all ASCII letters, digits and
 * dots (`Microsoft.ContainerService/managedClusters/agentPools`). A type with a space, a control
 * character or a letter from another script (a Cyrillic `а` that looks Latin) is no type ARM has:
 * no rule would ever apply to it.
 */
const ARM_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)+$/;

/** Spellings of one type that tools really write, beside the one its id names: Resource Graph's for resource groups. */
const SAME_TYPE = new Map([['microsoft.resources/subscriptions/resourcegroups', 'microsoft.resources/resourcegroups']]);

export interface ResolvedType {
  type: string;
  /** Set when the type given was not the type the resource is evaluated as: what aiscan did, and why. */
  warning?: string;
}

/**
 * The type a resource is evaluated as. The id decides: it is what ARM routes by, and what
 * findings, baselines, suppressions and scopes key on, so evaluating a resource as anything else
 * would let its `type` say one thing to the rules and its id another to everything else.
 *
 * - The `type` given equals the id's ignoring ASCII case (Azure's own comparison): it is used as
 *   given. Resource Graph's spelling of a resource group's type is read as ARM's, silently.
 * - It differs (a typo, a trailing space, a homoglyph, another type altogether): the resource is
 *   evaluated as the id's type, and a warning names it, both spellings and what was done.
 * - The id names no well-formed type: the resource is malformed (exit 2), unless it has a
 *   well-formed `type` of its own and an id that is no ARM id at all, when the `type` is used and
 *   a warning says so. Nothing is ever dropped, and nothing is kept under a type no rule can match.
 */
export function resolveResourceType(resource: ArmResource, file: string, path: JsonPath): ResolvedType {
  const at = (key: string) => `${file}: at ${pathToPointer([...path, key])}`;
  const given = resource.type;
  const fromId = typeOfId(resource.id);
  if (fromId.type !== undefined) {
    if (!ARM_TYPE.test(fromId.type)) {
      throw new UserError(`${at('id')}: the id ${shown(resource.id)} names the resource type ${shown(fromId.type)}, which is not an ARM resource type (ASCII letters, digits and dots: Namespace/type); correct the id`);
    }
    if (given === undefined || equalsIgnoringCase(given, fromId.type)) return { type: given ?? fromId.type };
    // Another tool's spelling of the same type: evaluated as the type rules name.
    if (SAME_TYPE.get(typeKey(given)) === typeKey(fromId.type)) return { type: fromId.type };
    return {
      type: fromId.type,
      warning: `${at('type')}: ${shown(resource.id)} says its type is ${shown(given)} but its id names ${fromId.type}; it is evaluated as ${fromId.type}, the type its id names`,
    };
  }
  if (given === undefined) {
    throw new UserError(`${at('type')}: the resource has no type and its id ${shown(resource.id)} does not name one (${fromId.problem}); give an ARM resource id`);
  }
  if (!ARM_TYPE.test(given)) {
    throw new UserError(`${at('type')}: ${shown(given)} is not an ARM resource type (ASCII letters, digits and dots: Namespace/type), and the id ${shown(resource.id)} names none (${fromId.problem}); correct the type or the id`);
  }
  return {
    type: given,
    warning: `${at('id')}: ${shown(resource.id)} is not an ARM resource id (${fromId.problem}); it is evaluated as its type ${given}`,
  };
}
