/**
 * The few value shapes Terraform and ARM write differently, named so the mapping data
 * (mappings/azurerm.json) can say which applies. Undefined means "this candidate gives nothing":
 * the next candidate is tried.
 */
import { mappingData } from './mapping-data.js';

export type ConverterName =
  | 'present'
  | 'keys'
  | 'id'
  | 'idObject'
  | 'idObjects'
  | 'criticalAddonsOnlyTaint'
  | 'elements'
  | 'enabledDisabled'
  | 'not'
  | 'string'
  | 'builtinRoleId';

/** Converters whose value names another resource: an unknown value is resolved through the plan's configuration references. */
export const REFERENCE_CONVERTERS: ReadonlySet<ConverterName> = new Set(['id', 'idObject', 'idObjects', 'keys']);

let roles: { exact: Record<string, string>; folded: Map<string, string> } | undefined;

function builtinRoles(): { exact: Record<string, string>; folded: Map<string, string> } {
  if (!roles) {
    const exact = mappingData<{ roles: Record<string, string> }>('builtin-roles.json').roles;
    // azurerm looks role names up with Azure's roleName filter, which ignores case.
    roles = { exact, folded: new Map(Object.entries(exact).map(([name, guid]) => [name.toLowerCase(), guid])) };
  }
  return roles;
}

export function convert(name: ConverterName, value: unknown): unknown {
  switch (name) {
    case 'present':
      // A block written (oms_agent { … }) is the feature turned on.
      return value !== undefined && value !== null;
    case 'keys':
      // identity_ids = [id, …] → userAssignedIdentities: { id: {} }
      return Array.isArray(value) ? Object.fromEntries(value.filter((id): id is string => typeof id === 'string').map((id) => [id, {}])) : undefined;
    case 'id':
      return typeof value === 'string' ? value : undefined;
    case 'idObject':
      return typeof value === 'string' ? { id: value } : undefined;
    case 'idObjects':
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string').map((id) => ({ id })) : undefined;
    case 'criticalAddonsOnlyTaint':
      // What AKS sets on a system pool with only_critical_addons_enabled.
      return value === true ? ['CriticalAddonsOnly=true:NoSchedule'] : undefined;
    case 'elements':
      return value;
    case 'enabledDisabled':
      // public_network_access_enabled = false → publicNetworkAccess: "Disabled"
      return typeof value === 'boolean' ? (value ? 'Enabled' : 'Disabled') : undefined;
    case 'not':
      // local_auth_enabled = false → disableLocalAuth: true
      return typeof value === 'boolean' ? !value : undefined;
    case 'string':
      // Autoscale capacities are numbers in Terraform and strings in ARM.
      return typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
    case 'builtinRoleId': {
      // A custom role's name is not in the table: the assignment's role stays unknown rather than guessed.
      if (typeof value !== 'string') return undefined;
      const guid = builtinRoles().exact[value] ?? builtinRoles().folded.get(value.toLowerCase());
      return guid === undefined ? undefined : `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    }
  }
}
