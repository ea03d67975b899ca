/**
 * The few value shapes Terraform and ARM write differently, named so the mapping data
 * (mappings/azurerm.json) can say which applies. Undefined means "this candidate gives nothing":
 * the next candidate is tried.
 */
export type ConverterName = 'present' | 'keys' | 'idObject' | 'idObjects' | 'criticalAddonsOnlyTaint' | 'elements';

export function convert(name: ConverterName, value: unknown): unknown {
  switch (name) {
    case 'present':
      // A block written (oms_agent { … }) is the feature turned on.
      return value !== undefined && value !== null;
    case 'keys':
      // identity_ids = [id, …] → userAssignedIdentities: { id: {} }
      return Array.isArray(value) ? Object.fromEntries(value.filter((id): id is string => typeof id === 'string').map((id) => [id, {}])) : undefined;
    case 'idObject':
      return typeof value === 'string' ? { id: value } : undefined;
    case 'idObjects':
      return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string').map((id) => ({ id })) : undefined;
    case 'criticalAddonsOnlyTaint':
      // What AKS sets on a system pool with only_critical_addons_enabled.
      return value === true ? ['CriticalAddonsOnly=true:NoSchedule'] : undefined;
    case 'elements':
      return value;
  }
}
